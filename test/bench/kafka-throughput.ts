// Throughput through the real broker, one run (npm run bench:kafka):
//  1. commands/s end to end: N RegisterEnrolment commands produced to
//     <prefix>.commands.UGENT → all N results consumed from <prefix>.command-results
//     (consumer → real application core with its SQLite store → results), and the 3N events
//     they cause consumed from <prefix>.events (publisher running at the same time).
//  2. events/s published: a fresh publisher (new topic prefix, so no checkpoint) drains the
//     whole store to Kafka: stored events → acknowledged by the broker → consumed.
// BENCH_COMMANDS (default 2000) sets N; SQLITE_SYNCHRONOUS (default FULL) the store's fsync mode. Prints one summary line per figure.
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { createCore } from '../../apps/service/src/core.js';
import { startKafkaBridges, startPublisherBridge } from '../../libs/messaging/src/kafka-bridges.js';
import { kafkaTopics } from '../../libs/messaging/src/topics.js';
import { loadConfig } from '../../libs/config/src/config.js';
import { BROKERS, brokerScript, createServiceTopics, createTopics, deleteTestTopics, tempDir, testConfig, testEnv, uniquePrefix } from '../kafka/support/kafka.js';

const N = Number(process.env.BENCH_COMMANDS ?? 2000);
const { Kafka, logLevel } = kafkajs;
const kafka = new Kafka({ clientId: 'bench', brokers: BROKERS, logLevel: logLevel.ERROR });

/** Counts messages on topics from the beginning; resolves `until(n)` when n were seen. */
async function counter(topics: string[]) {
  const counts = new Map<string, number>();
  const ids = new Set<string>();
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        counts.set(batch.topic, (counts.get(batch.topic) ?? 0) + 1);
        if (batch.topic.endsWith('.events')) ids.add(JSON.parse(m.value!.toString()).id);
      }
    },
  });
  await joined;
  const until = async (topic: string, n: number, distinct = false): Promise<number> => {
    const deadline = Date.now() + 600_000;
    while ((distinct ? ids.size : (counts.get(topic) ?? 0)) < n) {
      if (Date.now() > deadline) throw new Error(`timeout: ${counts.get(topic)} of ${n} on ${topic}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now();
  };
  return { until, stop: () => consumer.disconnect(), ids };
}

const command = (i: number) => ({
  commandId: randomUUID(),
  type: 'RegisterEnrolment',
  studentId: `bench-${i}`,
  payload: {
    enrolmentId: 'e1',
    academicYear: '2025-2026',
    programme: { code: 'BA-X', kind: 'bachelor' },
    contract: 'diploma',
    enrolledOn: '2025-09-23',
    components: [{ componentId: 'a', credits: 30, term: 'S1' }],
  },
});

brokerScript('start');
const prefix = uniquePrefix('bench');
const topics = kafkaTopics(prefix);
const dir = tempDir('bench');
// SQLITE_SYNCHRONOUS=FULL (the default: every commit fsynced) unless the environment says NORMAL.
const config = loadConfig({ ...testEnv(prefix, dir), SQLITE_SYNCHRONOUS: process.env.SQLITE_SYNCHRONOUS ?? 'FULL' });
await createServiceTopics(prefix);
await createTopics([{ name: topics.commandsOf('UGENT'), partitions: 6 }]);
const core = await createCore(config);
const bridges = await startKafkaBridges({ config, commands: core.commands, store: core.store, dataDir: dir });
await bridges.ready;
const count = await counter([topics.commandResults, topics.events]);

// Pre-build and pre-connect so only the pipeline is measured.
const messages = Array.from({ length: N }, (_, i) => ({ key: `bench-${i}`, value: JSON.stringify(command(i)) }));
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
const t0 = performance.now();
for (let i = 0; i < N; i += 500) await producer.send({ topic: topics.commandsOf('UGENT'), acks: -1, messages: messages.slice(i, i + 500) });
const tProduced = performance.now();
const tResults = await count.until(topics.commandResults, N);
const tEvents = await count.until(topics.events, 3 * N, true);
await producer.disconnect();
await bridges.stop();
await count.stop();

// Phase 2: a publisher without checkpoint drains the whole store.
const stored = (await core.store.headPosition()) ?? 0n;
const prefix2 = uniquePrefix('benchpub');
await createServiceTopics(prefix2);
const count2 = await counter([kafkaTopics(prefix2).events]);
const t2 = performance.now();
const publisher = startPublisherBridge({ config: { ...config, kafka: testConfig(prefix2, dir).kafka }, store: core.store, dataDir: dir });
await publisher.ready;
const t3 = await count2.until(kafkaTopics(prefix2).events, 3 * N, true);
await publisher.stop();
await count2.stop();
await core.close();
await deleteTestTopics();

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
console.log(`kafka throughput (broker ${BROKERS.join(',')}, ${N} commands, 6 partitions, SQLite ${config.sqliteSynchronous}):`);
console.log(`  produce ${N} commands: ${(tProduced - t0).toFixed(0)} ms`);
console.log(`  commands end to end (produce → result consumed): ${rate(N, tResults - t0)} commands/s (${(tResults - t0).toFixed(0)} ms)`);
console.log(`  events during the same run (produce → all ${3 * N} events consumed): ${rate(3 * N, tEvents - t0)} events/s (${(tEvents - t0).toFixed(0)} ms)`);
console.log(`  publisher draining a backlog of ${stored} stored events: ${rate(3 * N, t3 - t2)} events/s (${(t3 - t2).toFixed(0)} ms)`);
process.exit(0);
