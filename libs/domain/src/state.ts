// The state of one account, folded from its events. Plain JSON (records, arrays) so a
// projection can store it and a correction can carry it.
import type { RebuildCase } from './events.js';
import type { Contract, Outcome, Programme, Term } from './values.js';

export interface ResultState {
  readonly outcome: Outcome;
  readonly session: 1 | 2;
  readonly final: boolean;
}

export interface ComponentState {
  readonly componentId: string;
  readonly credits: number;
  readonly term: Term;
  readonly exempted: boolean;
  /** Credits of this component currently reserved (pending, R7). */
  reserved: number;
  /** Credits returned because the component was passed (R9). */
  returned: number;
  /** Credits refunded on withdrawal or re-orientation (R14, R15). */
  refunded: number;
  /** Credits lost for good (R10, R14), less what a re-orientation or restoration gave back. */
  lost: number;
  restored: number;
  bonus: number;
  results: ResultState[];
  /** A final result exists (passed, tolerated, final fail, or a correction, R25). */
  final: boolean;
  /** At least one exam opportunity was missed (`absent`, R24). */
  missedExam: boolean;
  /** Dropped with WithdrawComponents (settled by R14, outside any later re-orientation). */
  dropped: boolean;
  /** Still enrolled when its enrolment was withdrawn (the components R15 concerns). */
  leftWithEnrolment: boolean;
  /** Open when the institution closed the year (R10). */
  closedOpen: boolean;
}

/** What an enrolment is, as registered (EnrolmentRegistered carries the same). */
export interface EnrolmentFacts {
  readonly enrolmentId: string;
  readonly institutionId: string;
  readonly academicYear: string;
  readonly programme: Programme;
  readonly contract: Contract;
  readonly enrolledOn: string;
  /** Whether the enrolment moves credits (R3, R4). */
  readonly counts: boolean;
}

export interface EnrolmentState extends EnrolmentFacts {
  status: 'active' | 'withdrawn' | 'closed';
  withdrawnOn: string | null;
  components: Record<string, ComponentState>;
  /** Set on the old enrolment once a re-orientation pair is recognised (R15). */
  reorientedTo: string | null;
}

export interface RebuildState {
  case: RebuildCase;
  /** Academic year of the first booking (or, after the master, the year it will start). */
  startedIn: string;
  active: boolean;
  /** Years in which a rebuild was booked: one booking per account and year (R23). */
  booked: string[];
}

export interface AccountState {
  opened: boolean;
  openedIn: string | null;
  balance: number;
  bonusGiven: number;
  bonusRight: 'available' | 'used' | 'lapsed';
  firstMasterDeducted: boolean;
  holdsBachelor: boolean;
  holdsMaster: boolean;
  /** A graduaat diploma awaits its one check at the next counting enrolment (R22). */
  graduaatPending: boolean;
  /** Set once a rebuild case applies: at most one per lifetime (R19). */
  rebuild: RebuildState | null;
  enrolments: Record<string, EnrolmentState>;
  /** Enrolment ids in registration order. */
  enrolmentOrder: string[];
  /** Academic years with an enrolment of any kind (R21). */
  yearsEnrolled: string[];
  /** Academic years whose opening reached this account (R23: once per account and year). */
  yearsOpened: string[];
  /** Revision of the last event folded (-1: no stream). */
  revision: number;
}

export const initialState = (): AccountState => ({
  opened: false,
  openedIn: null,
  balance: 0,
  bonusGiven: 0,
  bonusRight: 'available',
  firstMasterDeducted: false,
  holdsBachelor: false,
  holdsMaster: false,
  graduaatPending: false,
  rebuild: null,
  enrolments: {},
  enrolmentOrder: [],
  yearsEnrolled: [],
  yearsOpened: [],
  revision: -1,
});

/** A deep copy. Written out by hand: structuredClone is several times slower on these small objects. */
export function cloneState(s: AccountState): AccountState {
  const enrolments: Record<string, EnrolmentState> = {};
  for (const [id, e] of Object.entries(s.enrolments)) {
    const components: Record<string, ComponentState> = {};
    for (const [cid, c] of Object.entries(e.components)) components[cid] = { ...c, results: c.results.map((r) => ({ ...r })) };
    enrolments[id] = { ...e, programme: { ...e.programme }, components };
  }
  return {
    ...s,
    rebuild: s.rebuild && { ...s.rebuild, booked: [...s.rebuild.booked] },
    enrolments,
    enrolmentOrder: [...s.enrolmentOrder],
    yearsEnrolled: [...s.yearsEnrolled],
    yearsOpened: [...s.yearsOpened],
  };
}

export const componentsOf = (s: AccountState): ComponentState[] =>
  Object.values(s.enrolments).flatMap((e) => Object.values(e.components));

export const pendingCredits = (s: AccountState): number => componentsOf(s).reduce((sum, c) => sum + c.reserved, 0);
export const lostCredits = (s: AccountState): number => componentsOf(s).reduce((sum, c) => sum + c.lost, 0);

export const bonusRemaining = (s: AccountState): number => (s.bonusRight === 'available' ? 60 - s.bonusGiven : 0);
