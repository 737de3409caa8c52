// Domain events of one student stream (contract section 3). Every event carries the
// business date it happened on (`occurredOn`, used by `asOf`, R29). Every event that moves
// the balance carries `credits` (signed effect), `balanceAfter` and the `rule` it applies.
// Events carry the student pseudonym only through their stream, never a name (R30).
import type { WithdrawalPolicy } from './policy.js';
import type { AccountState, EnrolmentFacts } from './state.js';
import type { ComponentInput, DegreeKind, Outcome, Programme } from './values.js';

interface Dated {
  readonly occurredOn: string;
}
interface Movement extends Dated {
  readonly credits: number;
  readonly balanceAfter: number;
  readonly rule: string;
}
interface OnComponent {
  readonly enrolmentId: string;
  readonly componentId: string;
}

export type RebuildCase = 'after-master' | 'after-stop' | 'graduaat-top-up';
export type ReturnReason = 'passed' | 'withdrawal' | 'reorientation' | 'correction';
export type ForfeitReason = 'failed' | 'tolerated' | 'absent' | 'withdrawal' | 'year-closed' | 'correction';

export type AccountEvent =
  | { readonly type: 'AccountOpened'; readonly data: Dated & { readonly academicYear: string; readonly openingBalance: number; readonly balanceAfter: number; readonly rule: 'R1' } }
  | {
      readonly type: 'EnrolmentRegistered';
      readonly data: Dated & EnrolmentFacts & { readonly components: readonly ComponentInput[]; readonly rule: 'R3' | 'R4' };
    }
  | { readonly type: 'ComponentsAdded'; readonly data: Dated & { readonly enrolmentId: string; readonly changedOn: string; readonly components: readonly ComponentInput[] } }
  | { readonly type: 'CreditsReserved'; readonly data: Movement & OnComponent }
  | { readonly type: 'ReservationTakenOver'; readonly data: Movement & OnComponent & { readonly fromEnrolmentId: string; readonly amount: number } }
  | { readonly type: 'CreditsReturned'; readonly data: Movement & Partial<OnComponent> & { readonly reason: ReturnReason } }
  | { readonly type: 'BonusApplied'; readonly data: Movement & Partial<OnComponent> }
  | { readonly type: 'BonusConsumed'; readonly data: Dated & OnComponent & { readonly amount: number; readonly rule: 'R12' } }
  | { readonly type: 'CreditsForfeited'; readonly data: Movement & Partial<OnComponent> & { readonly reason: ForfeitReason; readonly lost: number } }
  | {
      readonly type: 'ResultRecorded';
      readonly data: Dated & OnComponent & { readonly outcome: Outcome; readonly session: 1 | 2; readonly final: boolean; readonly recordedOn: string };
    }
  | {
      readonly type: 'ComponentsWithdrawn';
      readonly data: Dated & { readonly enrolmentId: string; readonly componentIds: readonly string[]; readonly withdrawnOn: string; readonly policy: WithdrawalPolicy };
    }
  | { readonly type: 'EnrolmentWithdrawn'; readonly data: Dated & { readonly enrolmentId: string; readonly withdrawnOn: string; readonly policy: WithdrawalPolicy } }
  | {
      readonly type: 'ReorientationRecognised';
      readonly data: Dated & {
        readonly oldEnrolmentId: string;
        readonly newEnrolmentId: string;
        readonly decisiveDate: string;
        readonly percentage: 0 | 50 | 100;
        readonly refund: number;
        readonly rule: 'R15';
      };
    }
  /**
   * R23/R25: the yearly opening reached this account (recorded once per account and year, even
   * when it books nothing), so that a correction can replay the openings the account saw.
   */
  | { readonly type: 'AcademicYearOpened'; readonly data: Dated & { readonly academicYear: string; readonly openedOn: string; readonly rule: 'R23' } }
  | { readonly type: 'AcademicYearClosed'; readonly data: Dated & { readonly institutionId: string; readonly academicYear: string; readonly closedOn: string } }
  | {
      readonly type: 'DegreeAwarded';
      readonly data: Dated & { readonly institutionId: string; readonly kind: DegreeKind; readonly programme: Programme; readonly awardedOn: string; readonly academicYear: string };
    }
  | { readonly type: 'MasterDeduction'; readonly data: Movement & { readonly academicYear: string } }
  | { readonly type: 'RebuildScheduled'; readonly data: Dated & { readonly case: RebuildCase; readonly startsIn: string; readonly rule: string } }
  | { readonly type: 'CreditsReplenished'; readonly data: Movement & { readonly case: RebuildCase; readonly academicYear: string; readonly openedOn?: string } }
  | { readonly type: 'RebuildEnded'; readonly data: Dated & { readonly case: RebuildCase; readonly reason: 'reached-60' | 're-enrolment'; readonly academicYear: string; readonly rule: string } }
  | { readonly type: 'BonusRightLapsed'; readonly data: Dated & { readonly bonusLapsed: number; readonly rule: 'R13' } }
  | { readonly type: 'CreditsRestored'; readonly data: Movement & OnComponent & { readonly decision: { readonly reference: string; readonly decidedOn: string } } }
  | {
      readonly type: 'CorrectionApplied';
      readonly data: Dated &
        OnComponent & {
          readonly previousOutcome: Outcome | null;
          readonly outcome: Outcome;
          readonly correctedOn: string;
          readonly reason: string;
          readonly rule: 'R25';
          /** Balance change the correction causes (booked by the movement events that follow). */
          readonly effect: number;
          /** The account as the corrected history makes it, balance aside (set by the movements). */
          readonly stateAfter: Omit<AccountState, 'balance' | 'revision'>;
        };
    };

export type AccountEventType = AccountEvent['type'];
export type EventOf<T extends AccountEventType> = Extract<AccountEvent, { type: T }>;
