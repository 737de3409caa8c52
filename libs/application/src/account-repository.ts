// Loads accounts from their streams. A bounded cache keeps the folded state of recently
// used accounts; every load still reads the stream's newer events, so writes by another
// process are never missed.
import { type AccountState, evolve, initialState } from '../../domain/src/index.js';
import type { EventStore, StoredEvent } from '../../event-store/src/event-store.port.js';
import { toDomainEvent } from './event-envelope.js';

export interface LoadedAccount {
  readonly state: AccountState;
  /** Stream revision of the last event folded; -1 when the stream does not exist. */
  revision: number;
  /** Commands already recorded in this stream (idempotency). */
  readonly commandIds: Set<string>;
}

export class AccountRepository {
  private readonly cache = new Map<string, LoadedAccount>();

  constructor(
    private readonly store: EventStore,
    private readonly maxCached = 50_000,
  ) {}

  /** The account of `streamId`, caught up with the store. Callers hold the stream's lock. */
  async load(streamId: string): Promise<LoadedAccount> {
    let entry = this.cache.get(streamId);
    if (entry) this.cache.delete(streamId); // re-inserted below: least recently used goes first
    entry ??= { state: initialState(), revision: -1, commandIds: new Set() };
    const newer = await this.store.readStream(streamId, entry.revision + 1);
    this.apply(entry, newer);
    this.cache.set(streamId, entry);
    if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  /** After a successful append: the stored events join the cached account. */
  apply(entry: LoadedAccount, events: readonly StoredEvent[]): void {
    for (const e of events) {
      evolve(entry.state, toDomainEvent(e));
      entry.commandIds.add(e.metadata.commandId);
      entry.revision = e.revision;
    }
  }

  forget(streamId: string): void {
    this.cache.delete(streamId);
  }
}
