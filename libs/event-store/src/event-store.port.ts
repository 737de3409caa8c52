// The event-store port: what the application needs from any store of domain events.
// Adapters: SQLite (embedded default) and KurrentDB (production). One conformance suite
// (test/conformance) proves both.

/** Who caused an event (contract section 3). */
export interface Actor {
  readonly role: 'institution' | 'student' | 'auditor' | 'operator' | 'system';
  readonly institutionId?: string;
}

/** Metadata stored with every event (contract section 3). */
export interface EventMetadata {
  readonly eventId: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: Actor;
  readonly recordedAt: string;
  readonly schemaVersion: number;
  /** sha-256 of the command's canonical content: a reused commandId with other content is a 409. */
  readonly commandHash?: string;
}

export interface NewEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
}

export interface StoredEvent extends NewEvent {
  readonly streamId: string;
  /** 0-based revision inside its stream. */
  readonly revision: number;
  /** Global position: strictly increasing in the store's global order. */
  readonly position: bigint;
}

/** 'no_stream' = the stream must not exist yet; a number = the revision of its last event. */
export type ExpectedRevision = 'no_stream' | number;

export interface AppendResult {
  /** Revision of the last event written (or found, for an idempotent re-append). */
  readonly nextRevision: number;
  /** Global position of the last event written. */
  readonly position: bigint;
}

/** The stream was not at the expected revision. The caller reloads and decides again. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: ExpectedRevision,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, found ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running. */
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /** Only streams whose id starts with this prefix (default: the service's streams). */
  readonly streamPrefix?: string;
  /** Called when the subscription fails for good (after its own retries). */
  readonly onError?: (err: unknown) => void;
  /** Largest batch handed to the handler at once. */
  readonly maxBatch?: number;
}

export interface EventStore {
  /** All events of one stream, oldest first; [] when the stream does not exist. */
  readStream(streamId: string, fromRevision?: number): Promise<StoredEvent[]>;
  /**
   * Appends atomically, only if the stream is at `expected`. Never 'any' for a student
   * stream. Re-appending the same event ids at the same expected revision is absorbed
   * (returns the first result) so a retried append after a lost answer is harmless.
   */
  append(streamId: string, expected: ExpectedRevision, events: readonly NewEvent[]): Promise<AppendResult>;
  /** Events of every stream in global order with position > `after` (null = from the start). */
  readAll(after: bigint | null, limit: number): Promise<StoredEvent[]>;
  /** The global position of the last stored event, null when the store is empty. */
  headPosition(): Promise<bigint | null>;
  /** Events stored under one commandId, in global order (idempotency of commands). */
  readByCommandId(commandId: string): Promise<StoredEvent[]>;
  /**
   * Catch-up subscription: delivers every event after `after` in global order, then goes
   * live. The handler is awaited before the next batch; a handler error stops the
   * subscription (onError). The caller stores its own checkpoint.
   */
  subscribe(after: bigint | null, handler: (events: readonly StoredEvent[]) => Promise<void>, options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

/** Every stream of this service starts with this prefix (contract section 3). */
export const STREAM_PREFIX = 'learning-account-';
export const studentStream = (studentId: string): string => `${STREAM_PREFIX}${studentId}`;
/** Non-student streams use "@", which a studentId cannot contain, so they never collide. */
export const policyStream = (institutionId: string): string => `${STREAM_PREFIX}@policy-${institutionId}`;
export const OPERATOR_STREAM = `${STREAM_PREFIX}@operator`;
export const isStudentStream = (streamId: string): boolean =>
  streamId.startsWith(STREAM_PREFIX) && !streamId.startsWith(`${STREAM_PREFIX}@`);
export const studentIdOf = (streamId: string): string => streamId.slice(STREAM_PREFIX.length);
