// Automatic rebuild, once per lifetime and never above 60 (R19): after the first master
// (R20), after stopping (R21), the graduaat top-up (R22); booked per account and year by
// the yearly opening (R23); the first rebuild credit ends the bonus right (R13).
import type { AccountCommand } from './commands.js';
import type { DecideContext } from './context.js';
import type { Emitter } from './emitter.js';
import type { RebuildCase } from './events.js';
import type { AccountState } from './state.js';
import { REBUILD_STEP, SIXTY, firstYearOf, shiftYear } from './values.js';

type OpenYear = Extract<AccountCommand, { type: 'OpenAcademicYearForAccount' }>;

/** Books `credits` of rebuild and, at the first booking, lapses the bonus right (R13). */
export function grantRebuild(b: Emitter, rebuildCase: RebuildCase, rule: string, academicYear: string, credits: number, on: string): void {
  b.move('CreditsReplenished', { case: rebuildCase, academicYear, credits, rule, occurredOn: on, ...(rebuildCase === 'graduaat-top-up' ? {} : { openedOn: on }) });
  if (b.state.bonusRight === 'available') {
    b.emit({ type: 'BonusRightLapsed', data: { bonusLapsed: SIXTY - b.state.bonusGiven, rule: 'R13', occurredOn: on } });
  }
}

/** R21: at the opening of `year`, an account that stopped (enrolled before, not in the year before) qualifies. */
export function qualifiesAfterStop(s: AccountState, year: string): boolean {
  const previous = shiftYear(year, -1);
  return (
    !s.holdsMaster &&
    s.balance < SIXTY &&
    !s.yearsEnrolled.includes(previous) &&
    s.yearsEnrolled.some((y) => firstYearOf(y) < firstYearOf(previous))
  );
}

export function applyOpenYear(b: Emitter, c: Pick<OpenYear, 'academicYear' | 'openedOn'>, ctx: DecideContext): void {
  const s = b.state;
  const year = c.academicYear;
  if (!s.opened) return;
  // R23: at most one rebuild booking per account and year, however often the year is opened;
  // a later opening of the same year may still book if the account became eligible since
  // (a master degree recorded late). Every opening that reaches the account is recorded,
  // even when it books nothing, so that a correction (R25) replays it.
  b.emit({ type: 'AcademicYearOpened', data: { academicYear: year, openedOn: c.openedOn, rule: 'R23', occurredOn: c.openedOn } });
  const r = s.rebuild;
  if (r === null) {
    if (qualifiesAfterStop(s, year)) grantRebuild(b, 'after-stop', 'R21', year, Math.min(REBUILD_STEP, SIXTY - s.balance), c.openedOn);
    return;
  }
  if (!r.active || r.case === 'graduaat-top-up' || r.booked.includes(year)) return; // R23: once per account and year
  if (firstYearOf(year) < firstYearOf(r.startedIn)) return; // R20 starts the year after the degree
  const rule = r.case === 'after-master' ? 'R20' : 'R21';
  const reEnrolled = r.booked.length > 0 && s.yearsEnrolled.some((y) => firstYearOf(y) >= firstYearOf(r.startedIn));
  if (r.case === 'after-stop' && ctx.national.rebuildStopsOnReenrolment && reEnrolled) {
    b.emit({ type: 'RebuildEnded', data: { case: r.case, reason: 're-enrolment', academicYear: year, rule, occurredOn: c.openedOn } });
    return;
  }
  if (s.balance >= SIXTY) {
    b.emit({ type: 'RebuildEnded', data: { case: r.case, reason: 'reached-60', academicYear: year, rule, occurredOn: c.openedOn } });
    return;
  }
  grantRebuild(b, r.case, rule, year, Math.min(REBUILD_STEP, SIXTY - s.balance), c.openedOn);
}
