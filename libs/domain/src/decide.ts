// decide(command, state, context) -> events | rejection. Pure: no clock, no I/O; the
// caller's state is never changed.
import type { AccountCommand } from './commands.js';
import type { DecideContext } from './context.js';
import { applyCorrection, validateCorrection } from './correction.js';
import { applyDegree, validateDegree } from './degrees.js';
import { Emitter } from './emitter.js';
import { applyAdd, applyRegister, validateAdd, validateRegister } from './enrolment.js';
import type { AccountEvent } from './events.js';
import { applyOpenYear } from './rebuild.js';
import { type Rejection, invalid } from './rejection.js';
import { applyRestore, validateRestore } from './restore.js';
import { applyClose, applyResult, validateClose, validateResult } from './results.js';
import { type AccountState, cloneState } from './state.js';
import { isAcademicYear, isCalendarDate, isInsideAcademicYear } from './values.js';
import { applyWithdrawComponents, applyWithdrawEnrolment, validateWithdrawComponents, validateWithdrawEnrolment } from './withdrawal.js';

export type Decision = { readonly ok: true; readonly events: readonly AccountEvent[] } | { readonly ok: false; readonly rejection: Rejection };

const refused = (rejection: Rejection): Decision => ({ ok: false, rejection });

export function decide(command: AccountCommand, state: AccountState, ctx: DecideContext): Decision {
  const rejection = validate(command, state);
  if (rejection) return refused(rejection);
  const b = new Emitter(cloneState(state));
  switch (command.type) {
    case 'RegisterEnrolment':
      applyRegister(b, command, ctx);
      break;
    case 'AddComponents':
      applyAdd(b, command);
      break;
    case 'WithdrawComponents': {
      const e = state.enrolments[command.enrolmentId];
      applyWithdrawComponents(b, command, ctx.policies(e.institutionId, e.academicYear));
      break;
    }
    case 'WithdrawEnrolment': {
      const e = state.enrolments[command.enrolmentId];
      applyWithdrawEnrolment(b, command, ctx.policies(e.institutionId, e.academicYear), ctx);
      break;
    }
    case 'RecordResult':
      applyResult(b, command, ctx);
      break;
    case 'CloseAcademicYear':
      applyClose(b, command);
      break;
    case 'AwardDegree':
      applyDegree(b, command);
      break;
    case 'CorrectResult':
      applyCorrection(b, command, ctx);
      break;
    case 'RestoreCredits':
      applyRestore(b, command);
      break;
    case 'OpenAcademicYearForAccount':
      applyOpenYear(b, command, ctx);
      break;
  }
  return { ok: true, events: b.events };
}

function validate(c: AccountCommand, s: AccountState): Rejection | undefined {
  switch (c.type) {
    case 'RegisterEnrolment':
      return validateRegister(s, c);
    case 'AddComponents':
      return validateAdd(s, c);
    case 'WithdrawComponents':
      return validateWithdrawComponents(s, c);
    case 'WithdrawEnrolment':
      return validateWithdrawEnrolment(s, c);
    case 'RecordResult':
      return validateResult(s, c);
    case 'CloseAcademicYear':
      return validateClose(s, c);
    case 'AwardDegree':
      return validateDegree(c);
    case 'CorrectResult':
      return isCalendarDate(c.correctedOn) ? validateCorrection(s, c) : invalid('payload.correctedOn', 'must be a calendar date YYYY-MM-DD');
    case 'RestoreCredits':
      return validateRestore(s, c);
    case 'OpenAcademicYearForAccount':
      if (!isAcademicYear(c.academicYear)) return invalid('payload.academicYear', 'must be two consecutive years, e.g. 2025-2026');
      return isInsideAcademicYear(c.openedOn, c.academicYear) ? undefined : invalid('payload.openedOn', `must fall inside academic year ${c.academicYear}`);
  }
}
