// The one entry point of every transport: validate (400), authorize (403), deduplicate by
// commandId (duplicate / 409), then the command bus.
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AccountCommand } from '../../domain/src/index.js';
import { DEFAULT_WITHDRAWAL_POLICY } from '../../domain/src/index.js';
import type { Actor, EventStore } from '../../event-store/src/event-store.port.js';
import { authorizeCommand } from './authorization.js';
import type { CommandExecutor, CommandOutcome } from './command-executor.port.js';
import { ExecuteAccountCommand, OpenAcademicYearCommand, SetInstitutionPolicyCommand } from './commands/command-messages.js';
import { duplicateOutcome } from './commands/execute-account-command.handler.js';
import { type CommandMeta, canonicalHash } from './event-envelope.js';
import { invalidFields, reject } from './problems.js';
import { EVENT_STORE } from './tokens.js';
import { type ValidCommand, validateCommand } from './validation/validate-command.js';

@Injectable()
export class CommandExecutorService implements CommandExecutor {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(raw: unknown, actor: Actor, correlationId?: string): Promise<CommandOutcome> {
    const command = validateCommand(raw);
    authorizeCommand(command.type, command.payload, actor);
    const meta: CommandMeta = {
      commandId: command.commandId,
      commandHash: canonicalHash({ type: command.type, studentId: command.studentId ?? null, payload: command.payload, actor }),
      actor: actor.institutionId ? { role: actor.role, institutionId: actor.institutionId } : { role: actor.role },
      correlationId: correlationId ?? command.commandId,
    };
    const prior = await this.store.readByCommandId(meta.commandId);
    if (prior.length > 0 && prior[0].metadata.commandHash !== meta.commandHash) {
      throw reject(409, `commandId ${meta.commandId} was used with other content`, { slug: 'duplicate-command' });
    }
    const duplicate = prior.length > 0;
    if (duplicate && command.type !== 'OpenAcademicYear') return duplicateOutcome(meta.commandId, prior);
    return this.commandBus.execute(this.message(command, actor, meta, duplicate));
  }

  private message(c: ValidCommand, actor: Actor, meta: CommandMeta, duplicate: boolean) {
    const p = c.payload as Record<string, never>;
    switch (c.type) {
      case 'OpenAcademicYear':
        return new OpenAcademicYearCommand(p.academicYear, p.openedOn, meta, duplicate);
      case 'SetInstitutionPolicy': {
        const institutionId = actor.role === 'operator' ? p.institutionId : actor.institutionId;
        if (!institutionId) throw invalidFields([{ field: 'payload.institutionId', message: 'an operator names the institution' }]);
        const w = p.withdrawal as Record<string, string | null | undefined>;
        const withdrawal = {
          fullRefundUntil: w.fullRefundUntil === undefined ? DEFAULT_WITHDRAWAL_POLICY.fullRefundUntil : w.fullRefundUntil,
          secondTermRefundUntil: w.secondTermRefundUntil === undefined ? DEFAULT_WITHDRAWAL_POLICY.secondTermRefundUntil : w.secondTermRefundUntil,
        };
        return new SetInstitutionPolicyCommand(institutionId, p.academicYear, withdrawal, meta);
      }
      default: {
        const institution = actor.role === 'institution' ? { institutionId: actor.institutionId! } : {};
        const command = { type: c.type, ...c.payload, ...institution } as unknown as AccountCommand;
        return new ExecuteAccountCommand(c.studentId!, command, meta);
      }
    }
  }
}
