// Who may send which command (contract sections 2 and 4). Ownership of an enrolment is
// checked by the domain, which knows the enrolments.
import type { Actor } from '../../event-store/src/event-store.port.js';
import { reject } from './problems.js';
import type { CommandType } from './validation/command-dtos.js';

const OPERATOR_COMMANDS: readonly CommandType[] = ['RestoreCredits', 'OpenAcademicYear', 'SetInstitutionPolicy'];

export function authorizeCommand(type: CommandType, payload: Record<string, unknown>, actor: Actor): void {
  if (actor.role === 'institution') {
    if (!actor.institutionId) throw reject(403, 'an institution token needs an institutionId claim');
    if (type === 'RestoreCredits' || type === 'OpenAcademicYear') throw reject(403, `${type} is an operator command`);
    if (type === 'SetInstitutionPolicy' && payload.institutionId !== undefined && payload.institutionId !== actor.institutionId) {
      throw reject(403, 'an institution sets only its own policy');
    }
    return;
  }
  if (actor.role === 'operator') {
    if (!OPERATOR_COMMANDS.includes(type)) throw reject(403, `${type} is sent by the institution that owns the enrolment`);
    return;
  }
  throw reject(403, `the ${actor.role} role sends no commands`);
}
