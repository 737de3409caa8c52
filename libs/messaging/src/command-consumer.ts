// Kafka → command executor → command-results (contract section 5).
//
// * Topic `<prefix>.commands.<institutionId>` fixes the actor {role: institution, institutionId}.
// * Every command with a commandId is answered on `<prefix>.command-results`, keyed by
//   commandId: accepted | duplicate | rejected (+ problem).
// * What can never succeed goes to `<prefix>.commands.dlq` with the original key, value and
//   headers plus `dlq-*` headers naming the reason: not JSON, invalid fields / unknown type
//   (CommandRejected with status 400), and commands whose transient failure outlived the
//   bounded retries. Rule rejections (403/404/409/422) are a normal business answer: they go
//   to command-results only, not to the DLQ.
// * Offsets are committed only after the chunk's outcomes are stored (the executor resolved)
//   and its results / DLQ records were acknowledged by the broker. A redelivered command is
//   harmless: the executor deduplicates by commandId and answers `duplicate`.
// * One bad message never stalls its partition: it is answered or dead-lettered and the
//   partition moves on.
import { type CommandExecutor, CommandRejected, type Problem } from '../../application/src/command-executor.port.js';
import type { Actor } from '../../event-store/src/event-store.port.js';
import type { IncomingMessage, MessageBatch, MessageBus, OutgoingMessage } from './message-bus.port.js';
import { ResilientProducer } from './resilient-producer.js';
import { backoffMs, sleep } from './retry.js';
import type { KafkaTopics } from './topics.js';

export type CommandStatus = 'accepted' | 'duplicate' | 'rejected';

export interface CommandResultMessage {
  readonly commandId: string;
  readonly institutionId: string;
  readonly status: CommandStatus;
  readonly problem?: Problem;
  readonly events?: readonly { readonly type: string; readonly data: Record<string, unknown> }[];
}

export type DlqReason = 'not-json' | 'invalid-command' | 'transient-failure-exhausted' | 'not-a-command-topic';

export interface CommandConsumerOptions {
  readonly bus: MessageBus;
  readonly commands: CommandExecutor;
  readonly topics: KafkaTopics;
  /** Consumer group (default `<prefix>.command-consumer`). */
  readonly groupId?: string;
  /** Attempts for a command whose execution fails transiently (default 5). */
  readonly maxAttempts?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly partitionsConcurrently?: number;
  readonly maxBatch?: number;
  readonly topicRefreshMs?: number;
  readonly log?: (message: string) => void;
}

export interface RunningCommandConsumer {
  stop(): Promise<void>;
}

const isRejected = (e: unknown): e is CommandRejected =>
  e instanceof CommandRejected ||
  (e instanceof Error && e.name === 'CommandRejected' && typeof (e as { problem?: unknown }).problem === 'object');

const unavailableProblem = (detail: string): Problem => ({
  type: 'urn:problem:learning-account:unavailable',
  title: 'Service Unavailable',
  status: 503,
  detail: `the command could not be executed (${detail}); nothing was written; send it again with the same commandId`,
});

export class CommandMessageHandler {
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;

  constructor(
    private readonly commands: CommandExecutor,
    private readonly topics: KafkaTopics,
    options: Pick<CommandConsumerOptions, 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs'> = {},
    private readonly signal?: AbortSignal,
    private readonly log: (message: string) => void = (m) => console.warn(m),
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.retryMaxMs = options.retryMaxMs ?? 2000;
  }

  /** What to produce for one command message: its result and/or its dead letter. */
  async handle(message: IncomingMessage): Promise<OutgoingMessage[]> {
    const institutionId = this.topics.institutionOf(message.topic);
    if (!institutionId) return [this.deadLetter(message, 'not-a-command-topic', `topic ${message.topic} names no institution`)];
    let raw: unknown;
    try {
      if (message.value === null) throw new Error('the message has no value');
      raw = JSON.parse(message.value.toString('utf8'));
    } catch (err) {
      return [this.deadLetter(message, 'not-json', (err as Error).message)];
    }
    const commandId =
      typeof raw === 'object' && raw !== null && typeof (raw as { commandId?: unknown }).commandId === 'string'
        ? (raw as { commandId: string }).commandId
        : undefined;
    const actor: Actor = { role: 'institution', institutionId };
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        const outcome = await this.commands.execute(raw, actor);
        return [
          this.result({
            commandId: outcome.commandId,
            institutionId,
            status: outcome.duplicate ? 'duplicate' : 'accepted',
            events: outcome.events.map((e) => ({ type: e.type, data: e.data })),
          }),
        ];
      } catch (err) {
        if (isRejected(err)) {
          const out: OutgoingMessage[] = [];
          if (commandId) out.push(this.result({ commandId, institutionId, status: 'rejected', problem: err.problem }));
          if (err.problem.status === 400) out.push(this.deadLetter(message, 'invalid-command', err.problem.detail, err.problem));
          return out;
        }
        lastError = err;
        if (attempt < this.maxAttempts && !this.signal?.aborted) {
          this.log(`command ${commandId ?? '?'} (${message.topic}/${message.partition}@${message.offset}) failed, attempt ${attempt}: ${String(err)}`);
          await sleep(backoffMs(attempt, this.retryBaseMs, this.retryMaxMs), this.signal);
        }
        if (this.signal?.aborted) throw err; // stopping: leave it uncommitted, it is redelivered
      }
    }
    const detail = lastError instanceof Error ? lastError.message : String(lastError);
    const out = [this.deadLetter(message, 'transient-failure-exhausted', detail)];
    if (commandId) out.unshift(this.result({ commandId, institutionId, status: 'rejected', problem: unavailableProblem(detail) }));
    return out;
  }

  private result(r: CommandResultMessage): OutgoingMessage {
    return {
      topic: this.topics.commandResults,
      key: r.commandId,
      value: JSON.stringify(r),
      headers: { 'content-type': 'application/json' },
    };
  }

  private deadLetter(message: IncomingMessage, reason: DlqReason, detail: string, problem?: Problem): OutgoingMessage {
    const headers: Record<string, string | Buffer> = {};
    for (const [name, value] of Object.entries(message.headers)) if (value !== undefined) headers[name] = value;
    headers['dlq-reason'] = reason;
    headers['dlq-detail'] = detail.slice(0, 2000);
    headers['dlq-original-topic'] = message.topic;
    headers['dlq-original-partition'] = String(message.partition);
    headers['dlq-original-offset'] = message.offset;
    headers['dlq-failed-at'] = new Date().toISOString();
    if (problem) headers['dlq-problem'] = JSON.stringify(problem);
    return { topic: this.topics.commandsDlq, key: message.key, value: message.value, headers };
  }
}

/** The studentId a command message names, undefined when it names none or is not JSON. */
function studentOf(message: IncomingMessage): string | undefined {
  try {
    const raw: unknown = JSON.parse(message.value?.toString('utf8') ?? '');
    const id = typeof raw === 'object' && raw !== null ? (raw as { studentId?: unknown }).studentId : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the command consumer; resolves once it joined its group. */
export async function startCommandConsumer(options: CommandConsumerOptions): Promise<RunningCommandConsumer> {
  const log = options.log ?? ((m: string) => console.warn(`[command-consumer] ${m}`));
  const abort = new AbortController();
  const handler = new CommandMessageHandler(options.commands, options.topics, options, abort.signal, log);
  const producer = new ResilientProducer(options.bus, true);
  const handleBatch = async (batch: MessageBatch): Promise<void> => {
    // Commands of one student run one after the other, in partition order; commands of
    // different students in the chunk run side by side (the store commits them together).
    // A message without a studentId (operator-wide command, poison) waits for everything
    // before it and holds back everything after it.
    const outputs: OutgoingMessage[][] = new Array(batch.messages.length);
    const tails = new Map<string, Promise<void>>();
    let running: Promise<void>[] = [];
    for (const [i, message] of batch.messages.entries()) {
      const student = studentOf(message);
      if (student === undefined) {
        await Promise.all(running);
        running = [];
        tails.clear();
        outputs[i] = await handler.handle(message);
        continue;
      }
      const next = (tails.get(student) ?? Promise.resolve()).then(async () => {
        outputs[i] = await handler.handle(message);
      });
      tails.set(student, next);
      running.push(next);
    }
    await Promise.all(running);
    // Results and dead letters of the chunk, in message order, acknowledged by the broker
    // before the chunk's offsets are committed.
    await producer.send(outputs.flat());
  };
  const consumption = await options.bus.consume({
    groupId: options.groupId ?? `${options.topics.prefix}.command-consumer`,
    topics: [options.topics.commandsPattern],
    fromBeginning: true,
    maxBatch: options.maxBatch ?? 50,
    partitionsConcurrently: options.partitionsConcurrently ?? 3,
    topicRefreshMs: options.topicRefreshMs,
    handler: handleBatch,
    onError: (err) => log(`batch failed, it will be delivered again: ${String(err)}`),
  });
  return {
    stop: async () => {
      abort.abort();
      await consumption.stop();
      await producer.close();
    },
  };
}
