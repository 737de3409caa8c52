// SQLite adapter of the event-store port: the embedded default (better-sqlite3, WAL).
//
// Group commit: appends requested while the writer is busy are written together in one
// transaction (one fsync for many commands). The writer is a worker thread
// (sqlite-writer.worker.mjs), so the main thread keeps deciding commands while a commit is
// being fsynced. Each append keeps its own expected-revision check inside the shared
// transaction (a savepoint per append), so one conflict never fails its neighbours. A
// promise resolves only after COMMIT returned; with synchronous=FULL that means the WAL was
// fsynced, so an acknowledged append survives a crash or power loss; appends not yet
// acknowledged may be lost and were never answered. Reads use the main thread's own
// connection (WAL: readers never wait for the writer).
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
  STREAM_PREFIX,
  WrongExpectedRevisionError,
} from '../event-store.port.js';

export interface SqliteEventStoreOptions {
  readonly file: string;
  /** FULL (default): every commit is fsynced. NORMAL: WAL survives a process crash, not a power loss. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How often a subscription looks for rows written by another connection (ms). */
  readonly pollIntervalMs?: number;
  /** Reads and subscriptions only (no writer thread): e.g. a projection in a worker thread. */
  readonly readOnly?: boolean;
}

/** A row of `events`; `metadata` is NULL when the row shares the metadata of the one before. */
interface Row {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string | null;
}

/** An append as the writer thread takes it: serialized here, on the main thread. */
interface SerializedAppend {
  readonly streamId: string;
  /** -1: the stream must not exist. */
  readonly expected: number;
  readonly events: readonly { eventId: string; commandId: string; type: string; data: string; metadata: string | null }[];
}

type WriteResult = { ok: 1; nextRevision: number; position: number } | { ok: 0; actual: number } | { ok: 0; error: string };

interface PendingAppend {
  readonly append: SerializedAppend;
  readonly expected: ExpectedRevision;
  readonly resolve: (r: AppendResult) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Events of one append share their metadata but for the event id, so only the first row of
 * an append stores it (the others store NULL): a third of the bytes written per command.
 * Reading a NULL row takes the metadata of the row before it in the same stream.
 */
function toStoredRows(rows: readonly Row[], lookBack: (streamId: string, revision: number) => string): StoredEvent[] {
  let prev: { streamId: string; revision: number; metadata: EventMetadata } | undefined;
  return rows.map((r) => {
    let metadata: EventMetadata;
    if (r.metadata !== null) metadata = JSON.parse(r.metadata);
    else {
      const base = prev && prev.streamId === r.stream_id && prev.revision === r.revision - 1 ? prev.metadata : JSON.parse(lookBack(r.stream_id, r.revision));
      metadata = { ...base, eventId: r.event_id };
    }
    prev = { streamId: r.stream_id, revision: r.revision, metadata };
    return { streamId: r.stream_id, revision: r.revision, position: BigInt(r.position), type: r.type, data: JSON.parse(r.data), metadata };
  });
}

/** Same metadata apart from the event id: the row may leave it out. */
const sharesMetadata = (a: EventMetadata, b: EventMetadata): boolean =>
  JSON.stringify({ ...a, eventId: '' }) === JSON.stringify({ ...b, eventId: '' });

export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly live = new EventEmitter();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private inFlight: { id: number; batch: PendingAppend[] } | undefined;
  private nextBatchId = 0;
  private readonly writer: Worker | undefined;
  private writerFailure: Error | undefined;
  private closed = false;
  private readonly pollIntervalMs: number;
  private readonly stmt: {
    readStream: Database.Statement<[string, number], Row>;
    readAll: Database.Statement<[number, number], Row>;
    lookBack: Database.Statement<[string, number], { metadata: string }>;
    head: Database.Statement<[], { p: number | null }>;
    byCommand: Database.Statement<[string], Row>;
    hasCommand: Database.Statement<[string], { one: number }>;
  };

  constructor(options: SqliteEventStoreOptions) {
    mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    // 64 MiB page cache: the (stream_id, revision) and command indexes take random inserts.
    this.db.pragma('cache_size = -65536');
    // Each commit by the writer thread empties this connection's page cache; memory-mapped
    // reads keep re-reading those pages cheap.
    this.db.pragma('mmap_size = 1073741824');
    // Lean on purpose (see test/bench/README.md): one index for stream reads and revision
    // checks, and one row per append (not per event) for the commandId lookup.
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position   INTEGER PRIMARY KEY,
        stream_id  TEXT    NOT NULL,
        revision   INTEGER NOT NULL,
        event_id   TEXT    NOT NULL,
        type       TEXT    NOT NULL,
        data       TEXT    NOT NULL,
        metadata   TEXT,
        UNIQUE (stream_id, revision)
      );
      CREATE TABLE IF NOT EXISTS commands (
        command_id     TEXT    NOT NULL,
        stream_id      TEXT    NOT NULL,
        first_revision INTEGER NOT NULL,
        last_revision  INTEGER NOT NULL,
        PRIMARY KEY (command_id, stream_id, first_revision)
      ) WITHOUT ROWID;
    `);
    this.stmt = {
      readStream: this.db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision'),
      readAll: this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      lookBack: this.db.prepare('SELECT metadata FROM events WHERE stream_id = ? AND revision < ? AND metadata IS NOT NULL ORDER BY revision DESC LIMIT 1'),
      head: this.db.prepare('SELECT MAX(position) AS p FROM events'),
      hasCommand: this.db.prepare('SELECT 1 AS one FROM commands WHERE command_id = ? LIMIT 1'),
      byCommand: this.db.prepare(
        `SELECT e.* FROM commands c JOIN events e ON e.stream_id = c.stream_id AND e.revision BETWEEN c.first_revision AND c.last_revision
         WHERE c.command_id = ? ORDER BY e.position`,
      ),
    };
    if (options.readOnly) return;
    this.writer = new Worker(new URL('./sqlite-writer.worker.mjs', import.meta.url), {
      workerData: { file: options.file, synchronous: options.synchronous ?? 'FULL' },
    });
    this.writer.unref(); // only a batch in flight keeps the process alive (see flush/settle)
    this.writer.on('message', (msg: { id: number; results?: WriteResult[]; fatal?: string }) => this.settle(msg));
    this.writer.on('error', (err) => this.failWriter(err));
    this.writer.on('exit', (code) => {
      if (!this.closed) this.failWriter(new Error(`event-store writer exited (${code})`));
    });
  }

  async readStream(streamId: string, fromRevision = 0): Promise<StoredEvent[]> {
    return this.toStored(this.stmt.readStream.all(streamId, fromRevision));
  }

  append(streamId: string, expected: ExpectedRevision, events: readonly NewEvent[]): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store closed'));
    if (!this.writer) return Promise.reject(new Error('read-only event store'));
    if (this.writerFailure) return Promise.reject(this.writerFailure);
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    const append: SerializedAppend = {
      streamId,
      expected: expected === 'no_stream' ? -1 : expected,
      events: events.map((e, i) => ({
        eventId: e.metadata.eventId,
        commandId: e.metadata.commandId,
        type: e.type,
        data: JSON.stringify(e.data),
        metadata: i > 0 && sharesMetadata(events[i - 1].metadata, e.metadata) ? null : JSON.stringify(e.metadata),
      })),
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ append, expected, resolve, reject });
      if (!this.flushScheduled && !this.inFlight) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async readAll(after: bigint | null, limit: number): Promise<StoredEvent[]> {
    return this.readAllSync(after, limit);
  }

  readAllSync(after: bigint | null, limit: number): StoredEvent[] {
    return this.toStored(this.stmt.readAll.all(after === null ? 0 : Number(after), limit));
  }

  async headPosition(): Promise<bigint | null> {
    const p = this.stmt.head.get()?.p;
    return p == null ? null : BigInt(p);
  }

  async readByCommandId(commandId: string): Promise<StoredEvent[]> {
    if (!this.stmt.hasCommand.get(commandId)) return []; // the common case: a new command
    return this.toStored(this.stmt.byCommand.all(commandId)).filter((e) => e.metadata.commandId === commandId);
  }

  subscribe(
    after: bigint | null,
    handler: (events: readonly StoredEvent[]) => Promise<void>,
    options: SubscribeOptions = {},
  ): Subscription {
    const prefix = options.streamPrefix ?? STREAM_PREFIX;
    const maxBatch = options.maxBatch ?? 1000;
    let checkpoint = after;
    let stopped = false;
    let wake: (() => void) | undefined;
    const onAppend = () => wake?.();
    this.live.on('appended', onAppend);
    const loop = (async () => {
      while (!stopped && !this.closed) {
        const rows = this.readAllSync(checkpoint, maxBatch);
        if (rows.length === 0) {
          await new Promise<void>((r) => {
            wake = r;
            setTimeout(r, this.pollIntervalMs).unref();
          });
          wake = undefined;
          continue;
        }
        checkpoint = rows[rows.length - 1].position;
        const mine = rows.filter((e) => e.streamId.startsWith(prefix));
        if (mine.length > 0) await handler(mine);
      }
    })().catch((err) => {
      stopped = true;
      if (options.onError) options.onError(err);
      else console.error('event-store subscription stopped:', err);
    });
    return {
      stop: async () => {
        stopped = true;
        this.live.off('appended', onAppend);
        wake?.();
        await loop;
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) this.flush();
      await new Promise((r) => this.live.once('appended', r));
    }
    this.closed = true;
    this.live.emit('appended');
    if (this.writer) {
      const writer = this.writer;
      const exited = new Promise((r) => writer.once('exit', r));
      writer.ref();
      writer.postMessage({ type: 'close' });
      await exited;
    }
    this.db.close();
  }

  private toStored(rows: readonly Row[]): StoredEvent[] {
    return toStoredRows(rows, (streamId, revision) => this.stmt.lookBack.get(streamId, revision)!.metadata);
  }

  /** Sends everything queued to the writer as one transaction (one batch in flight at a time). */
  private flush(): void {
    this.flushScheduled = false;
    if (this.inFlight || this.queue.length === 0) return;
    if (this.writerFailure) {
      for (const req of this.queue.splice(0)) req.reject(this.writerFailure);
      return;
    }
    const batch = this.queue;
    this.queue = [];
    this.inFlight = { id: this.nextBatchId++, batch };
    this.writer!.ref();
    this.writer!.postMessage({ type: 'batch', id: this.inFlight.id, appends: batch.map((b) => b.append) });
  }

  private settle(msg: { id: number; results?: WriteResult[]; fatal?: string }): void {
    const flight = this.inFlight;
    if (!flight || flight.id !== msg.id) return;
    this.inFlight = undefined;
    this.writer!.unref();
    if (msg.fatal !== undefined) {
      const err = new Error(`event-store transaction failed, nothing of it is stored: ${msg.fatal}`);
      for (const req of flight.batch) req.reject(err);
    } else {
      flight.batch.forEach((req, i) => {
        const r = msg.results![i];
        if (r.ok) req.resolve({ nextRevision: r.nextRevision, position: BigInt(r.position) });
        else if ('actual' in r) req.reject(new WrongExpectedRevisionError(req.append.streamId, req.expected, r.actual < 0 ? 'no_stream' : r.actual));
        else req.reject(new Error(r.error));
      });
    }
    this.live.emit('appended');
    this.flush(); // what queued up during that commit goes next
  }

  private failWriter(err: Error): void {
    this.writerFailure ??= err;
    const pending = [...(this.inFlight?.batch ?? []), ...this.queue.splice(0)];
    this.inFlight = undefined;
    for (const req of pending) req.reject(err);
    this.live.emit('appended');
  }
}
