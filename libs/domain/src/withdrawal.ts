// Withdrawal and dropped components: the institution rule (R14, R16); a withdrawn
// enrolment may also complete a re-orientation (R15).
import type { AccountCommand } from './commands.js';
import type { DecideContext } from './context.js';
import type { Emitter } from './emitter.js';
import { isRejection, ownEnrolment } from './enrolment.js';
import type { WithdrawalPolicy } from './policy.js';
import { type Rejection, breaksRule, invalid } from './rejection.js';
import { recogniseReorientations } from './reorientation.js';
import type { AccountState, ComponentState, EnrolmentState } from './state.js';
import { isInsideAcademicYear, resolveMonthDay } from './values.js';

type WithdrawComponents = Extract<AccountCommand, { type: 'WithdrawComponents' }>;
type WithdrawEnrolment = Extract<AccountCommand, { type: 'WithdrawEnrolment' }>;

function activeEnrolment(s: AccountState, enrolmentId: string, institutionId: string, withdrawnOn: string): EnrolmentState | Rejection {
  const e = ownEnrolment(s, enrolmentId, institutionId);
  if (isRejection(e)) return e;
  if (e.status !== 'active') return breaksRule('R14', `enrolment ${enrolmentId} is already ${e.status}`);
  if (!isInsideAcademicYear(withdrawnOn, e.academicYear)) return invalid('payload.withdrawnOn', `must fall inside academic year ${e.academicYear}`);
  return e;
}

export function validateWithdrawComponents(s: AccountState, c: WithdrawComponents): Rejection | undefined {
  const e = activeEnrolment(s, c.enrolmentId, c.institutionId, c.withdrawnOn);
  if (isRejection(e)) return e;
  if (new Set(c.componentIds).size !== c.componentIds.length) return invalid('payload.componentIds', 'a component is named twice');
  for (const id of c.componentIds) {
    const comp = e.components[id];
    if (!comp) return breaksRule('R14', `component ${id} was never enrolled in ${c.enrolmentId}`);
    if (comp.dropped) return breaksRule('R14', `component ${id} was already withdrawn`);
    if (comp.final) return breaksRule('R14', `component ${id} has a final result`);
  }
  return undefined;
}

export function validateWithdrawEnrolment(s: AccountState, c: WithdrawEnrolment): Rejection | undefined {
  const e = activeEnrolment(s, c.enrolmentId, c.institutionId, c.withdrawnOn);
  return isRejection(e) ? e : undefined;
}

/** R14: is a component dropped on `on` refunded in full under `policy`? */
export function refundedInFull(e: EnrolmentState, c: ComponentState, on: string, policy: WithdrawalPolicy): boolean {
  if (e.contract !== 'diploma' || c.results.length > 0) return false; // credit contract: never; examined: never
  if (policy.fullRefundUntil !== null && on <= resolveMonthDay(e.academicYear, policy.fullRefundUntil)) return true;
  return c.term === 'S2' && policy.secondTermRefundUntil !== null && on <= resolveMonthDay(e.academicYear, policy.secondTermRefundUntil);
}

function settle(b: Emitter, e: EnrolmentState, c: ComponentState, on: string, policy: WithdrawalPolicy): void {
  if (c.reserved <= 0) return; // exempted, non-counting, or already settled
  const base = { enrolmentId: e.enrolmentId, componentId: c.componentId, rule: 'R14', occurredOn: on } as const;
  if (refundedInFull(e, c, on, policy)) b.move('CreditsReturned', { ...base, credits: c.reserved, reason: 'withdrawal' });
  else b.move('CreditsForfeited', { ...base, credits: 0, lost: c.reserved, reason: 'withdrawal' });
}

export function applyWithdrawComponents(b: Emitter, c: Pick<WithdrawComponents, 'enrolmentId' | 'withdrawnOn' | 'componentIds'>, policy: WithdrawalPolicy): void {
  const e = b.state.enrolments[c.enrolmentId];
  const comps = c.componentIds.map((id) => e.components[id]).filter((x) => x && !x.dropped && !x.final);
  if (comps.length === 0) return;
  b.emit({
    type: 'ComponentsWithdrawn',
    data: { enrolmentId: c.enrolmentId, componentIds: comps.map((x) => x.componentId), withdrawnOn: c.withdrawnOn, policy, occurredOn: c.withdrawnOn },
  });
  for (const comp of comps) settle(b, e, comp, c.withdrawnOn, policy);
}

export function applyWithdrawEnrolment(
  b: Emitter,
  c: Pick<WithdrawEnrolment, 'enrolmentId' | 'withdrawnOn'>,
  policy: WithdrawalPolicy,
  ctx: DecideContext,
): void {
  const e = b.state.enrolments[c.enrolmentId];
  if (!e || e.status !== 'active') return;
  b.emit({ type: 'EnrolmentWithdrawn', data: { enrolmentId: c.enrolmentId, withdrawnOn: c.withdrawnOn, policy, occurredOn: c.withdrawnOn } });
  // Components with a final result stay as they are (contract section 4).
  for (const comp of Object.values(e.components)) if (comp.leftWithEnrolment) settle(b, e, comp, c.withdrawnOn, policy);
  recogniseReorientations(b, c.enrolmentId, ctx);
}
