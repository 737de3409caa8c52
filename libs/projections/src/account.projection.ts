// The account view and the audit trail (contract section 4), folded with the domain's own
// evolve() so the projection and a replay can never disagree (R29). A checkpointed
// subscriber of the event store: each batch and its checkpoint commit together.
import { type AccountState, evolve, initialState } from '../../domain/src/index.js';
import { toDomainEvent } from '../../application/src/event-envelope.js';
import { type EventStore, type StoredEvent, type Subscription, isStudentStream, studentIdOf } from '../../event-store/src/event-store.port.js';
import { type ProjectionRunner, ProjectionProgress } from './projection-runner.js';
import type { AccountRow, HistoryItem, ReadModelStore } from './read-model.store.js';

export const ACCOUNT_PROJECTION = 'accounts';

export function historyItem(e: StoredEvent, state: AccountState): HistoryItem {
  const d = e.data as Record<string, unknown>;
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  const institutionId = e.metadata.actor.institutionId ?? str('institutionId');
  return {
    position: Number(e.position),
    revision: e.revision,
    type: e.type,
    occurredOn: str('occurredOn') ?? null,
    recordedAt: e.metadata.recordedAt,
    credits: typeof d.credits === 'number' ? d.credits : 0,
    balanceAfter: typeof d.balanceAfter === 'number' ? d.balanceAfter : state.balance,
    rule: str('rule') ?? null,
    ...(str('reason') && e.type !== 'CorrectionApplied' ? { reason: str('reason') } : {}),
    ...(institutionId ? { institutionId } : {}),
    ...(str('enrolmentId') ?? str('oldEnrolmentId') ? { enrolmentId: str('enrolmentId') ?? str('oldEnrolmentId') } : {}),
    ...(str('componentId') ? { componentId: str('componentId') } : {}),
    commandId: e.metadata.commandId,
  };
}

export class AccountProjection implements ProjectionRunner {
  private subscription: Subscription | undefined;
  private readonly progress: ProjectionProgress;
  /** Called after each committed batch (the worker thread reports it to the main thread). */
  onProgress: ((position: bigint) => void) | undefined;
  private readonly states = new Map<string, AccountState>();
  private failed: unknown;
  /** Bulk (rebuild) mode: accounts changed but not written yet; written when evicted or at the end. */
  private unwritten: Map<string, AccountState> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly maxCached = 50_000,
  ) {
    this.progress = new ProjectionProgress(readModels.checkpoint(ACCOUNT_PROJECTION));
  }

  start(): void {
    this.subscription = this.store.subscribe(this.progress.position, (batch) => this.handle(batch), {
      maxBatch: 2000,
      onError: (err) => {
        this.failed = err;
        console.error('account projection stopped:', err);
      },
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  get checkpoint(): bigint | null {
    return this.progress.position;
  }

  get healthy(): boolean {
    return this.failed === undefined;
  }

  /** Applies one batch: read models and checkpoint in one transaction. */
  async handle(batch: readonly StoredEvent[]): Promise<void> {
    const touched = new Map<string, AccountState>();
    const history: { studentId: string; item: HistoryItem }[] = [];
    for (const e of batch) {
      if (!isStudentStream(e.streamId)) continue;
      const studentId = studentIdOf(e.streamId);
      const state = touched.get(studentId) ?? this.stateOf(studentId);
      if (e.revision <= state.revision) continue; // already projected (at-least-once delivery)
      evolve(state, toDomainEvent(e));
      touched.set(studentId, state);
      history.push({ studentId, item: historyItem(e, state) });
    }
    const last = batch[batch.length - 1].position;
    const evicted = [...touched].flatMap(([id, state]) => this.remember(id, state));
    let rows: AccountRow[];
    if (this.unwritten) {
      for (const [id, state] of touched) this.unwritten.set(id, state);
      rows = evicted.filter((r) => this.unwritten!.delete(r.studentId));
    } else {
      rows = [...touched].map(([studentId, state]) => ({ studentId, state }));
    }
    this.readModels.writeBatch(ACCOUNT_PROJECTION, last, rows, history);
    this.progress.advance(last);
    this.onProgress?.(last);
  }

  /**
   * Bulk mode for a rebuild from position 0: an account is written once it leaves the cache
   * or at endBulk(), not after every batch. A rebuild that dies is run again from 0.
   */
  beginBulk(): void {
    this.unwritten = new Map();
  }

  endBulk(): void {
    const rows = [...(this.unwritten ?? [])].map(([studentId, state]) => ({ studentId, state }));
    this.unwritten = undefined;
    if (this.progress.position !== null) this.readModels.writeBatch(ACCOUNT_PROJECTION, this.progress.position, rows, []);
  }

  waitFor(position: bigint | null, timeoutMs?: number): Promise<void> {
    return this.progress.waitFor(position, timeoutMs);
  }

  async waitForHead(timeoutMs?: number): Promise<void> {
    return this.waitFor(await this.store.headPosition(), timeoutMs);
  }

  private stateOf(studentId: string): AccountState {
    const cached = this.states.get(studentId);
    if (cached) return cached;
    return this.readModels.account(studentId)?.state ?? initialState();
  }

  /** Keeps the state in the bounded cache; returns the account it pushed out, if any. */
  private remember(studentId: string, state: AccountState): AccountRow[] {
    this.states.delete(studentId);
    this.states.set(studentId, state);
    if (this.states.size <= this.maxCached) return [];
    const [oldest, oldState] = this.states.entries().next().value!;
    this.states.delete(oldest);
    return [{ studentId: oldest, state: oldState }];
  }
}
