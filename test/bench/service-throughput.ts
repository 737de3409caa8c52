// npm run bench: a benchmark, not a test. Measures, in one run on one machine:
//  1. commands/s end to end through the command executor and the @nestjs/cqrs command bus
//     (validation, authorization, idempotency check, load, decide, append with expected
//     revision) on the embedded SQLite store with durable commits (synchronous=FULL), for a
//     realistic mix over BENCH_STUDENTS students (default 100,000);
//  2. the raw floor: plain SQLite inserts of the very same event rows, with a stream read
//     before each command's insert, batched in transactions of BENCH_CONCURRENCY commands;
//  3. projection rebuild from position 0 in events/s.
// Each figure is the median of several chunks / rounds of the same run.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../apps/service/src/core.js';
import type { Actor } from '../../libs/event-store/src/event-store.port.js';
import { loadConfig } from '../../libs/config/src/config.js';
import { ReadModelStore } from '../../libs/projections/src/read-model.store.js';
import { rebuildReadModels } from '../../libs/projections/src/rebuild.js';
import { deterministicUuid } from '../../libs/application/src/event-envelope.js';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 100_000);
const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1024);
const REBUILD_ROUNDS = Number(process.env.BENCH_REBUILD_ROUNDS ?? 3);
const INSTITUTIONS = ['UGENT', 'KULEUVEN', 'UANTWERPEN', 'VUB', 'UHASSELT'];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The commands of one student: an enrolment of 10 components, results, a withdrawal. */
function commandsOf(i: number): { raw: unknown; actor: Actor }[] {
  const studentId = `bench-${i}`;
  const institutionId = INSTITUTIONS[i % INSTITUTIONS.length];
  const actor: Actor = { role: 'institution', institutionId };
  const id = (n: number) => deterministicUuid('bench', String(i), String(n));
  const components = Array.from({ length: 10 }, (_, c) => ({ componentId: `c${c}`, credits: 3 + ((i + c) % 7), term: c % 3 === 0 ? 'S1' : c % 3 === 1 ? 'S2' : 'Y' }));
  const cmd = (n: number, type: string, payload: unknown) => ({ raw: { commandId: id(n), type, studentId, payload }, actor });
  const out = [
    cmd(0, 'RegisterEnrolment', {
      enrolmentId: 'e1',
      academicYear: '2025-2026',
      programme: { code: 'BA-BENCH', kind: 'bachelor' },
      contract: i % 10 === 0 ? 'credit' : 'diploma',
      enrolledOn: '2025-09-22',
      components,
    }),
  ];
  const outcomes = ['passed', 'passed', 'passed', 'failed', 'tolerated', 'passed'];
  outcomes.forEach((outcome, c) =>
    out.push(cmd(1 + c, 'RecordResult', { enrolmentId: 'e1', componentId: `c${c}`, outcome, session: outcome === 'failed' ? 2 : 1, final: true, recordedOn: '2026-06-30' })),
  );
  out.push(cmd(7, 'WithdrawComponents', { enrolmentId: 'e1', withdrawnOn: i % 2 ? '2025-11-20' : '2026-02-10', componentIds: ['c6', 'c7'] }));
  if (i % 4 === 0) out.push(cmd(8, 'WithdrawEnrolment', { enrolmentId: 'e1', withdrawnOn: '2026-03-20' }));
  return out;
}

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'la-bench-'));
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  console.log(`students ${fmt(STUDENTS)}, chunks ${CHUNKS}, concurrency ${CONCURRENCY}, data in ${dir}`);
  const core = await createCore(loadConfig({ DATA_DIR: dir, AUTH_JWT_SECRET: 'bench', SQLITE_SYNCHRONOUS: 'FULL' }), { projections: process.env.BENCH_PROJECTIONS === '1' });

  // 1. Service: commands through the executor and the command bus.
  const per = Math.ceil(STUDENTS / CHUNKS);
  const serviceRates: number[] = [];
  let commands = 0;
  for (let c = 0; c < CHUNKS; c++) {
    const students = Array.from({ length: Math.min(per, STUDENTS - c * per) }, (_, k) => c * per + k);
    let n = 0;
    const t0 = process.hrtime.bigint();
    await pool(students, CONCURRENCY, async (i) => {
      for (const { raw, actor } of commandsOf(i)) {
        await core.commands.execute(raw, actor);
        n++;
      }
    });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    serviceRates.push(n / s);
    commands += n;
    console.log(`  service chunk ${c + 1}: ${fmt(n)} commands in ${s.toFixed(2)} s = ${fmt(n / s)} commands/s`);
  }
  const head = Number((await core.store.headPosition()) ?? 0n);
  await core.close();
  if (process.env.BENCH_SERVICE_ONLY) return;

  // 2. Floor: the same event rows, plain inserts, a stream read before each command.
  const src = new Database(join(dir, 'events.sqlite'), { readonly: true });
  type Row = { stream_id: string; revision: number; event_id: string; type: string; data: string; metadata: string };
  type CommandRow = { command_id: string; stream_id: string; first_revision: number; last_revision: number };
  const ddl = (src.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'").all() as { sql: string }[]).map((r) => r.sql);
  const rows = src.prepare('SELECT stream_id, revision, event_id, type, data, metadata FROM events ORDER BY position').all() as Row[];
  const commandRows = src.prepare('SELECT * FROM commands').all() as CommandRow[];
  src.close();
  // One group per append, as the service wrote it: its event rows and its command row.
  const startOf = new Map(commandRows.map((c) => [`${c.stream_id}\u0000${c.first_revision}`, c]));
  const groups: { rows: Row[]; command: CommandRow }[] = [];
  for (const r of rows) {
    const command = startOf.get(`${r.stream_id}\u0000${r.revision}`);
    if (command) groups.push({ rows: [r], command });
    else groups[groups.length - 1].rows.push(r);
  }
  const floorDb = new Database(join(dir, 'floor.sqlite'));
  floorDb.pragma('journal_mode = WAL');
  floorDb.pragma('synchronous = FULL');
  floorDb.pragma('cache_size = -65536');
  for (const sql of ddl) floorDb.exec(sql);
  const read = floorDb.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= 0 ORDER BY revision');
  const insert = floorDb.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  const insertCommand = floorDb.prepare('INSERT INTO commands (command_id, stream_id, first_revision, last_revision) VALUES (?, ?, ?, ?)');
  const batch = floorDb.transaction((gs: typeof groups) => {
    for (const g of gs) {
      read.all(g.command.stream_id);
      for (const r of g.rows) insert.run(r.stream_id, r.revision, r.event_id, r.type, r.data, r.metadata);
      insertCommand.run(g.command.command_id, g.command.stream_id, g.command.first_revision, g.command.last_revision);
    }
  });
  const floorRates: number[] = [];
  const perGroups = Math.ceil(groups.length / CHUNKS);
  for (let c = 0; c < CHUNKS; c++) {
    const chunk = groups.slice(c * perGroups, (c + 1) * perGroups);
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < chunk.length; k += CONCURRENCY) batch(chunk.slice(k, k + CONCURRENCY));
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    floorRates.push(chunk.length / s);
    console.log(`  floor chunk ${c + 1}: ${fmt(chunk.length)} commands in ${s.toFixed(2)} s = ${fmt(chunk.length / s)} commands/s`);
  }
  floorDb.close();

  // 3. Projection rebuild from position 0.
  const store = (await import('../../libs/event-store/src/sqlite/sqlite-event-store.js')).SqliteEventStore;
  const events = new store({ file: join(dir, 'events.sqlite') });
  const rebuildRates: number[] = [];
  for (let r = 0; r < REBUILD_ROUNDS; r++) {
    const file = join(dir, `rebuild-${r}.sqlite`);
    const rm = new ReadModelStore(file);
    const report = await rebuildReadModels(events, rm);
    rm.close();
    rmSync(file, { force: true });
    rebuildRates.push(report.eventsPerSecond);
    console.log(`  rebuild round ${r + 1}: ${fmt(report.events)} events in ${report.seconds.toFixed(2)} s = ${fmt(report.eventsPerSecond)} events/s`);
  }
  await events.close();

  const service = median(serviceRates);
  const floor = median(floorRates);
  console.log('');
  console.log(`commands stored: ${fmt(commands)} (${fmt(head)} events, ${fmt(groups.length)} appends)`);
  console.log(`service: median ${fmt(service)} commands/s (target >= 10,000)`);
  console.log(`floor:   median ${fmt(floor)} commands/s (plain inserts + stream read, ${CONCURRENCY} commands per transaction)`);
  console.log(`ratio service/floor: ${((100 * service) / floor).toFixed(1)} % (target >= 40 %)`);
  console.log(`rebuild: median ${fmt(median(rebuildRates))} events/s (target >= 200,000)`);
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
