// Read models in SQLite (better-sqlite3, WAL): the account view with its folded state, the
// audit trail, and one checkpoint per projection, written in the same transaction as the
// rows it covers. They are derived data: `npm run projections:rebuild` recreates them.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AccountState } from '../../domain/src/index.js';

/** Where the read models live under DATA_DIR. */
export const readModelFile = (dataDir: string): string => join(dataDir, 'readmodels.sqlite');

/** Secondary indexes: dropped during a bulk rebuild and built again at its end. */
const INDEXES = `
  CREATE INDEX IF NOT EXISTS accounts_for_rebuild ON accounts (balance) WHERE opened = 1;
  CREATE UNIQUE INDEX IF NOT EXISTS history_by_student ON history (student_id, revision);
`;

export interface HistoryItem {
  readonly position: number;
  readonly revision: number;
  readonly type: string;
  readonly occurredOn: string | null;
  readonly recordedAt: string;
  readonly credits: number;
  readonly balanceAfter: number;
  readonly rule: string | null;
  readonly reason?: string;
  readonly institutionId?: string;
  readonly enrolmentId?: string;
  readonly componentId?: string;
  readonly commandId: string;
}

export interface AccountRow {
  readonly studentId: string;
  /** The folded account; the view is derived from it on read (toView). */
  readonly state: AccountState;
}

export class ReadModelStore {
  private readonly db: Database.Database;
  private readonly stmt;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // Derived data: a power loss may cost the last commits, which the projection replays
    // from its checkpoint (stored in the same transaction).
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS accounts (
        student_id TEXT PRIMARY KEY,
        opened     INTEGER NOT NULL,
        balance    REAL    NOT NULL,
        rebuild_active INTEGER NOT NULL,
        state      TEXT    NOT NULL
      );
      -- Appended in global order (cheap inserts); the index serves one student's trail.
      CREATE TABLE IF NOT EXISTS history (
        position   INTEGER PRIMARY KEY,
        student_id TEXT    NOT NULL,
        revision   INTEGER NOT NULL,
        item       TEXT    NOT NULL
      );
    `);
    this.db.exec(INDEXES);
    this.stmt = {
      checkpoint: this.db.prepare<[string], { position: string }>('SELECT position FROM checkpoints WHERE name = ?'),
      saveCheckpoint: this.db.prepare('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position'),
      account: this.db.prepare<[string], { state: string }>('SELECT state FROM accounts WHERE student_id = ?'),
      upsertAccount: this.db.prepare(
        `INSERT INTO accounts (student_id, opened, balance, rebuild_active, state) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(student_id) DO UPDATE SET opened = excluded.opened, balance = excluded.balance,
           rebuild_active = excluded.rebuild_active, state = excluded.state`,
      ),
      history: this.db.prepare<[string], { item: string }>('SELECT item FROM history WHERE student_id = ? ORDER BY revision'),
      insertHistory: this.db.prepare('INSERT OR REPLACE INTO history (position, student_id, revision, item) VALUES (?, ?, ?, ?)'),
      rebuildCandidates: this.db.prepare<[], { student_id: string }>(
        'SELECT student_id FROM accounts WHERE opened = 1 AND (balance < 60 OR rebuild_active = 1) ORDER BY student_id',
      ),
    };
  }

  checkpoint(name: string): bigint | null {
    const row = this.stmt.checkpoint.get(name);
    return row ? BigInt(row.position) : null;
  }

  account(studentId: string): AccountRow | undefined {
    const row = this.stmt.account.get(studentId);
    return row && { studentId, state: JSON.parse(row.state) };
  }

  history(studentId: string): HistoryItem[] {
    return this.stmt.history.all(studentId).map((r) => JSON.parse(r.item));
  }

  /** Accounts an academic-year opening may concern (R20, R21, R23): below 60 or with a rebuild running. */
  rebuildCandidates(): string[] {
    return this.stmt.rebuildCandidates.all().map((r) => r.student_id);
  }

  /** Writes one batch of a projection with its checkpoint, atomically. */
  writeBatch(
    name: string,
    position: bigint,
    accounts: Iterable<AccountRow>,
    history: Iterable<{ studentId: string; item: HistoryItem }>,
  ): void {
    this.db.transaction(() => {
      for (const h of history) this.stmt.insertHistory.run(h.item.position, h.studentId, h.item.revision, JSON.stringify(h.item));
      for (const a of accounts) {
        this.stmt.upsertAccount.run(a.studentId, a.state.opened ? 1 : 0, a.state.balance, a.state.rebuild?.active ? 1 : 0, JSON.stringify(a.state));
      }
      this.stmt.saveCheckpoint.run(name, position.toString());
    })();
  }

  /** Empties every read model (rebuild from position 0). */
  reset(): void {
    this.db.exec('DELETE FROM history; DELETE FROM accounts; DELETE FROM checkpoints;');
  }

  /**
   * Bulk mode for a rebuild: no fsync, and the secondary indexes are dropped while the rows
   * go in and built once at the end (a sort instead of a random insert per row). Safe
   * because a rebuild that dies is simply run again from position 0.
   */
  bulk(on: boolean): void {
    if (on) {
      this.db.pragma('synchronous = OFF');
      this.db.exec('DROP INDEX IF EXISTS history_by_student; DROP INDEX IF EXISTS accounts_for_rebuild;');
    } else {
      this.db.exec(INDEXES);
      this.db.pragma('synchronous = NORMAL');
    }
  }

  close(): void {
    this.db.close();
  }
}
