// The SQLite event store's writer, in a worker thread: it runs the group-commit
// transactions (inserts, COMMIT and its fsync) while the main thread keeps deciding the next
// commands. Plain JavaScript (no build step) so that the sources under test and the built
// service load the same file.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${workerData.synchronous}`);
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -65536');

const lastRevision = db.prepare('SELECT MAX(revision) AS r FROM events WHERE stream_id = ?');
const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
const insertCommand = db.prepare('INSERT OR IGNORE INTO commands (command_id, stream_id, first_revision, last_revision) VALUES (?, ?, ?, ?)');
const atRevision = db.prepare('SELECT event_id, position FROM events WHERE stream_id = ? AND revision = ?');

/** The same event ids already stored right after `expected`: a retried append, absorbed. */
function alreadyAppended(a) {
  const first = a.expected + 1;
  let position;
  for (const [i, e] of a.events.entries()) {
    const row = atRevision.get(a.streamId, first + i);
    if (!row || row.event_id !== e.eventId) return undefined;
    position = row.position;
  }
  return { ok: 1, nextRevision: first + a.events.length - 1, position };
}

/** One append, checked against its expected revision (-1: the stream must not exist). */
const appendOne = db.transaction((a) => {
  const last = lastRevision.get(a.streamId).r ?? -1;
  if (last !== a.expected) return alreadyAppended(a) ?? { ok: 0, actual: last };
  let revision = last;
  let position = 0;
  let commandStart = revision + 1;
  a.events.forEach((e, i) => {
    revision += 1;
    position = Number(insert.run(a.streamId, revision, e.eventId, e.type, e.data, e.metadata).lastInsertRowid);
    const next = a.events[i + 1];
    if (!next || next.commandId !== e.commandId) {
      insertCommand.run(e.commandId, a.streamId, commandStart, revision);
      commandStart = revision + 1;
    }
  });
  return { ok: 1, nextRevision: revision, position };
});

// Nested transaction = savepoint: a failed append leaves nothing and fails alone.
const writeBatch = db.transaction((appends) =>
  appends.map((a) => {
    try {
      return appendOne(a);
    } catch (e) {
      return { ok: 0, error: String(e?.message ?? e) };
    }
  }),
);

parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: msg.id, results: writeBatch(msg.appends) });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, fatal: String(e?.message ?? e) });
  }
});
