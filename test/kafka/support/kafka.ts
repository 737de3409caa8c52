// Helpers of the Kafka integration tests: the real broker of scripts/kafka (127.0.0.1:19092
// unless KAFKA_TEST_BROKERS says otherwise), unique topic prefixes per run, a reader that
// collects what the service produced, and child processes for the apps.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import type { Consumer, Kafka as KafkaClient } from 'kafkajs';
import { type AppConfig, loadConfig } from '../../../libs/config/src/config.js';
import type { NewEvent } from '../../../libs/event-store/src/event-store.port.js';
import { ensureServiceTopics } from '../../../libs/messaging/src/kafka-bridges.js';
import { KafkajsMessageBus } from '../../../libs/messaging/src/kafkajs/kafkajs-message-bus.js';
import { kafkaTopics } from '../../../libs/messaging/src/topics.js';
import { testMetadata } from '../../support/event-fixtures.js';

const { Kafka, logLevel } = kafkajs;

export const BROKERS = (process.env.KAFKA_TEST_BROKERS ?? '127.0.0.1:19092').split(',');
export const REPO = process.cwd();

const usedPrefixes: string[] = [];
export const uniquePrefix = (name: string): string => {
  const prefix = `it-${name}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  usedPrefixes.push(prefix);
  return prefix;
};

/** Deletes the topics of every prefix this test file used (the broker's data dir is reused between runs). */
export async function deleteTestTopics(): Promise<void> {
  const admin = client().admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => usedPrefixes.some((p) => t.startsWith(`${p}.`)));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}
export const tempDir = (name: string): string => mkdtempSync(join(tmpdir(), `la-kafka-${name}-`));

export function testEnv(prefix: string, dataDir: string): NodeJS.ProcessEnv {
  return {
    DATA_DIR: dataDir,
    KAFKA_BROKERS: BROKERS.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_CLIENT_ID: 'kafka-it',
    SQLITE_SYNCHRONOUS: 'NORMAL',
    NODE_ENV: 'development',
  };
}
export const testConfig = (prefix: string, dataDir: string): AppConfig => loadConfig(testEnv(prefix, dataDir));

export const client = (): KafkaClient =>
  new Kafka({ clientId: 'kafka-it-client', brokers: BROKERS, logLevel: logLevel.ERROR, retry: { retries: 10, initialRetryTime: 200 } });

export async function createTopics(specs: { name: string; partitions: number }[]): Promise<void> {
  const admin = client().admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: specs.map((s) => ({ topic: s.name, numPartitions: s.partitions, replicationFactor: 1 })) });
  await admin.disconnect();
}

/** The service's own topics (results, events, DLQ) with their production partition counts. */
export async function createServiceTopics(prefix: string): Promise<void> {
  const bus = new KafkajsMessageBus({ brokers: BROKERS, clientId: 'kafka-it-admin' });
  await ensureServiceTopics(bus, kafkaTopics(prefix));
  await bus.close();
}

export interface Produced {
  readonly key: string | null;
  readonly value: string | Buffer | null;
  readonly partition?: number;
  readonly headers?: Record<string, string>;
}

export async function produce(topic: string, messages: Produced[]): Promise<void> {
  const producer = client().producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ ...m })) });
  await producer.disconnect();
}

export interface Received {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
  json<T = Record<string, unknown>>(): T;
}

/** Reads topics from the beginning with its own group and keeps everything it saw. */
export class TopicReader {
  readonly messages: Received[] = [];
  private consumer: Consumer | undefined;

  private constructor(private readonly topics: string[]) {}

  static async start(...topics: string[]): Promise<TopicReader> {
    const reader = new TopicReader(topics);
    await reader.run();
    return reader;
  }

  private async run(): Promise<void> {
    const consumer = client().consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100, allowAutoTopicCreation: true });
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(Array.isArray(v) ? v[0] : v);
        const value = message.value ?? null;
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key ? message.key.toString() : null,
          value,
          headers,
          json: <T>() => JSON.parse(value!.toString('utf8')) as T,
        });
      },
    });
    this.consumer = consumer;
  }

  on(topic: string): Received[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  async waitFor(what: string, predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (have ${this.messages.length} messages)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

export async function eventually(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** npm run kafka:start / kafka:stop, synchronously. */
export function brokerScript(action: 'start' | 'stop'): void {
  execFileSync('bash', [join(REPO, 'scripts/kafka', `${action}.sh`)], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Runs a TypeScript entry point of the repo as a real child process. */
export function spawnTs(entry: string, env: NodeJS.ProcessEnv): ChildProcess & { output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', join(REPO, 'test/support/register-ts.mjs'), join(REPO, entry)], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return Object.assign(child, { output: () => output });
}

export const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));

let seq = 0;
/** Events of a student stream as the application would append them (enough for the publisher). */
export function studentEvents(studentId: string, count: number, firstRevision = 0): NewEvent[] {
  const commandId = randomUUID();
  return Array.from({ length: count }, (_, i) => ({
    type: 'CreditsReserved',
    data: { occurredOn: '2025-09-23', enrolmentId: 'e1', componentId: `c${firstRevision + i}`, credits: -5, balanceAfter: 140 - 5 * (firstRevision + i + 1), rule: 'R7' },
    metadata: testMetadata({ commandId, recordedAt: new Date(Date.UTC(2025, 8, 23, 10, 0, 0, seq++ % 1000)).toISOString() }),
  }));
}
