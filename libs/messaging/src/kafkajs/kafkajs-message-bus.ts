// kafkajs adapter of the messaging port.
//
// Producer: acks=all; idempotent producers use maxInFlightRequests=1 (kafkajs needs it to
// keep order under retries). Consumer: no auto-commit; a batch's offsets are committed only
// after the handler resolved; a handler that rejects leaves its offsets unresolved, so
// kafkajs fetches the same messages again after a backoff (nothing is skipped).
import kafkajs from 'kafkajs';
import type { Admin, Consumer, EachBatchPayload, Kafka as KafkaClient, LogEntry, Producer } from 'kafkajs';
import type {
  Consumption,
  ConsumeOptions,
  IncomingMessage,
  MessageBus,
  MessageProducer,
  OutgoingMessage,
  ProducerOptions,
  TopicSpec,
} from '../message-bus.port.js';
import { backoffMs, sleep } from '../retry.js';

const { Kafka, Partitioners, logLevel: LogLevel } = kafkajs;

export interface KafkajsMessageBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** kafkajs log level (default warn). */
  readonly logLevel?: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
  readonly connectionTimeoutMs?: number;
}

const LEVELS = { nothing: LogLevel.NOTHING, error: LogLevel.ERROR, warn: LogLevel.WARN, info: LogLevel.INFO, debug: LogLevel.DEBUG } as const;

// One line per entry on stderr; the known kafkajs warning about bounded idempotent retries is
// dropped (we bound them on purpose and start a fresh producer after a failure).
const logCreator = () => (entry: LogEntry) => {
  const { message, ...extra } = entry.log;
  if (typeof message === 'string' && message.startsWith('Limiting retries for the idempotent producer')) return;
  const name = ['', 'ERROR', 'WARN', 'INFO', '', 'DEBUG'][entry.level] ?? String(entry.level);
  const detail = 'error' in extra ? ` (${String((extra as { error?: unknown }).error)})` : '';
  process.stderr.write(`[kafkajs] ${name} ${entry.namespace}: ${message}${detail}\n`);
};

export class KafkajsMessageBus implements MessageBus {
  private readonly kafka: KafkaClient;
  private readonly closers = new Set<() => Promise<void>>();
  private admin: Admin | undefined;

  constructor(options: KafkajsMessageBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: LEVELS[options.logLevel ?? 'warn'],
      logCreator,
      connectionTimeout: options.connectionTimeoutMs ?? 3000,
      retry: { initialRetryTime: 200, maxRetryTime: 2000, retries: 5 },
    });
  }

  async producer(options: ProducerOptions): Promise<MessageProducer> {
    const producer: Producer = this.kafka.producer({
      idempotent: options.idempotent,
      maxInFlightRequests: options.idempotent ? 1 : undefined,
      allowAutoTopicCreation: true,
      createPartitioner: Partitioners.DefaultPartitioner, // murmur2, same partitions as the Java client
      // Bounded (the default for idempotent producers is forever): a send rejects after ~1 min
      // and the caller decides (the publisher replaces the producer and re-sends).
      retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 15 },
    });
    await producer.connect();
    const close = () => producer.disconnect();
    this.closers.add(close);
    return {
      send: async (messages: readonly OutgoingMessage[]) => {
        if (messages.length === 0) return;
        const byTopic = new Map<string, OutgoingMessage[]>();
        for (const m of messages) {
          const list = byTopic.get(m.topic) ?? [];
          list.push(m);
          byTopic.set(m.topic, list);
        }
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, list]) => ({
            topic,
            messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers ? { ...m.headers } : undefined })),
          })),
        });
      },
      disconnect: async () => {
        this.closers.delete(close);
        await producer.disconnect();
      },
    };
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor: -1 })),
    });
  }

  async consume(options: ConsumeOptions): Promise<Consumption> {
    const run = new ConsumerRun(this.kafka, () => this.getAdmin(), options);
    await run.start();
    const close = () => run.stop();
    this.closers.add(close);
    return {
      stop: async () => {
        this.closers.delete(close);
        await run.stop();
      },
    };
  }

  async close(): Promise<void> {
    for (const close of [...this.closers]) await close().catch(() => undefined);
    this.closers.clear();
    if (this.admin) await this.admin.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }
}

const toIncoming = (topic: string, partition: number, m: EachBatchPayload['batch']['messages'][number]): IncomingMessage => {
  const headers: Record<string, Buffer | undefined> = {};
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    const v = Array.isArray(value) ? value[value.length - 1] : value;
    headers[name] = v === undefined ? undefined : Buffer.isBuffer(v) ? v : Buffer.from(String(v));
  }
  return { topic, partition, offset: m.offset, key: m.key ?? null, value: m.value ?? null, headers, timestamp: m.timestamp };
};

/**
 * One consumer group membership. Pattern subscriptions are resolved against the broker's
 * topic list (kafkajs resolves a RegExp only once, at subscribe time); a timer looks for new
 * matching topics and re-joins with the larger set.
 */
class ConsumerRun {
  private consumer: Consumer | undefined;
  private subscribed: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly kafka: KafkaClient,
    private readonly admin: () => Promise<Admin>,
    private readonly options: ConsumeOptions,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    if (this.options.topics.some((t) => t instanceof RegExp)) {
      this.timer = setInterval(() => {
        this.chain = this.chain.then(() => this.refresh()).catch((err) => this.options.onError?.(err));
      }, this.options.topicRefreshMs ?? 10_000);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.chain.catch(() => undefined);
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async matchingTopics(): Promise<string[]> {
    const names = new Set<string>();
    const patterns = this.options.topics.filter((t): t is RegExp => t instanceof RegExp);
    for (const t of this.options.topics) if (typeof t === 'string') names.add(t);
    if (patterns.length > 0) {
      const all = await (await this.admin()).listTopics();
      for (const name of all) if (patterns.some((p) => new RegExp(p.source, p.flags.replace('g', '')).test(name))) names.add(name);
    }
    return [...names].sort();
  }

  private async refresh(): Promise<void> {
    if (this.stopped) return;
    const topics = await this.matchingTopics();
    if (this.consumer && topics.join('\n') === this.subscribed.join('\n')) return;
    if (this.consumer) {
      await this.consumer.disconnect(); // waits for the running batch; its offsets are committed
      this.consumer = undefined;
    }
    this.subscribed = topics;
    if (topics.length === 0 || this.stopped) return;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      // A crashed member's partitions move on after this long; a running handler keeps
      // the membership alive with heartbeats (eachBatch below).
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 250,
      retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 10 },
    });
    consumer.on(consumer.events.CRASH, (e) => this.options.onError?.(e.payload.error));
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    this.consumer = consumer;
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const key = `${batch.topic}:${batch.partition}`;
    const max = this.options.maxBatch ?? 100;
    for (let i = 0; i < batch.messages.length; i += max) {
      if (!isRunning() || isStale() || this.stopped) return;
      const chunk = batch.messages.slice(i, i + max);
      const beat = setInterval(() => void heartbeat().catch(() => undefined), 1_000);
      try {
        await this.options.handler({
          topic: batch.topic,
          partition: batch.partition,
          messages: chunk.map((m) => toIncoming(batch.topic, batch.partition, m)),
        });
      } catch (err) {
        // Not resolved: kafkajs fetches this chunk again after the pause.
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        this.options.onError?.(err);
        await sleep(backoffMs(n, 200, 10_000));
        await heartbeat().catch(() => undefined);
        return;
      } finally {
        clearInterval(beat);
      }
      this.failures.delete(key);
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      await commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }] }],
      });
      await heartbeat();
    }
  }
}
