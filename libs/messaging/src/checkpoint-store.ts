// Durable checkpoint of the event publisher: one row per publisher name in a small SQLite
// file of its own (under DATA_DIR), fsynced on every write. Independent of the event-store
// adapter, so it works the same over SQLite or KurrentDB.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface CheckpointStore {
  /** The global position of the last event acknowledged by the broker; null = nothing yet. */
  get(name: string): bigint | null;
  set(name: string, position: bigint): void;
  close(): void;
}

export class SqliteCheckpointStore implements CheckpointStore {
  private readonly db: Database.Database;
  private readonly read: Database.Statement<[string], { position: string }>;
  private readonly write: Database.Statement<[string, string, string]>;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS publisher_checkpoint (
      name TEXT PRIMARY KEY, position TEXT NOT NULL, updated_at TEXT NOT NULL)`);
    this.read = this.db.prepare('SELECT position FROM publisher_checkpoint WHERE name = ?');
    this.write = this.db.prepare(
      `INSERT INTO publisher_checkpoint (name, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
  }

  get(name: string): bigint | null {
    const row = this.read.get(name);
    return row ? BigInt(row.position) : null;
  }

  set(name: string, position: bigint): void {
    this.write.run(name, position.toString(), new Date().toISOString());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
