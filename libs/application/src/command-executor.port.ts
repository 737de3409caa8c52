// What every transport (HTTP controller, Kafka consumer) calls to run a command. The
// transport fixes the actor (JWT claims over HTTP, the topic over Kafka); the executor
// validates, authorizes, deduplicates by commandId, decides and appends.
import type { Actor } from '../../event-store/src/event-store.port.js';

/** RFC 9457 problem details (contract section 4). */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

/** A command that can never succeed as sent (400, 403, 404, 409, 422). Nothing was written. */
export class CommandRejected extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.name = 'CommandRejected';
  }
}

export interface CommandOutcome {
  readonly commandId: string;
  readonly duplicate: boolean;
  readonly streamRevision: number;
  readonly events: readonly { readonly type: string; readonly data: Record<string, unknown> }[];
}

export interface CommandExecutor {
  /**
   * Runs one raw command object (contract section 2) for `actor`. Resolves with the outcome
   * (duplicate: true for a resent commandId with the same content); rejects with
   * CommandRejected for a command that breaks the contract or a rule; any other error is
   * transient (store unavailable, conflict retries exhausted) and may be retried.
   */
  execute(raw: unknown, actor: Actor): Promise<CommandOutcome>;
}
