// Results and the end of the year: passed returns (R9), lost credits (R10), the first 60
// earned under a diploma contract doubled (R12).
import type { AccountCommand } from './commands.js';
import type { DecideContext } from './context.js';
import type { Emitter } from './emitter.js';
import { isRejection, ownEnrolment } from './enrolment.js';
import { type Rejection, breaksRule, invalid, notFound } from './rejection.js';
import type { AccountState, ComponentState, EnrolmentState } from './state.js';
import { SIXTY, isInsideAcademicYear } from './values.js';

type RecordResult = Extract<AccountCommand, { type: 'RecordResult' }>;
type CloseYear = Extract<AccountCommand, { type: 'CloseAcademicYear' }>;

/** Why a component cannot take a result now, if it cannot (R8, R25). */
export function refuseResult(e: EnrolmentState, c: ComponentState | undefined, componentId: string): Rejection | undefined {
  if (!c) return breaksRule('R9', `component ${componentId} was never enrolled in ${e.enrolmentId}`);
  if (c.exempted) return breaksRule('R8', `component ${componentId} is exempted and takes no result`);
  if (c.dropped || c.leftWithEnrolment) return breaksRule('R14', `component ${componentId} was withdrawn`);
  if (c.final) return breaksRule('R25', `component ${componentId} already has a final result: send CorrectResult`);
  if (c.closedOpen) return breaksRule('R10', `the academic year of ${e.enrolmentId} is closed: send CorrectResult`);
  return undefined;
}

export function validateResult(s: AccountState, c: RecordResult): Rejection | undefined {
  const e = ownEnrolment(s, c.enrolmentId, c.institutionId);
  if (isRejection(e)) return e;
  if (!isInsideAcademicYear(c.recordedOn, e.academicYear)) return invalid('payload.recordedOn', `must fall inside academic year ${e.academicYear}`);
  return refuseResult(e, e.components[c.componentId], c.componentId);
}

export function applyResult(b: Emitter, c: Pick<RecordResult, 'enrolmentId' | 'componentId' | 'outcome' | 'session' | 'final' | 'recordedOn'>, ctx: DecideContext): void {
  const e = b.state.enrolments[c.enrolmentId];
  const comp = e?.components[c.componentId];
  if (!e || refuseResult(e, comp, c.componentId)) return;
  b.emit({
    type: 'ResultRecorded',
    data: { enrolmentId: c.enrolmentId, componentId: c.componentId, outcome: c.outcome, session: c.session, final: c.final, recordedOn: c.recordedOn, occurredOn: c.recordedOn },
  });
  const reserved = comp!.reserved;
  if (reserved <= 0) return; // exam contract, non-counting enrolment (R3, R4)
  const base = { enrolmentId: c.enrolmentId, componentId: c.componentId, occurredOn: c.recordedOn } as const;
  if (c.outcome === 'passed') {
    b.move('CreditsReturned', { ...base, credits: reserved, reason: 'passed', rule: 'R9' });
    applyBonus(b, e, c.componentId, reserved, c.recordedOn, ctx);
  } else if (c.final || c.outcome === 'tolerated') {
    b.move('CreditsForfeited', { ...base, credits: 0, lost: reserved, reason: c.outcome, rule: 'R10' });
  }
  // A first-session fail that is not final keeps the reservation (R10).
}

/** R12: earned credits under a diploma contract add as many bonus credits, until 60 were given. */
function applyBonus(b: Emitter, e: EnrolmentState, componentId: string, earned: number, on: string, ctx: DecideContext): void {
  const s = b.state;
  if (s.bonusRight !== 'available') return;
  const amount = Math.min(earned, SIXTY - s.bonusGiven);
  if (amount <= 0) return;
  if (e.contract === 'diploma') {
    b.move('BonusApplied', { enrolmentId: e.enrolmentId, componentId, credits: amount, rule: 'R12', occurredOn: on });
  } else if (e.contract === 'credit' && ctx.national.bonusCreditContractConsumes) {
    b.emit({ type: 'BonusConsumed', data: { enrolmentId: e.enrolmentId, componentId, amount, rule: 'R12', occurredOn: on } });
  }
}

export function validateClose(s: AccountState, c: CloseYear): Rejection | undefined {
  if (!isInsideAcademicYear(c.closedOn, c.academicYear)) return invalid('payload.closedOn', `must fall inside academic year ${c.academicYear}`);
  const mine = Object.values(s.enrolments).some((e) => e.institutionId === c.institutionId && e.academicYear === c.academicYear);
  if (!mine) return notFound(`no enrolment of ${c.institutionId} in ${c.academicYear}`);
  return undefined;
}

/** R10: closing the year loses whatever is still open in this institution's enrolments of that year. */
export function applyClose(b: Emitter, c: Pick<CloseYear, 'institutionId' | 'academicYear' | 'closedOn'>): void {
  const open = Object.values(b.state.enrolments)
    .filter((e) => e.institutionId === c.institutionId && e.academicYear === c.academicYear && e.status === 'active')
    .flatMap((e) => Object.values(e.components).filter((x) => !x.final && !x.dropped).map((x) => ({ e, x })));
  b.emit({ type: 'AcademicYearClosed', data: { institutionId: c.institutionId, academicYear: c.academicYear, closedOn: c.closedOn, occurredOn: c.closedOn } });
  for (const { e, x } of open) {
    if (x.reserved <= 0) continue;
    b.move('CreditsForfeited', {
      enrolmentId: e.enrolmentId,
      componentId: x.componentId,
      credits: 0,
      lost: x.reserved,
      reason: 'year-closed',
      rule: 'R10',
      occurredOn: c.closedOn,
    });
  }
}
