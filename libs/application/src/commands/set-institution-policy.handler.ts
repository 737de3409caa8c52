// R14 knobs per institution and academic year, recorded on the institution's policy stream.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type EventStore, policyStream } from '../../../event-store/src/event-store.port.js';
import type { CommandOutcome } from '../command-executor.port.js';
import { EVENT_STORE } from '../tokens.js';
import { appendOne } from './append-single.js';
import { SetInstitutionPolicyCommand } from './command-messages.js';

@CommandHandler(SetInstitutionPolicyCommand)
export class SetInstitutionPolicyHandler implements ICommandHandler<SetInstitutionPolicyCommand, CommandOutcome> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: SetInstitutionPolicyCommand): Promise<CommandOutcome> {
    const event = {
      type: 'InstitutionPolicySet',
      data: { institutionId: c.institutionId, academicYear: c.academicYear, withdrawal: { ...c.withdrawal }, rule: 'R14' },
    };
    const revision = await appendOne(this.store, policyStream(c.institutionId), event, c.meta);
    return { commandId: c.meta.commandId, duplicate: false, streamRevision: revision, events: [event] };
  }
}
