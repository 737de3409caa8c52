// KurrentDB-specific behaviour of the adapter (the port's behaviour is in test/conformance),
// over the wire with the real client against the in-process KurrentDB TEST DOUBLE.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { NO_STREAM, jsonEvent } from '@kurrent/kurrentdb-client';
import { startKurrentDbDouble, type KurrentDbDouble } from '../../../../test/support/kurrentdb-double/kurrentdb-double.js';
import { makeEvent } from '../../../../test/conformance/event-store-conformance.js';
import { STREAM_PREFIX, type StoredEvent } from '../event-store.port.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';

jest.setTimeout(30_000);

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('KurrentDbEventStore against the KurrentDB double', () => {
  let double: KurrentDbDouble;
  let dataDir: string;
  let store: KurrentDbEventStore;
  beforeEach(async () => {
    double = await startKurrentDbDouble();
    dataDir = mkdtempSync(join(tmpdir(), 'kurrentdb-adapter-'));
    store = new KurrentDbEventStore({ connectionString: double.connectionString, dataDir, resubscribe: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 3 } });
  });
  afterEach(async () => {
    await store.close();
    await double.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores event ids from metadata.eventId and metadata with $correlationId/$causationId, hidden again on read', async () => {
    const s = `${STREAM_PREFIX}x-${randomUUID()}`;
    const e = makeEvent('AccountOpened', { credits: 140 });
    await store.append(s, 'no_stream', [e]);
    const raw = [];
    for await (const r of store.client.readStream(s)) raw.push(r.event!);
    expect(raw[0]!.id).toBe(e.metadata.eventId);
    expect(raw[0]!.isJson).toBe(true);
    expect(raw[0]!.metadata).toMatchObject({ $correlationId: e.metadata.correlationId, $causationId: e.metadata.causationId, commandId: e.metadata.commandId });
    const [read] = await store.readStream(s);
    expect(read!.metadata).toEqual(e.metadata);
  });

  it('reads and subscribes to $all only for the service prefix (no system events, no foreign streams)', async () => {
    await store.client.appendToStream(`other-${randomUUID()}`, [jsonEvent({ type: 'Foreign', data: {} })], { streamState: NO_STREAM });
    const s = `${STREAM_PREFIX}x-${randomUUID()}`;
    await store.append(s, 'no_stream', [makeEvent('Mine', {})]);
    await store.client.appendToStream(`other-${randomUUID()}`, [jsonEvent({ type: 'Foreign', data: {} })], { streamState: NO_STREAM });
    expect(double.log.size).toBe(5); // 2 seeded system events + 3 appended
    expect((await store.readAll(null, 100)).map((e) => e.type)).toEqual(['Mine']);
    const seen: StoredEvent[] = [];
    const sub = store.subscribe(null, async (events) => void seen.push(...events));
    await waitFor(() => seen.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    await sub.stop();
    expect(seen.map((e) => e.streamId)).toEqual([s]);
    expect(await store.headPosition()).toBe(seen[0]!.position);
  });

  it('resubscribes after the server drops the subscription, from the last delivered position, without duplicates', async () => {
    const s = `${STREAM_PREFIX}x-${randomUUID()}`;
    await store.append(s, 'no_stream', [makeEvent('E0', {}), makeEvent('E1', {})]);
    const seen: string[] = [];
    const errors: unknown[] = [];
    const sub = store.subscribe(null, async (events) => void seen.push(...events.map((e) => e.type)), { onError: (e) => errors.push(e) });
    await waitFor(() => seen.length === 2);
    expect(double.dropSubscriptions()).toBeGreaterThan(0);
    await store.append(s, 1, [makeEvent('E2', {})]);
    await waitFor(() => seen.length === 3);
    double.dropSubscriptions();
    double.dropSubscriptions();
    await store.append(s, 2, [makeEvent('E3', {}), makeEvent('E4', {})]);
    await waitFor(() => seen.length === 5);
    await new Promise((r) => setTimeout(r, 100));
    await sub.stop();
    expect(seen).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
    expect(errors).toEqual([]);
  });

  it('gives up after its retries when the server stays away, and reports it via onError', async () => {
    const errors: unknown[] = [];
    const sub = store.subscribe(null, async () => undefined, { onError: (e) => errors.push(e) });
    await new Promise((r) => setTimeout(r, 100));
    await double.stop();
    await waitFor(() => errors.length === 1, 20_000);
    await sub.stop();
    expect(errors).toHaveLength(1);
  });

  it('rebuilds the command index from $all when its file is new (another data directory)', async () => {
    const s = `${STREAM_PREFIX}x-${randomUUID()}`;
    const cmd = randomUUID();
    await store.append(s, 'no_stream', [makeEvent('A', {}, cmd), makeEvent('B', {}, cmd)]);
    const otherDir = mkdtempSync(join(tmpdir(), 'kurrentdb-adapter-'));
    const fresh = new KurrentDbEventStore({ connectionString: double.connectionString, dataDir: otherDir });
    try {
      expect((await fresh.readByCommandId(cmd)).map((e) => e.type)).toEqual(['A', 'B']);
    } finally {
      await fresh.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
