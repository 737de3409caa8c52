// Conformance of the SQLite adapter (embedded default) to the event-store port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store.js';
import { describeEmptyStoreHead, describeEventStoreConformance, type EventStoreHarness } from './event-store-conformance.js';

async function sqliteHarness(): Promise<EventStoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-sqlite-'));
  const file = join(dir, 'events.sqlite');
  return {
    open: async () => new SqliteEventStore({ file, synchronous: 'NORMAL' }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

describeEventStoreConformance('sqlite', sqliteHarness);
describe('event store conformance: sqlite (empty store)', () => describeEmptyStoreHead('sqlite', sqliteHarness));
