// SQLite adapter of the event-store port: the embedded default (better-sqlite3, WAL).
//
// Group commit: appends requested while the event loop is busy are written together in one
// transaction on the next turn (one fsync for many commands). Each append keeps its own
// expected-revision check inside the shared transaction (a savepoint per append), so one
// conflict never fails its neighbours. A promise resolves only after COMMIT returned; with
// synchronous=FULL that means the WAL was fsynced, so an acknowledged append survives a
// crash or power loss; appends not yet acknowledged may be lost and were never answered.
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
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
  /** How often a subscription looks for rows written by another process (ms). */
  readonly pollIntervalMs?: number;
}

interface Row {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
}

interface PendingAppend {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly NewEvent[];
  readonly resolve: (r: AppendResult) => void;
  readonly reject: (e: unknown) => void;
}

interface MetaRow extends Omit<Row, 'metadata'> {
  metadata: string | null;
}

/**
 * Events of one append share their metadata but for the event id, so only the first row of
 * an append stores it (the others store NULL): a third of the bytes written per command.
 * Reading a NULL row takes the metadata of the row before it in the same stream.
 */
function toStoredRows(rows: readonly MetaRow[], lookBack: (streamId: string, revision: number) => string): StoredEvent[] {
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
  a.commandId === b.commandId &&
  a.correlationId === b.correlationId &&
  a.causationId === b.causationId &&
  a.recordedAt === b.recordedAt &&
  a.schemaVersion === b.schemaVersion &&
  a.commandHash === b.commandHash &&
  JSON.stringify(a.actor) === JSON.stringify(b.actor) &&
  Object.keys(a).length === Object.keys(b).length;

export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly live = new EventEmitter();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly pollIntervalMs: number;
  private readonly stmt: {
    lastRevision: Database.Statement<[string], { r: number | null }>;
    insert: Database.Statement;
    insertCommand: Database.Statement;
    atRevision: Database.Statement<[string, number], { event_id: string; position: number }>;
    readStream: Database.Statement<[string, number], MetaRow>;
    readAll: Database.Statement<[number, number], MetaRow>;
    lookBack: Database.Statement<[string, number], { metadata: string }>;
    head: Database.Statement<[], { p: number | null }>;
    byCommand: Database.Statement<[string], MetaRow>;
    hasCommand: Database.Statement<[string], { one: number }>;
  };
  private readonly writeBatch: (batch: PendingAppend[]) => (AppendResult | Error)[];

  constructor(options: SqliteEventStoreOptions) {
    mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    // 64 MiB page cache: the (stream_id, revision) and command indexes take random inserts.
    this.db.pragma('cache_size = -65536');
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
      lastRevision: this.db.prepare('SELECT MAX(revision) AS r FROM events WHERE stream_id = ?'),
      insert: this.db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
      insertCommand: this.db.prepare('INSERT OR IGNORE INTO commands (command_id, stream_id, first_revision, last_revision) VALUES (?, ?, ?, ?)'),
      atRevision: this.db.prepare('SELECT event_id, position FROM events WHERE stream_id = ? AND revision = ?'),
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
    const appendOne = this.db.transaction((req: PendingAppend): AppendResult => this.appendInTransaction(req));
    this.writeBatch = this.db.transaction((batch: PendingAppend[]) =>
      batch.map((req) => {
        try {
          return appendOne(req); // nested transaction = savepoint: a failed append leaves nothing
        } catch (e) {
          return e instanceof Error ? e : new Error(String(e));
        }
      }),
    );
  }

  async readStream(streamId: string, fromRevision = 0): Promise<StoredEvent[]> {
    return this.toStored(this.stmt.readStream.all(streamId, fromRevision));
  }

  /** Synchronous read for callers that batch work inside one turn (projections, bench). */
  readStreamSync(streamId: string): StoredEvent[] {
    return this.toStored(this.stmt.readStream.all(streamId, 0));
  }

  append(streamId: string, expected: ExpectedRevision, events: readonly NewEvent[]): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store closed'));
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, expected, events, resolve, reject });
      if (!this.flushScheduled) {
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
    if (this.queue.length > 0) this.flush();
    this.closed = true;
    this.live.emit('appended');
    this.db.close();
  }

  private toStored(rows: readonly MetaRow[]): StoredEvent[] {
    return toStoredRows(rows, (streamId, revision) => this.stmt.lookBack.get(streamId, revision)!.metadata);
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let results: (AppendResult | Error)[];
    try {
      results = this.writeBatch(batch);
    } catch (e) {
      for (const req of batch) req.reject(e); // the whole transaction failed: nothing of it is stored
      return;
    }
    batch.forEach((req, i) => {
      const r = results[i];
      if (r instanceof Error) req.reject(r);
      else req.resolve(r);
    });
    this.live.emit('appended');
  }

  private appendInTransaction(req: PendingAppend): AppendResult {
    const last = this.stmt.lastRevision.get(req.streamId)?.r ?? null;
    const actual: ExpectedRevision = last === null ? 'no_stream' : last;
    if (actual !== req.expected) {
      const replay = this.alreadyAppended(req);
      if (replay) return replay;
      throw new WrongExpectedRevisionError(req.streamId, req.expected, actual);
    }
    let revision = last === null ? -1 : last;
    let position = 0;
    let commandStart = revision + 1;
    req.events.forEach((e, i) => {
      revision += 1;
      const shared = i > 0 && sharesMetadata(req.events[i - 1].metadata, e.metadata);
      const info = this.stmt.insert.run(req.streamId, revision, e.metadata.eventId, e.type, JSON.stringify(e.data), shared ? null : JSON.stringify(e.metadata));
      position = Number(info.lastInsertRowid);
      const next = req.events[i + 1];
      if (!next || next.metadata.commandId !== e.metadata.commandId) {
        this.stmt.insertCommand.run(e.metadata.commandId, req.streamId, commandStart, revision);
        commandStart = revision + 1;
      }
    });
    return { nextRevision: revision, position: BigInt(position) };
  }

  /** The same event ids already stored right after `expected`: a retried append, absorbed. */
  private alreadyAppended(req: PendingAppend): AppendResult | undefined {
    const first = req.expected === 'no_stream' ? 0 : req.expected + 1;
    let found: { position: number } | undefined;
    for (const [i, e] of req.events.entries()) {
      const row = this.stmt.atRevision.get(req.streamId, first + i);
      if (!row || row.event_id !== e.metadata.eventId) return undefined;
      found = row;
    }
    return found && { nextRevision: first + req.events.length - 1, position: BigInt(found.position) };
  }
}
