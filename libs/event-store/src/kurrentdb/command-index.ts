// Local index commandId -> (stream, revision) for the KurrentDB adapter's readByCommandId.
//
// KurrentDB has no secondary index on metadata, and $by_correlation_id-style projections
// would need the projection subsystem (run-projections=none in our deployment). So the adapter
// keeps this small SQLite file under the configured data directory:
//   - fed directly by the adapter's own successful appends, and
//   - brought up to date from $all (filtered on our stream prefix, server side) from its stored
//     checkpoint before every lookup, so appends made by OTHER instances are found too.
// LIMITS: it is a cache of the server, never a source of truth. Each instance has its own; a
// new or lost file is rebuilt by one scan of every event of our streams (cost proportional to
// the store's size, paid on the first lookup). A lookup costs at least one $all round trip.
// Rows only point at events; the events themselves are read back from KurrentDB and checked
// against their metadata.commandId, so a stale row (e.g. a stream deleted or scavenged on the
// server) yields nothing instead of a wrong answer.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface CommandIndexRow {
  readonly commandId: string;
  readonly streamId: string;
  readonly revision: number;
}

export class CommandIndex {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, number, string]>;
  private readonly byCommand: Database.Statement<[string], { stream_id: string; revision: number }>;
  private readonly getCheckpoint: Database.Statement<[], { value: string }>;
  private readonly putCheckpoint: Database.Statement<[string]>;
  private readonly insertMany: (rows: readonly CommandIndexRow[], checkpoint: bigint | null) => void;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS command_events (
        stream_id TEXT NOT NULL, revision INTEGER NOT NULL, command_id TEXT NOT NULL,
        PRIMARY KEY (stream_id, revision)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS command_events_by_command ON command_events (command_id);
      CREATE TABLE IF NOT EXISTS index_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.insert = this.db.prepare('INSERT OR IGNORE INTO command_events (stream_id, revision, command_id) VALUES (?, ?, ?)');
    this.byCommand = this.db.prepare('SELECT stream_id, revision FROM command_events WHERE command_id = ? ORDER BY stream_id, revision');
    this.getCheckpoint = this.db.prepare("SELECT value FROM index_state WHERE key = 'checkpoint'");
    this.putCheckpoint = this.db.prepare("INSERT INTO index_state (key, value) VALUES ('checkpoint', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    this.insertMany = this.db.transaction((rows: readonly CommandIndexRow[], checkpoint: bigint | null) => {
      for (const r of rows) this.insert.run(r.streamId, r.revision, r.commandId);
      if (checkpoint !== null) this.putCheckpoint.run(checkpoint.toString());
    });
  }

  /** Position of the last $all event indexed (null = nothing yet). */
  checkpoint(): bigint | null {
    const row = this.getCheckpoint.get();
    return row ? BigInt(row.value) : null;
  }

  record(rows: readonly CommandIndexRow[], checkpoint: bigint | null = null): void {
    this.insertMany(rows, checkpoint);
  }

  find(commandId: string): { streamId: string; revision: number }[] {
    return this.byCommand.all(commandId).map((r) => ({ streamId: r.stream_id, revision: r.revision }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
