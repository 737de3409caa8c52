// The messaging port: what the Kafka bridges need from a client library. The kafkajs adapter
// (kafkajs/) implements it; another client (e.g. @confluentinc/kafka-javascript) can replace
// it without touching the command consumer or the event publisher.

export type Headers = Readonly<Record<string, string | Buffer>>;

export interface OutgoingMessage {
  readonly topic: string;
  /** Partitioning key (null = any partition). */
  readonly key: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly headers?: Headers;
}

export interface IncomingMessage {
  readonly topic: string;
  readonly partition: number;
  /** Offset as a decimal string (Kafka offsets are 64-bit). */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Header values as received (raw bytes). */
  readonly headers: Readonly<Record<string, Buffer | undefined>>;
  readonly timestamp: string;
}

export interface MessageProducer {
  /**
   * Sends the messages and resolves once the broker acknowledged all of them (acks=all).
   * Messages with the same topic and key keep their order. Rejects when they could not be
   * delivered after the client's own retries; some of them may have been written anyway
   * (the caller re-sends: delivery is at least once).
   */
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ProducerOptions {
  /** Idempotent producer: broker-side deduplication of the client's own retries. */
  readonly idempotent: boolean;
}

/** Messages of one partition, in offset order. */
export interface MessageBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly IncomingMessage[];
}

export interface ConsumeOptions {
  readonly groupId: string;
  /** Topics to read: exact names, or a pattern matched against the broker's topic list. */
  readonly topics: readonly (string | RegExp)[];
  /** Where a group without a committed offset starts (default true: earliest). */
  readonly fromBeginning?: boolean;
  /** Largest number of messages handed to the handler at once (default 100). */
  readonly maxBatch?: number;
  /** Partitions handled at the same time (default 1). Order inside a partition is kept. */
  readonly partitionsConcurrently?: number;
  /** Group session timeout: how soon a crashed member's partitions move on (ms, default 10000). */
  readonly sessionTimeoutMs?: number;
  /** How often a pattern subscription looks for new matching topics (ms, default 10000). */
  readonly topicRefreshMs?: number;
  /**
   * Handles one batch of one partition. The offsets of the batch are committed only after
   * it resolved (manual commit). When it rejects nothing of the batch is committed and the
   * batch is delivered again: a handler must therefore be idempotent.
   */
  readonly handler: (batch: MessageBatch) => Promise<void>;
  /** Called when the consumer failed and is restarting (for logs and metrics). */
  readonly onError?: (err: unknown) => void;
}

export interface Consumption {
  /** Stops consuming; resolves after the running handler finished and its offsets were committed. */
  stop(): Promise<void>;
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

export interface MessageBus {
  producer(options: ProducerOptions): Promise<MessageProducer>;
  consume(options: ConsumeOptions): Promise<Consumption>;
  /** Creates the topics that do not exist yet (existing ones are left as they are). */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  close(): Promise<void>;
}
