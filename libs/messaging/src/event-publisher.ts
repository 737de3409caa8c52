// Event store → `<prefix>.events` as CloudEvents 1.0 (contract section 5).
//
// A checkpointed catch-up subscription: every stored event of a student stream is sent with
// key = studentId through an idempotent producer; the checkpoint (global position) is
// written to the publisher's own SQLite file only after the broker acknowledged the batch.
// After a crash it resumes from the checkpoint: at least once, no gaps; a batch that was
// sent but not yet checkpointed is sent again (consumers deduplicate on the CloudEvents id).
// Order per student is kept: batches are sent one after the other, each in stored order,
// and a failed batch is re-sent whole (the same key always lands on the same partition).
//
// Streams `learning-account-@policy-*` and `learning-account-@operator` are not published:
// they hold institution policies and operator decisions, not a student's account; their
// effects on an account are recorded as events of that student's stream, which are. The
// checkpoint moves past them all the same.
import { type EventStore, isStudentStream, type StoredEvent, studentIdOf, type Subscription } from '../../event-store/src/event-store.port.js';
import { CLOUDEVENTS_CONTENT_TYPE, DEFAULT_CLOUDEVENT_SOURCE, toCloudEvent } from './cloud-event.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { MessageBus, OutgoingMessage } from './message-bus.port.js';
import { ResilientProducer } from './resilient-producer.js';
import { backoffMs, sleep } from './retry.js';
import type { KafkaTopics } from './topics.js';

export interface EventPublisherOptions {
  readonly bus: MessageBus;
  readonly store: EventStore;
  readonly topics: KafkaTopics;
  readonly checkpoints: CheckpointStore;
  /** Row of the checkpoint table (default: the events topic name). */
  readonly checkpointName?: string;
  readonly source?: string;
  /** Largest batch read from the store and sent at once (default 500). */
  readonly maxBatch?: number;
  readonly retryMaxMs?: number;
  readonly log?: (message: string) => void;
}

export interface RunningEventPublisher {
  /** Global position of the last event acknowledged by the broker (as checkpointed). */
  checkpoint(): bigint | null;
  /** Events sent and acknowledged since start (re-sends included). */
  published(): number;
  stop(): Promise<void>;
}

class Stopped extends Error {}

export function toEventMessage(event: StoredEvent, topic: string, source: string): OutgoingMessage {
  return {
    topic,
    key: studentIdOf(event.streamId),
    value: JSON.stringify(toCloudEvent(event, source)),
    headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
  };
}

export function startEventPublisher(options: EventPublisherOptions): RunningEventPublisher {
  const log = options.log ?? ((m: string) => console.warn(`[event-publisher] ${m}`));
  const name = options.checkpointName ?? options.topics.events;
  const source = options.source ?? DEFAULT_CLOUDEVENT_SOURCE;
  const producer = new ResilientProducer(options.bus, true);
  const abort = new AbortController();
  let subscription: Subscription | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let published = 0;
  let position = options.checkpoints.get(name);

  const sendUntilAcknowledged = async (messages: OutgoingMessage[]): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      if (abort.signal.aborted) throw new Stopped('publisher stopped');
      try {
        await producer.send(messages);
        return;
      } catch (err) {
        if (abort.signal.aborted) throw new Stopped('publisher stopped');
        log(`sending ${messages.length} event(s) failed (attempt ${attempt}), will retry: ${String(err)}`);
        await sleep(backoffMs(attempt, 250, options.retryMaxMs ?? 5000), abort.signal);
      }
    }
  };

  const handler = async (events: readonly StoredEvent[]): Promise<void> => {
    const messages = events.filter((e) => isStudentStream(e.streamId)).map((e) => toEventMessage(e, options.topics.events, source));
    await sendUntilAcknowledged(messages);
    const last = events[events.length - 1].position;
    options.checkpoints.set(name, last); // only after the broker acknowledged
    position = last;
    published += messages.length;
  };

  const subscribe = (): void => {
    if (abort.signal.aborted) return;
    subscription = options.store.subscribe(options.checkpoints.get(name), handler, {
      maxBatch: options.maxBatch ?? 500,
      onError: (err) => {
        if (abort.signal.aborted || err instanceof Stopped) return;
        log(`subscription failed, resuming from the checkpoint: ${String(err)}`);
        restartTimer = setTimeout(subscribe, 1000);
      },
    });
  };
  subscribe();

  return {
    checkpoint: () => position,
    published: () => published,
    stop: async () => {
      abort.abort();
      if (restartTimer) clearTimeout(restartTimer);
      await subscription?.stop();
      await producer.close();
    },
  };
}
