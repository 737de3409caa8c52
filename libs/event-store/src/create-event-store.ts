// Chooses the event-store adapter from configuration (EVENT_STORE).
import { join } from 'node:path';
import type { AppConfig } from '../../config/src/config.js';
import type { EventStore } from './event-store.port.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

export async function createEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStore === 'sqlite') {
    return new SqliteEventStore({ file: join(config.dataDir, 'events.sqlite'), synchronous: config.sqliteSynchronous });
  }
  throw new Error(`event store ${config.eventStore} is not available yet`);
}
