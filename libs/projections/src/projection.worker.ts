// The account projection in a worker thread of its own (embedded default): folding events
// and writing read models no longer takes turns with deciding commands on the main thread.
// It reads the event store through its own read-only connection and reports each committed
// checkpoint to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '../../event-store/src/sqlite/sqlite-event-store.js';
import { AccountProjection } from './account.projection.js';
import { ReadModelStore, readModelFile } from './read-model.store.js';

const { eventsFile, dataDir } = workerData as { eventsFile: string; dataDir: string };
// Appends happen on another connection, so new rows are found by polling: every 5 ms while
// idle keeps a client's read-your-writes wait short.
const store = new SqliteEventStore({ file: eventsFile, readOnly: true, pollIntervalMs: 5 });
const readModels = new ReadModelStore(readModelFile(dataDir));
const projection = new AccountProjection(store, readModels);
projection.onProgress = (position) => parentPort!.postMessage({ type: 'checkpoint', position: position.toString() });
projection.start();
parentPort!.postMessage({ type: 'started', position: projection.checkpoint?.toString() ?? null });
const health = setInterval(() => {
  if (!projection.healthy) parentPort!.postMessage({ type: 'failed' });
}, 1000);

parentPort!.on('message', async (msg: { type: string }) => {
  if (msg.type !== 'stop') return;
  clearInterval(health);
  await projection.stop();
  await store.close();
  readModels.close();
  parentPort!.close();
});
