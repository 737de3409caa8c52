// Runs the account projection in a worker thread (projection.worker.ts, built to .js) and
// mirrors its checkpoint here, where the HTTP answers and the year opening wait for it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventStore } from '../../event-store/src/event-store.port.js';
import { type ProjectionRunner, ProjectionProgress } from './projection-runner.js';

const WORKER_URL = new URL('./projection.worker.js', import.meta.url);

/** The worker runs compiled JavaScript: available in the built service, not to tests running the TypeScript. */
export const projectionWorkerAvailable = (): boolean => existsSync(fileURLToPath(WORKER_URL));

export class WorkerProjection implements ProjectionRunner {
  private worker: Worker | undefined;
  private readonly progress = new ProjectionProgress(null);
  private failed = false;

  constructor(
    private readonly store: EventStore,
    private readonly files: { eventsFile: string; dataDir: string },
  ) {}

  start(): void {
    const worker = new Worker(WORKER_URL, { workerData: this.files });
    worker.on('message', (msg: { type: string; position?: string | null }) => {
      if (msg.type === 'failed') this.failed = true;
      else if (msg.position != null) this.progress.advance(BigInt(msg.position));
    });
    worker.on('error', (err) => {
      this.failed = true;
      console.error('account projection worker failed:', err);
    });
    worker.on('exit', () => {
      if (this.worker) this.failed = true; // exited without being stopped
    });
    this.worker = worker;
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise((r) => worker.once('exit', r));
    worker.postMessage({ type: 'stop' });
    await exited;
  }

  get checkpoint(): bigint | null {
    return this.progress.position;
  }

  get healthy(): boolean {
    return !this.failed;
  }

  waitFor(position: bigint | null, timeoutMs?: number): Promise<void> {
    return this.progress.waitFor(position, timeoutMs);
  }

  async waitForHead(timeoutMs?: number): Promise<void> {
    return this.waitFor(await this.store.headPosition(), timeoutMs);
  }
}
