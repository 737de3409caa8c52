// R23: the yearly opening reaches every eligible account. It is recorded once on the
// operator stream; the accounts that may qualify come from the read model (below 60 or with
// a rebuild running) once it has caught up; each account then decides for itself (R20,
// R21), at most one booking per account and year. Re-sending the same command finishes an
// interrupted fan-out: accounts it already reached answer as duplicates.
import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type EventStore, OPERATOR_STREAM } from '../../../event-store/src/event-store.port.js';
import type { ProjectionRunner } from '../../../projections/src/projection-runner.js';
import type { ReadModelStore } from '../../../projections/src/read-model.store.js';
import type { CommandOutcome } from '../command-executor.port.js';
import { ACCOUNT_PROJECTION, EVENT_STORE, READ_MODELS } from '../tokens.js';
import { appendOne } from './append-single.js';
import { ExecuteAccountCommand, OpenAcademicYearCommand } from './command-messages.js';

const FAN_OUT = 32;
/** The answer lists the accounts' events up to this many (a national opening books thousands). */
export const MAX_EVENTS_IN_ANSWER = 1000;

@CommandHandler(OpenAcademicYearCommand)
export class OpenAcademicYearHandler implements ICommandHandler<OpenAcademicYearCommand, CommandOutcome> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(ACCOUNT_PROJECTION) private readonly projection: ProjectionRunner,
    private readonly commandBus: CommandBus,
  ) {}

  async execute(c: OpenAcademicYearCommand): Promise<CommandOutcome> {
    const opened = { type: 'AcademicYearOpened', data: { academicYear: c.academicYear, openedOn: c.openedOn, rule: 'R23' } };
    const revision = c.duplicate
      ? ((await this.store.readByCommandId(c.meta.commandId)).find((e) => e.streamId === OPERATOR_STREAM)?.revision ?? -1)
      : await appendOne(this.store, OPERATOR_STREAM, opened, c.meta);
    await this.projection.waitForHead(60_000);
    const candidates = this.readModels.rebuildCandidates();
    let booked = 0;
    const reached: { type: string; data: Record<string, unknown>; studentId: string }[] = [];
    let truncated = false;
    for (let i = 0; i < candidates.length; i += FAN_OUT) {
      const outcomes = await Promise.all(
        candidates.slice(i, i + FAN_OUT).map((studentId) =>
          this.commandBus.execute<ExecuteAccountCommand, CommandOutcome>(
            new ExecuteAccountCommand(studentId, { type: 'OpenAcademicYearForAccount', academicYear: c.academicYear, openedOn: c.openedOn }, c.meta),
          ),
        ),
      );
      outcomes.forEach((o, k) => {
        if (!o.duplicate && o.events.some((e) => e.type === 'CreditsReplenished')) booked += 1;
        for (const e of o.duplicate ? [] : o.events) {
          if (reached.length < MAX_EVENTS_IN_ANSWER) reached.push({ ...e, studentId: candidates[i + k] });
          else truncated = true;
        }
      });
    }
    return {
      commandId: c.meta.commandId,
      duplicate: c.duplicate,
      streamRevision: revision,
      events: [{ type: opened.type, data: { ...opened.data, accountsConsidered: candidates.length, accountsBooked: booked, eventsTruncated: truncated } }, ...reached],
    };
  }
}
