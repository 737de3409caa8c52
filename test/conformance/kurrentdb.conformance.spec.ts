// Conformance of the KurrentDB adapter to the event-store port, over the wire with the real
// client: against the in-process KurrentDB TEST DOUBLE by default, or against a real server
// when KURRENTDB_URL is set (then no double is started and the cases use unique streams).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KurrentDbEventStore } from '../../libs/event-store/src/kurrentdb/kurrentdb-event-store.js';
import { startKurrentDbDouble } from '../support/kurrentdb-double/kurrentdb-double.js';
import { describeEmptyStoreHead, describeEventStoreConformance, type EventStoreHarness } from './event-store-conformance.js';

const realServer = process.env.KURRENTDB_URL;
const name = realServer ? `kurrentdb (server ${realServer})` : 'kurrentdb (double)';

async function kurrentdbHarness(): Promise<EventStoreHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'conformance-kurrentdb-'));
  const double = realServer ? null : await startKurrentDbDouble();
  const connectionString = realServer ?? double!.connectionString;
  return {
    open: async () => new KurrentDbEventStore({ connectionString, dataDir, resubscribe: { initialDelayMs: 20, maxDelayMs: 200 } }),
    dispose: async () => {
      await double?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describeEventStoreConformance(name, kurrentdbHarness);
if (!realServer) describe(`event store conformance: ${name} (empty store)`, () => describeEmptyStoreHead(name, kurrentdbHarness));
