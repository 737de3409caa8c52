// @nestjs/cqrs command messages: what the executor puts on the command bus after
// validation, authorization and deduplication.
import type { AccountCommand, WithdrawalPolicy } from '../../../domain/src/index.js';
import type { CommandMeta } from '../event-envelope.js';

export class ExecuteAccountCommand {
  constructor(
    readonly studentId: string,
    readonly command: AccountCommand,
    readonly meta: CommandMeta,
  ) {}
}

export class OpenAcademicYearCommand {
  constructor(
    readonly academicYear: string,
    readonly openedOn: string,
    readonly meta: CommandMeta,
    readonly duplicate: boolean,
  ) {}
}

export class SetInstitutionPolicyCommand {
  constructor(
    readonly institutionId: string,
    readonly academicYear: string,
    readonly withdrawal: WithdrawalPolicy,
    readonly meta: CommandMeta,
  ) {}
}
