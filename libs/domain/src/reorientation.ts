// R15 re-orientation of a first-time student, recognised from two facts (a withdrawal from a
// diploma enrolment, an enrolment in another programme in the same year), whichever
// arrives second. Refund per unexamined component: the larger of what R14 gave and the
// national fallback, never twice for the same credit.
import type { DecideContext } from './context.js';
import type { Emitter } from './emitter.js';
import type { AccountState, EnrolmentState } from './state.js';
import { firstYearOf, maxDate, resolveMonthDay } from './values.js';

/** The enrolment that pairs with `old`: the first one in another programme registered after it in the same year. */
export function reorientationPartner(s: AccountState, old: EnrolmentState): EnrolmentState | undefined {
  const after = s.enrolmentOrder.slice(s.enrolmentOrder.indexOf(old.enrolmentId) + 1);
  for (const id of after) {
    const e = s.enrolments[id];
    if (e.academicYear === old.academicYear && e.programme.code !== old.programme.code) return e;
  }
  return undefined;
}

export function reorientationPercentage(academicYear: string, decisiveDate: string, halfWindowEndsInclusive: string): 0 | 50 | 100 {
  if (decisiveDate < `${firstYearOf(academicYear)}-12-01`) return 100;
  if (decisiveDate <= resolveMonthDay(academicYear, halfWindowEndsInclusive)) return 50;
  return 0;
}

/** Recognises every pair `enrolmentId` completes (as the old or as the new enrolment). */
export function recogniseReorientations(b: Emitter, enrolmentId: string, ctx: DecideContext): void {
  const s = b.state;
  const e = s.enrolments[enrolmentId];
  const candidates = e.status === 'withdrawn' ? [e] : s.enrolmentOrder.map((id) => s.enrolments[id]).filter((o) => o.status === 'withdrawn');
  for (const old of candidates) {
    const partner = reorientationPartner(s, old);
    if (!partner || (e.status !== 'withdrawn' && partner !== e)) continue;
    recognise(b, old, partner, ctx);
  }
}

function recognise(b: Emitter, old: EnrolmentState, partner: EnrolmentState, ctx: DecideContext): void {
  const s = b.state;
  if (old.reorientedTo !== null || old.contract !== 'diploma' || old.withdrawnOn === null) return;
  if (s.openedIn !== old.academicYear) return; // not a first-time student
  const decisiveDate = maxDate(old.withdrawnOn, partner.enrolledOn);
  const percentage = reorientationPercentage(old.academicYear, decisiveDate, ctx.national.reorientationHalfWindowEndsInclusive);
  const refunds: { componentId: string; credits: number }[] = [];
  if (old.counts) {
    for (const c of Object.values(old.components)) {
      if (!c.leftWithEnrolment || c.exempted || c.results.length > 0) continue;
      const fallback = (c.credits * percentage) / 100;
      const extra = Math.min(Math.max(0, fallback - c.refunded), c.lost);
      if (extra > 0) refunds.push({ componentId: c.componentId, credits: extra });
    }
  }
  const refund = refunds.reduce((sum, r) => sum + r.credits, 0);
  b.emit({
    type: 'ReorientationRecognised',
    data: { oldEnrolmentId: old.enrolmentId, newEnrolmentId: partner.enrolmentId, decisiveDate, percentage, refund, rule: 'R15', occurredOn: decisiveDate },
  });
  for (const r of refunds) {
    b.move('CreditsReturned', { enrolmentId: old.enrolmentId, componentId: r.componentId, credits: r.credits, reason: 'reorientation', rule: 'R15', occurredOn: decisiveDate });
  }
}
