// Degrees: a bachelor changes nothing (R17); the first initial master deducts 140 (R18)
// and, below 60, schedules the rebuild for the following years (R20); a graduaat diploma
// arms the one top-up check (R22, in evolve).
import type { AccountCommand } from './commands.js';
import type { Emitter } from './emitter.js';
import { type Rejection, invalid } from './rejection.js';
import { MASTER_DEDUCTION, SIXTY, isCalendarDate, shiftYear } from './values.js';

type AwardDegree = Extract<AccountCommand, { type: 'AwardDegree' }>;

export function validateDegree(c: AwardDegree): Rejection | undefined {
  if (!isCalendarDate(c.awardedOn)) return invalid('payload.awardedOn', 'must be a calendar date YYYY-MM-DD');
  return undefined;
}

export function applyDegree(b: Emitter, c: Omit<AwardDegree, 'type'>): void {
  const first = c.kind === 'master' && !b.state.firstMasterDeducted && b.state.opened;
  b.emit({
    type: 'DegreeAwarded',
    data: { institutionId: c.institutionId, kind: c.kind, programme: c.programme, awardedOn: c.awardedOn, academicYear: c.academicYear, occurredOn: c.awardedOn },
  });
  if (!first) return; // later masters, master-after-master and foreign degrees deduct nothing
  b.move('MasterDeduction', { credits: -MASTER_DEDUCTION, academicYear: c.academicYear, rule: 'R18', occurredOn: c.awardedOn });
  if (b.state.balance < SIXTY && b.state.rebuild === null) {
    b.emit({ type: 'RebuildScheduled', data: { case: 'after-master', startsIn: shiftYear(c.academicYear, 1), rule: 'R20', occurredOn: c.awardedOn } });
  }
}
