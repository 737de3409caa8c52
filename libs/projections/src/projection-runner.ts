// What the application needs from the running account projection, wherever it runs (in
// this thread, or a worker thread of its own): its progress, to answer a client once its
// own write is readable and to open a year on an up-to-date index.
export interface ProjectionRunner {
  start(): void;
  stop(): Promise<void>;
  /** Global position of the last event projected (null: none yet). */
  readonly checkpoint: bigint | null;
  readonly healthy: boolean;
  /** Resolves once every event stored up to `position` is projected. */
  waitFor(position: bigint | null, timeoutMs?: number): Promise<void>;
  /** waitFor the store's head position at the time of the call. */
  waitForHead(timeoutMs?: number): Promise<void>;
}

/** Checkpoint waiters: shared by both runners. */
export class ProjectionProgress {
  private waiters: { position: bigint; resolve: () => void }[] = [];

  constructor(public position: bigint | null) {}

  waitFor(position: bigint | null, timeoutMs = 10_000): Promise<void> {
    if (position === null || (this.position !== null && this.position >= position)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`projection did not reach ${position} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ position, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  advance(position: bigint): void {
    this.position = position;
    const ready = this.waiters.filter((w) => w.position <= position);
    this.waiters = this.waiters.filter((w) => w.position > position);
    for (const w of ready) w.resolve();
  }
}
