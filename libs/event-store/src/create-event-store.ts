// Chooses the event-store adapter from configuration (EVENT_STORE).
import { join } from 'node:path';
import type { AppConfig } from '../../config/src/config.js';
import type { EventStore } from './event-store.port.js';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

export async function createEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStore === 'sqlite') {
    return new SqliteEventStore({ file: join(config.dataDir, 'events.sqlite'), synchronous: config.sqliteSynchronous });
  }
  if (config.eventStore === 'kurrentdb') {
    if (!config.kurrentdbUrl) throw new Error('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
    // DATA_DIR holds the adapter's local commandId index (see kurrentdb/command-index.ts).
    const store = new KurrentDbEventStore({ connectionString: config.kurrentdbUrl, dataDir: config.dataDir });
    try {
      await store.headPosition(); // fail fast at start-up when the server cannot be reached
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
    return store;
  }
  throw new Error(`unknown event store ${String(config.eventStore)}`);
}
