// Catch-up subscription of the KurrentDB adapter over $all.
//
// One server-side catch-up subscription (filtered on our stream-name prefix, so system events
// and foreign streams never travel) delivers history and then goes live. Events received while
// the handler runs are queued and handed over as the next batch (at most maxBatch); the gRPC
// stream is paused while the queue is long, so a slow handler back-pressures the server.
//
// Resuming: the cursor is the commit position of the last event the handler has completed.
// After a drop (server restart, network) the adapter resubscribes from that cursor with
// exponential backoff; a $all subscription from a position is exclusive on the server, and the
// adapter also drops anything at or before the cursor, so nothing is delivered twice. (If
// several events ever shared one commit position, which only legacy explicit transactions
// did, the ones after a mid-group cursor would be skipped; our streams are only written by
// gRPC appends, where every event has its own commit position.)
import { START, streamNameFilter, type KurrentDBClient, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import type { StoredEvent, Subscription } from '../event-store.port.js';
import { positionOf, toStoredEvent } from './event-mapping.js';

export interface ResubscribePolicy {
  /** First delay after a drop (ms). */
  readonly initialDelayMs: number;
  /** Upper bound of the doubling delay (ms). */
  readonly maxDelayMs: number;
  /** Consecutive failed attempts (no event delivered, not caught up) before giving up. */
  readonly maxAttempts: number;
}

export const DEFAULT_RESUBSCRIBE: ResubscribePolicy = { initialDelayMs: 100, maxDelayMs: 5_000, maxAttempts: 30 };

interface Params {
  readonly client: KurrentDBClient;
  readonly after: bigint | null;
  readonly prefix: string;
  readonly maxBatch: number;
  readonly policy: ResubscribePolicy;
  readonly handler: (events: readonly StoredEvent[]) => Promise<void>;
  readonly onError?: (err: unknown) => void;
  readonly onStopped: (s: KurrentDbSubscription) => void;
}

class HandlerFailed {
  constructor(readonly cause: unknown) {}
}

export class KurrentDbSubscription implements Subscription {
  private cursor: bigint | null;
  private stopped = false;
  private attempts = 0;
  private current: ReturnType<KurrentDBClient['subscribeToAll']> | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private wakeSleep: (() => void) | null = null;
  private endCurrent: (() => void) | null = null;
  private readonly loop: Promise<void>;

  constructor(private readonly p: Params) {
    this.cursor = p.after;
    this.loop = this.run();
  }

  /** Commit position of the last event the handler completed (null = none yet). */
  get position(): bigint | null {
    return this.cursor;
  }

  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.wakeSleep?.();
      const sub = this.current;
      if (sub) await sub.unsubscribe().catch(() => undefined);
      this.endCurrent?.();
    }
    await this.inFlight.catch(() => undefined);
    await this.loop;
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopped) {
        try {
          await this.once();
          if (this.stopped) break;
          // The server ended the call without an error: resubscribe like after a drop.
          throw new Error('KurrentDB ended the subscription');
        } catch (err) {
          if (err instanceof HandlerFailed) {
            this.stopped = true;
            this.p.onError?.(err.cause);
            break;
          }
          if (this.stopped) break;
          this.attempts++;
          if (this.attempts > this.p.policy.maxAttempts) {
            this.stopped = true;
            this.p.onError?.(err);
            break;
          }
          const base = Math.min(this.p.policy.maxDelayMs, this.p.policy.initialDelayMs * 2 ** (this.attempts - 1));
          await this.sleep(base / 2 + Math.random() * (base / 2));
        }
      }
    } finally {
      this.current = null;
      this.p.onStopped(this);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.wakeSleep = null; resolve(); }, ms);
      this.wakeSleep = () => { clearTimeout(t); this.wakeSleep = null; resolve(); };
    });
  }

  /** One server subscription: resolves when it ends, rejects on a drop or a handler error. */
  private once(): Promise<void> {
    const sub = this.p.client.subscribeToAll({
      fromPosition: this.cursor === null ? START : positionOf(this.cursor),
      filter: streamNameFilter({ prefixes: [this.p.prefix] }),
    });
    this.current = sub;
    const highWater = Math.max(4 * this.p.maxBatch, 256);
    return new Promise<void>((resolve, reject) => {
      const queue: StoredEvent[] = [];
      let lastQueued = this.cursor;
      let draining = false;
      let outcome: { ok: true } | { ok: false; err: unknown } | null = null;
      const settle = () => {
        if (draining || (queue.length > 0 && !this.stopped) || outcome === null) return;
        sub.removeAllListeners('data');
        this.endCurrent = null;
        if (outcome.ok) resolve();
        else reject(outcome.err);
      };
      const finish = (o: { ok: true } | { ok: false; err: unknown }) => {
        if (outcome === null || (outcome.ok && !o.ok)) outcome = o;
        settle();
      };
      const drain = async () => {
        if (draining) return;
        draining = true;
        try {
          while (queue.length > 0 && !this.stopped) {
            const batch = queue.splice(0, this.p.maxBatch);
            if (sub.isPaused() && queue.length < highWater / 2) sub.resume();
            const call = this.p.handler(batch);
            this.inFlight = call;
            try {
              await call;
            } catch (err) {
              throw new HandlerFailed(err);
            }
            this.cursor = batch[batch.length - 1]!.position;
            this.attempts = 0;
          }
        } catch (err) {
          draining = false;
          outcome = { ok: false, err };
          void sub.unsubscribe().catch(() => undefined);
          settle();
          return;
        }
        draining = false;
        settle();
      };
      sub.on('data', (resolved: ResolvedEvent) => {
        let event: StoredEvent;
        try {
          event = toStoredEvent(resolved);
        } catch (err) {
          finish({ ok: false, err: new HandlerFailed(err) });
          return;
        }
        if (lastQueued !== null && event.position <= lastQueued) return; // already delivered
        lastQueued = event.position;
        queue.push(event);
        if (queue.length >= highWater) sub.pause();
        void drain();
      });
      this.endCurrent = () => finish({ ok: true });
      sub.on('caughtUp', () => {
        this.attempts = 0;
      });
      sub.on('error', (err: unknown) => finish({ ok: false, err }));
      sub.on('end', () => finish({ ok: true }));
      sub.on('close', () => finish(this.stopped ? { ok: true } : { ok: false, err: new Error('KurrentDB subscription closed') }));
    });
  }
}
