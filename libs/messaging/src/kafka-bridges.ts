// Entry point of the Kafka side for the single-process default: the command consumer and
// the event publisher. Without KAFKA_BROKERS nothing starts and nothing is lost: the
// publisher's checkpoint stays where it was and it catches up once Kafka is configured.
//
// Start-up never blocks the caller on the broker: connecting (and re-connecting after a
// failed start) happens in the background with backoff; `ready` resolves once both bridges
// run.
import { join } from 'node:path';
import type { CommandExecutor } from '../../application/src/command-executor.port.js';
import type { AppConfig } from '../../config/src/config.js';
import type { EventStore } from '../../event-store/src/event-store.port.js';
import { SqliteCheckpointStore } from './checkpoint-store.js';
import { startCommandConsumer } from './command-consumer.js';
import { startEventPublisher } from './event-publisher.js';
import { KafkajsMessageBus } from './kafkajs/kafkajs-message-bus.js';
import type { MessageBus } from './message-bus.port.js';
import { backoffMs, sleep } from './retry.js';
import { type KafkaTopics, kafkaTopics } from './topics.js';

export interface KafkaBridgeDeps {
  readonly config: AppConfig;
  readonly commands: CommandExecutor;
  readonly store: EventStore;
  readonly dataDir: string;
}

export interface KafkaBridges {
  stop(): Promise<void>;
  /** Resolves once the consumer joined its group and the publisher runs. */
  readonly ready: Promise<void>;
  readonly topics?: KafkaTopics;
}

/** Partitions of the topics the service owns (institution command topics are created by operations). */
export const SERVICE_TOPIC_PARTITIONS = { commandResults: 6, events: 6, commandsDlq: 1 } as const;

export const checkpointFile = (dataDir: string): string => join(dataDir, 'kafka-publisher.sqlite');

export function createMessageBus(config: AppConfig): MessageBus {
  return new KafkajsMessageBus({ brokers: config.kafka.brokers, clientId: config.kafka.clientId });
}

export async function ensureServiceTopics(bus: MessageBus, topics: KafkaTopics): Promise<void> {
  await bus.ensureTopics([
    { name: topics.commandResults, partitions: SERVICE_TOPIC_PARTITIONS.commandResults },
    { name: topics.events, partitions: SERVICE_TOPIC_PARTITIONS.events },
    { name: topics.commandsDlq, partitions: SERVICE_TOPIC_PARTITIONS.commandsDlq },
  ]);
}

/** Starts `what` until it succeeds or `signal` aborts, with backoff between attempts. */
export async function startWithRetry<T>(what: string, start: () => Promise<T>, signal: AbortSignal, log: (m: string) => void): Promise<T | undefined> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      return await start();
    } catch (err) {
      log(`starting ${what} failed (attempt ${attempt}), retrying: ${String(err)}`);
      await sleep(backoffMs(attempt, 500, 15_000), signal);
    }
  }
  return undefined;
}

export interface RunningBridge {
  stop(): Promise<void>;
  /** Resolves once the bridge runs (start-up retries in the background until then). */
  readonly ready: Promise<void>;
}

const logger = (name: string) => (m: string) => console.warn(`[kafka ${name}] ${m}`);

/**
 * One bridge: its own bus, the service topics ensured, then `start` (both retried in the
 * background until they succeed or the bridge is stopped); stop undoes it in reverse.
 */
function runBridge(
  name: string,
  config: AppConfig,
  start: (bus: MessageBus, topics: KafkaTopics, signal: AbortSignal, log: (m: string) => void) => Promise<{ stop(): Promise<void> } | undefined>,
  release: () => void = () => undefined,
): RunningBridge {
  const log = logger(name);
  const topics = kafkaTopics(config.kafka.topicPrefix);
  const bus = createMessageBus(config);
  const abort = new AbortController();
  let running: { stop(): Promise<void> } | undefined;
  const ready = (async () => {
    await startWithRetry('the service topics', () => ensureServiceTopics(bus, topics), abort.signal, log);
    if (!abort.signal.aborted) running = await start(bus, topics, abort.signal, log);
  })();
  ready.catch((err) => log(`could not start: ${String(err)}`)); // never an unhandled rejection
  return {
    ready,
    stop: async () => {
      abort.abort();
      await ready.catch(() => undefined);
      await running?.stop();
      await bus.close();
      release();
    },
  };
}

/** The event publisher of the single-process default (and of apps/kafka-publisher). */
export function startPublisherBridge(deps: { config: AppConfig; store: EventStore; dataDir: string }): RunningBridge {
  const checkpoints = new SqliteCheckpointStore(checkpointFile(deps.dataDir));
  return runBridge(
    'publisher',
    deps.config,
    async (bus, topics, _signal, log) => startEventPublisher({ bus, store: deps.store, topics, checkpoints, log }),
    () => checkpoints.close(),
  );
}

/** The command consumer of the single-process default (and of apps/kafka-consumer). */
export function startConsumerBridge(deps: { config: AppConfig; commands: CommandExecutor }): RunningBridge {
  return runBridge('consumer', deps.config, (bus, topics, signal, log) =>
    startWithRetry('the command consumer', () => startCommandConsumer({ bus, commands: deps.commands, topics, log }), signal, log),
  );
}

/**
 * Starts the command consumer and the event publisher when KAFKA_BROKERS is set; does
 * nothing otherwise. Never blocks on the broker: `ready` tells when both run.
 */
export async function startKafkaBridges(deps: KafkaBridgeDeps): Promise<KafkaBridges> {
  const { config } = deps;
  if (config.kafka.brokers.length === 0) return { stop: async () => undefined, ready: Promise.resolve() };
  const publisher = startPublisherBridge(deps);
  const consumer = startConsumerBridge(deps);
  const ready = Promise.all([publisher.ready, consumer.ready]).then(() => undefined);
  ready.catch(() => undefined); // each bridge logs its own failure
  return {
    topics: kafkaTopics(config.kafka.topicPrefix),
    ready,
    stop: async () => {
      await consumer.stop(); // no new commands first, then publish what they wrote
      await publisher.stop();
    },
  };
}
