// Load, decide, append (with the expected revision), retried a bounded number of times on
// a concurrent write. One handler for every per-account command.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AccountCommand, type AccountEvent, type NationalPolicy, type PolicyLookup, type WithdrawalPolicy, DEFAULT_WITHDRAWAL_POLICY, decide } from '../../../domain/src/index.js';
import { type EventStore, OPERATOR_STREAM, type StoredEvent, WrongExpectedRevisionError, studentStream } from '../../../event-store/src/event-store.port.js';
import { AccountRepository, type LoadedAccount } from '../account-repository.js';
import type { CommandOutcome } from '../command-executor.port.js';
import { toDomainEvent, toNewEvents } from '../event-envelope.js';
import { KeyedLock } from '../keyed-lock.js';
import { PoliciesService } from '../policies.service.js';
import { fromRejection, reject } from '../problems.js';
import { EVENT_STORE, NATIONAL_POLICY } from '../tokens.js';
import { ExecuteAccountCommand } from './command-messages.js';

export const MAX_ATTEMPTS = 5;

export const duplicateOutcome = (commandId: string, prior: readonly StoredEvent[]): CommandOutcome => ({
  commandId,
  duplicate: true,
  streamRevision: prior.at(-1)?.revision ?? -1,
  events: prior.map((e) => ({ type: e.type, data: e.data })),
});

@CommandHandler(ExecuteAccountCommand)
export class ExecuteAccountCommandHandler implements ICommandHandler<ExecuteAccountCommand, CommandOutcome> {
  private readonly repository: AccountRepository;
  private readonly locks = new KeyedLock();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NATIONAL_POLICY) private readonly national: NationalPolicy,
    private readonly policies: PoliciesService,
  ) {
    this.repository = new AccountRepository(store);
  }

  execute({ studentId, command, meta }: ExecuteAccountCommand): Promise<CommandOutcome> {
    const streamId = studentStream(studentId);
    return this.locks.run(streamId, async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const account = await this.repository.load(streamId);
        if (account.commandIds.has(meta.commandId)) {
          const prior = (await this.store.readStream(streamId)).filter((e) => e.metadata.commandId === meta.commandId);
          if (prior[0]?.metadata.commandHash !== meta.commandHash) throw reject(409, `commandId ${meta.commandId} was used with other content`, { slug: 'duplicate-command' });
          return duplicateOutcome(meta.commandId, prior);
        }
        const decision = decide(command, account.state, {
          policies: await this.policyFor(command, account),
          national: this.national,
          history: command.type === 'CorrectResult' ? await this.correctionHistory(streamId) : [],
        });
        if (!decision.ok) throw fromRejection(decision.rejection);
        if (decision.events.length === 0) return { commandId: meta.commandId, duplicate: false, streamRevision: account.revision, events: [] };
        const first = account.revision + 1;
        const events = toNewEvents(decision.events, streamId, first, meta, new Date().toISOString());
        try {
          await this.store.append(streamId, account.revision < 0 ? 'no_stream' : account.revision, events);
        } catch (e) {
          this.repository.forget(streamId);
          if (e instanceof WrongExpectedRevisionError) continue;
          throw e;
        }
        this.repository.apply(account, events.map((e, i) => ({ ...e, streamId, revision: first + i, position: 0n })));
        return { commandId: meta.commandId, duplicate: false, streamRevision: account.revision, events: decision.events as unknown as CommandOutcome['events'] };
      }
      throw reject(409, `stream ${streamId} kept changing: gave up after ${MAX_ATTEMPTS} attempts`, { slug: 'concurrent-write' });
    });
  }

  /**
   * R25 replays the account's facts. Year openings are facts too, also those that reached
   * the account while it was not a candidate (60 or more): they are taken from the operator
   * stream and put in their place by global position.
   */
  private async correctionHistory(streamId: string): Promise<AccountEvent[]> {
    const own = await this.store.readStream(streamId);
    const openings = (await this.store.readStream(OPERATOR_STREAM)).filter((e) => e.type === 'AcademicYearOpened');
    const merged = [...own, ...openings].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    return merged.map((e) =>
      e.streamId === OPERATOR_STREAM ? ({ type: 'AcademicYearOpened', data: { ...e.data, occurredOn: e.data.openedOn } } as unknown as AccountEvent) : toDomainEvent(e),
    );
  }

  /** Withdrawals need the enrolment's institution policy for its year (R14). */
  private async policyFor(command: AccountCommand, account: LoadedAccount): Promise<PolicyLookup> {
    if (command.type !== 'WithdrawComponents' && command.type !== 'WithdrawEnrolment') return () => DEFAULT_WITHDRAWAL_POLICY;
    const e = account.state.enrolments[command.enrolmentId];
    if (!e) return () => DEFAULT_WITHDRAWAL_POLICY;
    const policy: WithdrawalPolicy = await this.policies.withdrawalPolicy(e.institutionId, e.academicYear);
    return () => policy;
  }
}
