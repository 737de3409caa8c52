// Commands of one student account (contract section 2), as the domain sees them: already
// validated field by field, with the acting institution taken from the caller's identity.
// Time comes in with the command (its business date); the domain never reads a clock.
import type { ComponentInput, Contract, DegreeKind, Outcome, Programme } from './values.js';

export type AccountCommand =
  | {
      readonly type: 'RegisterEnrolment';
      readonly institutionId: string;
      readonly enrolmentId: string;
      readonly academicYear: string;
      readonly programme: Programme;
      readonly contract: Contract;
      readonly enrolledOn: string;
      readonly components: readonly ComponentInput[];
    }
  | {
      readonly type: 'AddComponents';
      readonly institutionId: string;
      readonly enrolmentId: string;
      readonly changedOn: string;
      readonly components: readonly ComponentInput[];
    }
  | {
      readonly type: 'WithdrawComponents';
      readonly institutionId: string;
      readonly enrolmentId: string;
      readonly withdrawnOn: string;
      readonly componentIds: readonly string[];
    }
  | { readonly type: 'WithdrawEnrolment'; readonly institutionId: string; readonly enrolmentId: string; readonly withdrawnOn: string }
  | {
      readonly type: 'RecordResult';
      readonly institutionId: string;
      readonly enrolmentId: string;
      readonly componentId: string;
      readonly outcome: Outcome;
      readonly session: 1 | 2;
      readonly final: boolean;
      readonly recordedOn: string;
    }
  | { readonly type: 'CloseAcademicYear'; readonly institutionId: string; readonly academicYear: string; readonly closedOn: string }
  | {
      readonly type: 'AwardDegree';
      readonly institutionId: string;
      readonly kind: DegreeKind;
      readonly programme: Programme;
      readonly awardedOn: string;
      readonly academicYear: string;
    }
  | {
      readonly type: 'CorrectResult';
      readonly institutionId: string;
      readonly enrolmentId: string;
      readonly componentId: string;
      readonly outcome: Outcome;
      readonly correctedOn: string;
      readonly reason: string;
    }
  | {
      readonly type: 'RestoreCredits';
      readonly enrolmentId: string;
      readonly componentId: string;
      readonly decision: { readonly reference: string; readonly decidedOn: string };
    }
  /** One account's share of OpenAcademicYear (R23): the application fans it out. */
  | { readonly type: 'OpenAcademicYearForAccount'; readonly academicYear: string; readonly openedOn: string };

export type AccountCommandType = AccountCommand['type'];
