// The account view of the HTTP contract (section 4) and the coverage answer (R26-R28).
import { type NationalPolicy, maxRaisedFeePerCredit } from './policy.js';
import { type AccountState, bonusRemaining, pendingCredits } from './state.js';
import { OPENING_BALANCE, type ProgrammeKind, SIXTY } from './values.js';

export interface AccountView {
  readonly studentId: string;
  readonly balance: number;
  readonly pendingCredits: number;
  readonly bonusRemaining: number;
  readonly bonusRight: AccountState['bonusRight'];
  readonly firstMasterDeducted: boolean;
  readonly rebuild: { readonly case: string; readonly startedIn: string; readonly active: boolean } | null;
  readonly status: 'sufficient' | 'low' | 'zero' | 'negative';
  readonly revision: number;
  readonly asOf: string | null;
}

export const balanceStatus = (balance: number): AccountView['status'] =>
  balance >= SIXTY ? 'sufficient' : balance > 0 ? 'low' : balance === 0 ? 'zero' : 'negative';

export function toView(studentId: string, s: AccountState, asOf: string | null = null): AccountView {
  return {
    studentId,
    balance: s.balance,
    pendingCredits: pendingCredits(s),
    bonusRemaining: bonusRemaining(s),
    bonusRight: s.bonusRight,
    firstMasterDeducted: s.firstMasterDeducted,
    rebuild: s.rebuild && { case: s.rebuild.case, startedIn: s.rebuild.startedIn, active: s.rebuild.active },
    status: balanceStatus(s.balance),
    revision: s.revision,
    asOf,
  };
}

export interface Coverage {
  readonly covered: boolean;
  readonly uncoveredCredits: number;
  readonly mayRefuse: boolean;
  readonly maxRaisedFee: number;
}

const MASTER_KINDS: readonly ProgrammeKind[] = ['master', 'educational-master'];

/**
 * R26-R28 for a planned enrolment of `credits`. `state` null = no account yet: answered as
 * a balance of 140.
 */
export function coverage(
  state: AccountState | null,
  q: { credits: number; programmeKind: ProgrammeKind; followOn: boolean; academicYear: string },
  national: NationalPolicy,
): Coverage {
  const balance = state?.opened ? state.balance : OPENING_BALANCE;
  const covered = balance >= q.credits;
  const uncoveredCredits = covered ? 0 : q.credits - Math.max(balance, 0);
  const followOnMaster = q.followOn && MASTER_KINDS.includes(q.programmeKind) && !(state?.holdsMaster ?? false);
  return {
    covered,
    uncoveredCredits,
    mayRefuse: !covered && !followOnMaster,
    // R27: a fee in euro, exact to the cent (an indexed rate such as 11.4 must not leak float
    // drift such as 456.00000000000006 into the answer).
    maxRaisedFee: Math.round(uncoveredCredits * maxRaisedFeePerCredit(national, q.academicYear) * 100) / 100,
  };
}
