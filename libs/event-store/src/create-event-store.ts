// Chooses the event-store adapter from configuration (EVENT_STORE).
import { join } from 'node:path';
import type { AppConfig } from '../../config/src/config.js';
import type { EventStore } from './event-store.port.js';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

/** The embedded store's file under DATA_DIR. */
export const sqliteEventsFile = (dataDir: string): string => join(dataDir, 'events.sqlite');

export async function createEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStore === 'sqlite') {
    return new SqliteEventStore({ file: sqliteEventsFile(config.dataDir), synchronous: config.sqliteSynchronous });
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
