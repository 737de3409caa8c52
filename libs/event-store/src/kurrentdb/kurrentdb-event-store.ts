// KurrentDB adapter of the event-store port (production store), on @kurrent/kurrentdb-client.
//
// - Streams: the caller's stream ids (`learning-account-<studentId>`, ...), one KurrentDB
//   stream each. Appends always state the expected revision (a BigInt) or NO_STREAM, never
//   ANY; the server's WrongExpectedVersion becomes the port's WrongExpectedRevisionError.
// - Event ids are the caller's metadata.eventId, so re-sending the same append (same ids, same
//   expected revision) is absorbed by the server's idempotency and returns the first result.
// - Data and metadata are JSON; metadata also carries `$correlationId` / `$causationId`
//   (see event-mapping.ts), removed again when reading.
// - Global order: $all, filtered server side on the stream-name prefix (default
//   `learning-account-`), which also keeps system (`$`) events out. The port's `position` is
//   the commit position. readAll(after) reads $all from Position{after, after}: that read is
//   inclusive, so events at or before `after` are dropped; a page never ends inside a run of
//   events sharing one commit position (legacy explicit transactions only), so resuming from
//   the last position of a page cannot skip the rest of such a run.
// - readByCommandId: KurrentDB has no secondary index; see command-index.ts for the local
//   SQLite index kept under dataDir and its limits.
// - headPosition: $all read backwards, 1 event, same filter.
import { join } from 'node:path';
import {
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  streamNameFilter,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  STREAM_PREFIX,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { CommandIndex } from './command-index.js';
import { positionOf, toEventData, toStoredEvent } from './event-mapping.js';
import { DEFAULT_RESUBSCRIBE, KurrentDbSubscription, type ResubscribePolicy } from './kurrentdb-subscription.js';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://127.0.0.1:2113?tls=false` (KURRENTDB_URL). */
  readonly connectionString: string;
  /** Directory of the local command index (`kurrentdb-command-index.sqlite`), DATA_DIR. */
  readonly dataDir: string;
  /** Streams this store reads in global order (default `learning-account-`). */
  readonly streamPrefix?: string;
  readonly resubscribe?: Partial<ResubscribePolicy>;
}

/** Events read from $all per round trip when catching up the command index. */
const INDEX_PAGE = 1_000;
/** Extra events read after a page so it can be completed up to a commit-position boundary. */
const GROUP_SLACK = 64;

export class KurrentDbEventStore implements EventStore {
  readonly client: KurrentDBClient;
  private readonly prefix: string;
  private readonly index: CommandIndex;
  private readonly policy: ResubscribePolicy;
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  private indexing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: KurrentDbEventStoreOptions) {
    this.client = KurrentDBClient.connectionString(options.connectionString);
    this.prefix = options.streamPrefix ?? STREAM_PREFIX;
    this.index = new CommandIndex(join(options.dataDir, 'kurrentdb-command-index.sqlite'));
    this.policy = { ...DEFAULT_RESUBSCRIBE, ...options.resubscribe };
  }

  async readStream(streamId: string, fromRevision = 0): Promise<StoredEvent[]> {
    return this.readStreamRange(streamId, fromRevision, Number.MAX_SAFE_INTEGER);
  }

  async append(streamId: string, expected: ExpectedRevision, events: readonly NewEvent[]): Promise<AppendResult> {
    if (events.length === 0) throw new TypeError('append needs at least one event');
    if (expected !== 'no_stream' && !(Number.isInteger(expected) && expected >= 0)) {
      throw new TypeError(`expected revision must be 'no_stream' or a revision >= 0, got ${String(expected)}`);
    }
    let result;
    try {
      result = await this.client.appendToStream(streamId, events.map(toEventData), {
        streamState: expected === 'no_stream' ? NO_STREAM : BigInt(expected),
      });
    } catch (err) {
      const e = err as { type?: string; actualState?: bigint | string };
      if (e.type === ErrorType.WRONG_EXPECTED_VERSION) {
        const actual = typeof e.actualState === 'bigint' ? Number(e.actualState) : 'no_stream';
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      throw err;
    }
    const nextRevision = Number(result.nextExpectedRevision);
    const first = nextRevision - events.length + 1;
    this.index.record(events.map((e, i) => ({ commandId: e.metadata.commandId, streamId, revision: first + i })));
    let position = result.position?.commit;
    if (position === undefined || position < 0n || position >= 0xffff_ffff_ffff_ffffn) {
      // Some answers (e.g. an idempotent re-append on some server versions) carry no position:
      // take it from the stored event itself.
      const [last] = await this.readStreamRange(streamId, nextRevision, 1);
      if (!last) throw new Error(`append to ${streamId} succeeded but revision ${nextRevision} cannot be read`);
      position = last.position;
    }
    return { nextRevision, position };
  }

  async readAll(after: bigint | null, limit: number): Promise<StoredEvent[]> {
    if (limit <= 0) return [];
    const out: StoredEvent[] = [];
    const reads = this.client.readAll({
      fromPosition: after === null ? START : positionOf(after),
      direction: FORWARDS,
      maxCount: Math.min(limit + 1 + GROUP_SLACK, Number.MAX_SAFE_INTEGER),
      filter: streamNameFilter({ prefixes: [this.prefix] }),
    });
    for await (const resolved of reads) {
      const event = toStoredEvent(resolved as ResolvedEvent);
      if (after !== null && event.position <= after) continue;
      if (out.length >= limit && event.position !== out[out.length - 1]!.position) break;
      out.push(event);
    }
    return out;
  }

  async headPosition(): Promise<bigint | null> {
    for await (const resolved of this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 1,
      filter: streamNameFilter({ prefixes: [this.prefix] }),
    })) {
      return toStoredEvent(resolved as ResolvedEvent).position;
    }
    return null;
  }

  async readByCommandId(commandId: string): Promise<StoredEvent[]> {
    await this.refreshIndex();
    const rows = this.index.find(commandId);
    const byStream = new Map<string, number[]>();
    for (const r of rows) byStream.set(r.streamId, [...(byStream.get(r.streamId) ?? []), r.revision]);
    const found: StoredEvent[] = [];
    for (const [streamId, revisions] of byStream) {
      const from = Math.min(...revisions);
      const count = Math.max(...revisions) - from + 1;
      for (const e of await this.readStreamRange(streamId, from, count)) {
        if (e.metadata.commandId === commandId) found.push(e);
      }
    }
    return found.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  subscribe(after: bigint | null, handler: (events: readonly StoredEvent[]) => Promise<void>, options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new Error('event store is closed');
    const sub = new KurrentDbSubscription({
      client: this.client,
      after,
      prefix: options.streamPrefix ?? this.prefix,
      maxBatch: Math.max(1, options.maxBatch ?? 500),
      policy: this.policy,
      handler,
      onError: options.onError,
      onStopped: (s) => this.subscriptions.delete(s),
    });
    this.subscriptions.add(sub);
    return sub;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.indexing.catch(() => undefined);
    this.index.close();
    await this.client.dispose();
  }

  private async readStreamRange(streamId: string, fromRevision: number, maxCount: number): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: BigInt(fromRevision), direction: FORWARDS, maxCount })) {
        out.push(toStoredEvent(resolved as ResolvedEvent));
      }
    } catch (err) {
      if ((err as { type?: string }).type === ErrorType.STREAM_NOT_FOUND) return [];
      throw err;
    }
    return out;
  }

  /** Brings the command index up to date from $all (one at a time; callers share the run). */
  private refreshIndex(): Promise<void> {
    const run = this.indexing.catch(() => undefined).then(async () => {
      for (;;) {
        const page = await this.readAll(this.index.checkpoint(), INDEX_PAGE);
        if (page.length === 0) return;
        this.index.record(
          page.map((e) => ({ commandId: e.metadata.commandId, streamId: e.streamId, revision: e.revision })),
          page[page.length - 1]!.position,
        );
        if (page.length < INDEX_PAGE) return;
      }
    });
    this.indexing = run;
    return run;
  }
}
