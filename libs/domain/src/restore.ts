// Force majeure (R24): a decision of the Council restores the credits of a lost component
// with a missed exam opportunity, once.
import type { AccountCommand } from './commands.js';
import type { Emitter } from './emitter.js';
import { isRejection, ownEnrolment } from './enrolment.js';
import { type Rejection, breaksRule, invalid } from './rejection.js';
import type { AccountState } from './state.js';
import { isCalendarDate } from './values.js';

type Restore = Extract<AccountCommand, { type: 'RestoreCredits' }>;

export function validateRestore(s: AccountState, c: Restore): Rejection | undefined {
  if (!isCalendarDate(c.decision.decidedOn)) return invalid('payload.decision.decidedOn', 'must be a calendar date YYYY-MM-DD');
  const e = ownEnrolment(s, c.enrolmentId, undefined);
  if (isRejection(e)) return e;
  const comp = e.components[c.componentId];
  if (!comp) return breaksRule('R24', `component ${c.componentId} was never enrolled in ${c.enrolmentId}`);
  if (comp.restored > 0) return breaksRule('R24', `component ${c.componentId} was already restored`);
  if (!comp.missedExam) return breaksRule('R24', `no exam opportunity of ${c.componentId} was missed`);
  if (comp.lost <= 0) return breaksRule('R24', `component ${c.componentId} lost no credits`);
  return undefined;
}

export function applyRestore(b: Emitter, c: Omit<Restore, 'type'>): void {
  const comp = b.state.enrolments[c.enrolmentId]?.components[c.componentId];
  if (!comp || comp.restored > 0 || !comp.missedExam || comp.lost <= 0) return;
  b.move('CreditsRestored', {
    enrolmentId: c.enrolmentId,
    componentId: c.componentId,
    credits: comp.lost,
    decision: c.decision,
    rule: 'R24',
    occurredOn: c.decision.decidedOn,
  });
}
