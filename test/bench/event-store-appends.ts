// Benchmark: appends/s through the event-store port, single-event appends with an expected
// revision, many streams, some concurrency. One run measures the KurrentDB adapter (real client
// over loopback gRPC) against the KurrentDB TEST DOUBLE started as a child process (its own
// event loop), optionally a real server (KURRENTDB_URL), and the SQLite adapter (FULL and
// NORMAL). Prints the median (and range) of a few rounds.
//
//   npx tsc -p tsconfig.json && npm run bench:event-store
//   env: BENCH_ROUNDS (5), BENCH_STREAMS (200), BENCH_APPENDS_PER_STREAM (5), BENCH_CONCURRENCY (16)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STREAM_PREFIX, type EventStore, type NewEvent } from '../../libs/event-store/src/event-store.port.js';
import { KurrentDbEventStore } from '../../libs/event-store/src/kurrentdb/kurrentdb-event-store.js';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store.js';
import { testMetadata } from '../support/event-fixtures.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 200);
const PER_STREAM = Number(process.env.BENCH_APPENDS_PER_STREAM ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

function event(i: number): NewEvent {
  const commandId = randomUUID();
  return {
    type: 'CreditsReserved',
    data: { enrolmentId: 'enr-1', componentId: `c-${i}`, credits: -6, balanceAfter: 134, rule: 'R7' },
    metadata: testMetadata({ commandId }),
  };
}

/** One round: CONCURRENCY workers, each appending PER_STREAM single events to its streams. */
async function round(store: EventStore): Promise<number> {
  const streams = Array.from({ length: STREAMS }, () => `${STREAM_PREFIX}bench-${randomUUID()}`);
  let next = 0;
  const worker = async () => {
    for (let s = next++; s < streams.length; s = next++) {
      for (let i = 0; i < PER_STREAM; i++) await store.append(streams[s]!, i === 0 ? 'no_stream' : i - 1, [event(i)]);
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (STREAMS * PER_STREAM) / seconds;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function measure(name: string, open: () => Promise<EventStore>): Promise<void> {
  const store = await open();
  try {
    await round(store); // warm-up (connections, JIT, file creation)
    const rates: number[] = [];
    for (let r = 0; r < ROUNDS; r++) rates.push(await round(store));
    const f = (x: number) => x.toFixed(0).padStart(7);
    console.log(`${name.padEnd(38)} median ${f(median(rates))} appends/s   (min ${f(Math.min(...rates))}, max ${f(Math.max(...rates))}, ${ROUNDS} rounds)`);
  } finally {
    await store.close();
  }
}

async function startDoubleProcess(): Promise<{ url: string; child: ChildProcess }> {
  const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'support', 'kurrentdb-double', 'main.js');
  const child = spawn(process.execPath, [main], { env: { ...process.env, KURRENTDB_DOUBLE_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /connect with (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`double exited with ${code}`)));
  });
  return { url, child };
}

console.log(`event-store appends: ${STREAMS} streams x ${PER_STREAM} single-event appends with expected revision, ${CONCURRENCY} concurrent writers, node ${process.version}`);
const dir = mkdtempSync(join(tmpdir(), 'bench-event-store-'));
const double = await startDoubleProcess();
try {
  await measure('kurrentdb adapter -> double (child)', async () => new KurrentDbEventStore({ connectionString: double.url, dataDir: join(dir, 'kdb') }));
  if (process.env.KURRENTDB_URL) {
    await measure(`kurrentdb adapter -> ${process.env.KURRENTDB_URL}`, async () => new KurrentDbEventStore({ connectionString: process.env.KURRENTDB_URL!, dataDir: join(dir, 'kdb-real') }));
  }
  await measure('sqlite adapter, synchronous=FULL', async () => new SqliteEventStore({ file: join(dir, 'full.sqlite'), synchronous: 'FULL' }));
  await measure('sqlite adapter, synchronous=NORMAL', async () => new SqliteEventStore({ file: join(dir, 'normal.sqlite'), synchronous: 'NORMAL' }));
} finally {
  double.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
