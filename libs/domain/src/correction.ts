// Corrections never rewrite history (R25): the corrected fact is replayed with the rest of
// the account's facts, and new events move the account to exactly what that corrected
// history gives (balance, bonus, lost credits). A corrected result is final.
import type { AccountCommand } from './commands.js';
import type { DecideContext } from './context.js';
import { applyDegree } from './degrees.js';
import { Emitter } from './emitter.js';
import { applyAdd, applyRegister, isRejection, ownEnrolment } from './enrolment.js';
import type { AccountEvent } from './events.js';
import { applyOpenYear } from './rebuild.js';
import { type Rejection, breaksRule } from './rejection.js';
import { applyRestore } from './restore.js';
import { applyClose, applyResult } from './results.js';
import { type AccountState, componentsOf, initialState } from './state.js';
import type { Outcome } from './values.js';
import { applyWithdrawComponents, applyWithdrawEnrolment } from './withdrawal.js';

type CorrectResult = Extract<AccountCommand, { type: 'CorrectResult' }>;

const key = (enrolmentId: string, componentId: string) => `${enrolmentId}\u0000${componentId}`;

export function validateCorrection(s: AccountState, c: CorrectResult): Rejection | undefined {
  const e = ownEnrolment(s, c.enrolmentId, c.institutionId);
  if (isRejection(e)) return e;
  const comp = e.components[c.componentId];
  if (!comp) return breaksRule('R25', `component ${c.componentId} was never enrolled in ${c.enrolmentId}`);
  if (comp.exempted) return breaksRule('R8', `component ${c.componentId} is exempted and takes no result`);
  // R25/R10: a component still open when the year closed was lost without a result; RecordResult
  // refuses a late result for it and asks for a correction, so the correction must be possible.
  if (comp.results.length === 0 && !comp.closedOpen) return breaksRule('R25', `component ${c.componentId} has no result to correct`);
  return undefined;
}

/**
 * Replays the facts of `history` (the events that record what institutions and operators
 * did, not their consequences), with the given results replaced, and returns the account
 * that history gives.
 */
export function replayWithCorrections(history: readonly AccountEvent[], corrections: ReadonlyMap<string, Outcome>, ctx: DecideContext): AccountState {
  const lastResult = new Map<string, number>();
  history.forEach((e, i) => {
    if (e.type === 'ResultRecorded') lastResult.set(key(e.data.enrolmentId, e.data.componentId), i);
  });
  const b = new Emitter(initialState());
  history.forEach((e, i) => {
    switch (e.type) {
      case 'EnrolmentRegistered':
        return applyRegister(b, { type: 'RegisterEnrolment', ...e.data }, ctx);
      case 'ComponentsAdded':
        return b.state.enrolments[e.data.enrolmentId] && applyAdd(b, { type: 'AddComponents', institutionId: '', ...e.data });
      case 'ComponentsWithdrawn':
        return b.state.enrolments[e.data.enrolmentId] && applyWithdrawComponents(b, e.data, e.data.policy);
      case 'EnrolmentWithdrawn':
        return applyWithdrawEnrolment(b, e.data, e.data.policy, ctx);
      case 'ResultRecorded': {
        const k = key(e.data.enrolmentId, e.data.componentId);
        const corrected = corrections.get(k);
        if (corrected !== undefined && lastResult.get(k) === i) return applyResult(b, { ...e.data, outcome: corrected, final: true }, ctx);
        return applyResult(b, e.data, ctx);
      }
      case 'AcademicYearClosed': {
        // R25: a corrected result for a component that had no result when the year closed
        // (R10) is recorded as if it had come in before the closing.
        for (const [k, outcome] of corrections) {
          if (lastResult.has(k)) continue;
          const [enrolmentId, componentId] = k.split('\u0000');
          const en = b.state.enrolments[enrolmentId];
          if (!en || en.institutionId !== e.data.institutionId || en.academicYear !== e.data.academicYear || en.status !== 'active') continue;
          applyResult(b, { enrolmentId, componentId, outcome, session: 2, final: true, recordedOn: e.data.closedOn }, ctx);
        }
        return applyClose(b, e.data);
      }
      case 'DegreeAwarded':
        return applyDegree(b, e.data);
      case 'CreditsRestored':
        return applyRestore(b, e.data);
      case 'AcademicYearOpened':
        return applyOpenYear(b, e.data, ctx);
      // Streams written before AcademicYearOpened existed: the bookings say which years were opened.
      case 'CreditsReplenished':
        return e.data.case === 'graduaat-top-up' ? undefined : applyOpenYear(b, { academicYear: e.data.academicYear, openedOn: e.data.openedOn ?? e.data.occurredOn }, ctx);
      case 'RebuildEnded':
        return applyOpenYear(b, { academicYear: e.data.academicYear, openedOn: e.data.occurredOn }, ctx);
      default:
        return undefined; // consequences: the replay derives them again
    }
  });
  return b.state;
}

const sum = (s: AccountState, f: (c: ReturnType<typeof componentsOf>[number]) => number) => componentsOf(s).reduce((t, c) => t + f(c), 0);

export function applyCorrection(b: Emitter, c: CorrectResult, ctx: DecideContext): void {
  const corrections = new Map<string, Outcome>();
  for (const e of ctx.history) if (e.type === 'CorrectionApplied') corrections.set(key(e.data.enrolmentId, e.data.componentId), e.data.outcome);
  corrections.set(key(c.enrolmentId, c.componentId), c.outcome);
  const corrected = replayWithCorrections(ctx.history, corrections, ctx);
  const current = b.state;
  const comp = current.enrolments[c.enrolmentId].components[c.componentId];
  const effect = corrected.balance - current.balance;
  const returned = sum(corrected, (x) => x.returned) - sum(current, (x) => x.returned);
  const bonus = corrected.bonusGiven - current.bonusGiven;
  const other = effect - returned - bonus;
  const { balance: _b, revision: _r, ...stateAfter } = corrected;
  b.emit({
    type: 'CorrectionApplied',
    data: {
      enrolmentId: c.enrolmentId,
      componentId: c.componentId,
      previousOutcome: comp.results.at(-1)?.outcome ?? null,
      outcome: c.outcome,
      correctedOn: c.correctedOn,
      reason: c.reason,
      rule: 'R25',
      effect,
      stateAfter,
      occurredOn: c.correctedOn,
    },
  });
  const base = { enrolmentId: c.enrolmentId, componentId: c.componentId, rule: 'R25', occurredOn: c.correctedOn } as const;
  const book = (credits: number) => {
    if (credits > 0) b.move('CreditsReturned', { ...base, credits, reason: 'correction' });
    if (credits < 0) b.move('CreditsForfeited', { ...base, credits, lost: 0, reason: 'correction' });
  };
  book(returned);
  if (bonus !== 0) b.move('BonusApplied', { ...base, credits: bonus });
  book(other);
}
