// createEventStore picks the KurrentDB adapter for EVENT_STORE=kurrentdb (against the double).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../config/src/config.js';
import { startKurrentDbDouble } from '../../../../test/support/kurrentdb-double/kurrentdb-double.js';
import { makeEvent } from '../../../../test/conformance/event-store-conformance.js';
import { createEventStore } from '../create-event-store.js';
import { studentStream } from '../event-store.port.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';

describe('createEventStore with EVENT_STORE=kurrentdb', () => {
  it('connects to KURRENTDB_URL and keeps its command index under DATA_DIR', async () => {
    const double = await startKurrentDbDouble();
    const dataDir = mkdtempSync(join(tmpdir(), 'create-store-'));
    const config = loadConfig({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: double.connectionString, DATA_DIR: dataDir });
    const store = await createEventStore(config);
    try {
      expect(store).toBeInstanceOf(KurrentDbEventStore);
      const s = studentStream(`stu-${randomUUID()}`);
      await store.append(s, 'no_stream', [makeEvent('AccountOpened', { credits: 140 })]);
      expect(double.log.lastRevision(s)).toBe(0n);
    } finally {
      await store.close();
      await double.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
