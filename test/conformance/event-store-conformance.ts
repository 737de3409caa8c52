// One conformance suite for every adapter of the event-store port
// (libs/event-store/src/event-store.port.ts). Each adapter has a spec file that calls
// describeEventStoreConformance with a harness; test names carry the adapter's name.
//
// The cases only touch streams they create (unique ids under the service prefix) and measure
// global reads from the head position at their start, so they also run against a shared, non
// empty store (a real KurrentDB server via KURRENTDB_URL).
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { testMetadata } from '../support/event-fixtures.js';
import {
  STREAM_PREFIX,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../../libs/event-store/src/event-store.port.js';

export interface EventStoreHarness {
  /** A new adapter instance on this harness's storage (call again = "after a restart"). */
  open(): Promise<EventStore>;
  /** Removes the storage (after every instance was closed). */
  dispose(): Promise<void>;
}

const newStream = (): string => `${STREAM_PREFIX}conf-${randomUUID()}`;

export function makeEvent(type: string, data: Record<string, unknown>, commandId: string = randomUUID()): NewEvent {
  return {
    type,
    data,
    metadata: testMetadata({ commandId }),
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function expectStrictlyIncreasing(positions: readonly bigint[]): void {
  for (let i = 1; i < positions.length; i++) expect(positions[i]! > positions[i - 1]!).toBe(true);
}

/** Every event after `after`, in global order (pages of 500). */
async function readAllAfter(store: EventStore, after: bigint | null): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.readAll(cursor, 500);
    out.push(...page);
    if (page.length < 500) return out;
    cursor = page[page.length - 1]!.position;
  }
}

export function describeEventStoreConformance(name: string, factory: () => Promise<EventStoreHarness>): void {
  describe(`event store conformance: ${name}`, () => {
    jest.setTimeout(60_000);
    let harness: EventStoreHarness;
    let store: EventStore;
    const extra: EventStore[] = [];

    beforeEach(async () => {
      harness = await factory();
      store = await harness.open();
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await store.close();
      await harness.dispose();
    });

    it(`[${name}] reads [] for a stream that does not exist`, async () => {
      expect(await store.readStream(newStream())).toEqual([]);
    });

    it(`[${name}] appends and reads a stream back with type, data, metadata, revisions`, async () => {
      const s = newStream();
      const e1 = makeEvent('AccountOpened', { credits: 140 });
      const e2 = makeEvent('CreditsReserved', { credits: -6, nested: { a: [1, 2] } });
      const r = await store.append(s, 'no_stream', [e1, e2]);
      expect(r.nextRevision).toBe(1);
      const read = await store.readStream(s);
      expect(read.map((e) => [e.streamId, e.revision, e.type, e.data, e.metadata])).toEqual([
        [s, 0, 'AccountOpened', e1.data, e1.metadata],
        [s, 1, 'CreditsReserved', e2.data, e2.metadata],
      ]);
      expect(read[1]!.position).toBe(r.position);
      expect((await store.readStream(s, 1)).map((e) => e.revision)).toEqual([1]);
    });

    it(`[${name}] rejects an append at a stale revision with WrongExpectedRevisionError`, async () => {
      const s = newStream();
      await store.append(s, 'no_stream', [makeEvent('A', {}), makeEvent('B', {})]);
      const err = await store.append(s, 0, [makeEvent('C', {})]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WrongExpectedRevisionError);
      expect(err).toMatchObject({ streamId: s, expected: 0, actual: 1 });
      await expect(store.append(s, 5, [makeEvent('C', {})])).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(newStream(), 0, [makeEvent('C', {})])).rejects.toMatchObject({ actual: 'no_stream' });
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it(`[${name}] rejects 'no_stream' on an existing stream`, async () => {
      const s = newStream();
      await store.append(s, 'no_stream', [makeEvent('A', {})]);
      const err = await store.append(s, 'no_stream', [makeEvent('B', {})]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WrongExpectedRevisionError);
      expect(err).toMatchObject({ expected: 'no_stream', actual: 0 });
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it(`[${name}] absorbs a re-append of the same event ids at the same expected revision`, async () => {
      const s = newStream();
      const batch = [makeEvent('A', { n: 1 }), makeEvent('B', { n: 2 })];
      const first = await store.append(s, 'no_stream', batch);
      const again = await store.append(s, 'no_stream', batch);
      expect(again).toEqual(first);
      const next = [makeEvent('C', { n: 3 })];
      const third = await store.append(s, 1, next);
      expect(await store.append(s, 1, next)).toEqual(third);
      // even after the stream moved on, the first append retried returns its first result
      expect(await store.append(s, 'no_stream', batch)).toEqual(first);
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });

    it(`[${name}] keeps order within a stream and strictly increasing global positions`, async () => {
      const head = await store.headPosition();
      const a = newStream();
      const b = newStream();
      await store.append(a, 'no_stream', [makeEvent('A0', {})]);
      await store.append(b, 'no_stream', [makeEvent('B0', {}), makeEvent('B1', {})]);
      await store.append(a, 0, [makeEvent('A1', {}), makeEvent('A2', {})]);
      await store.append(b, 1, [makeEvent('B2', {})]);
      const readA = await store.readStream(a);
      expect(readA.map((e) => [e.type, e.revision])).toEqual([['A0', 0], ['A1', 1], ['A2', 2]]);
      expectStrictlyIncreasing(readA.map((e) => e.position));
      const all = (await readAllAfter(store, head)).filter((e) => e.streamId === a || e.streamId === b);
      expect(all.map((e) => e.type)).toEqual(['A0', 'B0', 'B1', 'A1', 'A2', 'B2']);
      expectStrictlyIncreasing(all.map((e) => e.position));
    });

    it(`[${name}] reads all from a position, exclusive, in pages`, async () => {
      const head = await store.headPosition();
      const s = newStream();
      for (let i = 0; i < 7; i++) await store.append(s, i === 0 ? 'no_stream' : i - 1, [makeEvent(`E${i}`, { i })]);
      const mine = (await readAllAfter(store, head)).filter((e) => e.streamId === s);
      expect(mine.map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6']);
      const from3 = (await store.readAll(mine[2]!.position, 2));
      expect(from3).toHaveLength(2);
      expect(from3[0]!.position > mine[2]!.position).toBe(true);
      expect(from3.map((e) => e.type)).toEqual(['E3', 'E4']);
      expect(await store.readAll(mine[6]!.position, 10)).toEqual([]);
      if (head === null) expect((await store.readAll(null, 1))[0]!.type).toBe('E0');
    });

    it(`[${name}] finds the events of a command by commandId, in global order`, async () => {
      const s = newStream();
      const cmd = randomUUID();
      await store.append(s, 'no_stream', [makeEvent('Other', {})]);
      await store.append(s, 0, [makeEvent('X1', {}, cmd), makeEvent('X2', {}, cmd)]);
      await store.append(s, 2, [makeEvent('Other', {})]);
      const found = await store.readByCommandId(cmd);
      expect(found.map((e) => [e.type, e.revision, e.metadata.commandId])).toEqual([['X1', 1, cmd], ['X2', 2, cmd]]);
      expect(found[0]!.position < found[1]!.position).toBe(true);
      expect(await store.readByCommandId(randomUUID())).toEqual([]);
    });

    it(`[${name}] finds by commandId what another instance on the same storage appended`, async () => {
      const other = await harness.open();
      extra.push(other);
      const cmd = randomUUID();
      const s = newStream();
      expect(await store.readByCommandId(cmd)).toEqual([]);
      await other.append(s, 'no_stream', [makeEvent('Y', {}, cmd)]);
      expect((await store.readByCommandId(cmd)).map((e) => e.type)).toEqual(['Y']);
    });

    it(`[${name}] subscription catches up, then delivers live events, in order`, async () => {
      const head = await store.headPosition();
      const s = newStream();
      await store.append(s, 'no_stream', [makeEvent('H0', {}), makeEvent('H1', {})]);
      await store.append(s, 1, [makeEvent('H2', {})]);
      const seen: StoredEvent[] = [];
      let batches = 0;
      const sub = store.subscribe(head, async (events) => {
        batches++;
        expect(events.length).toBeGreaterThan(0);
        seen.push(...events.filter((e) => e.streamId === s));
      });
      try {
        await waitFor(() => seen.length === 3);
        await store.append(s, 2, [makeEvent('L3', {})]);
        await store.append(s, 3, [makeEvent('L4', {}), makeEvent('L5', {})]);
        await waitFor(() => seen.length === 6);
      } finally {
        await sub.stop();
      }
      expect(seen.map((e) => e.type)).toEqual(['H0', 'H1', 'H2', 'L3', 'L4', 'L5']);
      expectStrictlyIncreasing(seen.map((e) => e.position));
      expect(batches).toBeGreaterThan(0);
      // stopped: nothing more arrives
      await store.append(s, 5, [makeEvent('After', {})]);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toHaveLength(6);
    });

    it(`[${name}] respects maxBatch and awaits the handler before the next batch`, async () => {
      const head = await store.headPosition();
      const s = newStream();
      await store.append(s, 'no_stream', Array.from({ length: 25 }, (_, i) => makeEvent(`E${i}`, {})));
      let running = 0;
      let overlap = false;
      let maxSize = 0;
      const seen: string[] = [];
      const sub = store.subscribe(
        head,
        async (events) => {
          running++;
          if (running > 1) overlap = true;
          maxSize = Math.max(maxSize, events.length);
          await new Promise((r) => setTimeout(r, 5));
          seen.push(...events.filter((e) => e.streamId === s).map((e) => e.type));
          running--;
        },
        { maxBatch: 4 },
      );
      try {
        await waitFor(() => seen.length === 25);
      } finally {
        await sub.stop();
      }
      expect(overlap).toBe(false);
      expect(maxSize).toBeLessThanOrEqual(4);
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `E${i}`));
    });

    it(`[${name}] stops a subscription whose handler fails and reports it via onError`, async () => {
      const head = await store.headPosition();
      const s = newStream();
      await store.append(s, 'no_stream', [makeEvent('A', {}), makeEvent('B', {})]);
      const errors: unknown[] = [];
      let calls = 0;
      const sub = store.subscribe(
        head,
        async (events) => {
          if (events.some((e) => e.streamId === s)) {
            calls++;
            throw new Error('handler broke');
          }
        },
        { onError: (e) => errors.push(e), maxBatch: 1 },
      );
      await waitFor(() => errors.length === 1);
      await store.append(s, 1, [makeEvent('C', {})]);
      await new Promise((r) => setTimeout(r, 200));
      await sub.stop();
      expect(calls).toBe(1);
      expect((errors[0] as Error).message).toBe('handler broke');
    });

    it(`[${name}] resumes from a stored checkpoint after a restart (new instance, same storage)`, async () => {
      const head = await store.headPosition();
      const s = newStream();
      await store.append(s, 'no_stream', [makeEvent('E0', {}), makeEvent('E1', {}), makeEvent('E2', {})]);
      const delivered: StoredEvent[] = [];
      const sub1 = store.subscribe(head, async (events) => {
        delivered.push(...events.filter((e) => e.streamId === s));
      }, { maxBatch: 1 });
      await waitFor(() => delivered.length >= 2);
      await sub1.stop();
      expect(delivered.slice(0, 2).map((e) => e.type)).toEqual(['E0', 'E1']);
      const checkpoint = delivered[1]!.position; // what the consumer stored after handling E1
      await store.append(s, 2, [makeEvent('E3', {})]);
      await store.close();

      store = await harness.open(); // restart
      await store.append(s, 3, [makeEvent('E4', {})]);
      const resumed: string[] = [];
      const sub2 = store.subscribe(checkpoint, async (events) => {
        resumed.push(...events.filter((e) => e.streamId === s).map((e) => e.type));
      });
      try {
        await waitFor(() => resumed.length === 3);
        await store.append(s, 4, [makeEvent('E5', {})]);
        await waitFor(() => resumed.length === 4);
      } finally {
        await sub2.stop();
      }
      expect(resumed).toEqual(['E2', 'E3', 'E4', 'E5']);
      expect((await readAllAfter(store, checkpoint)).filter((e) => e.streamId === s).map((e) => e.type)).toEqual(['E2', 'E3', 'E4', 'E5']);
    });

    it(`[${name}] stores and reads back a stream of 10,000 events, complete and in order`, async () => {
      const s = newStream();
      const total = 10_000;
      const chunk = 250;
      let expected: 'no_stream' | number = 'no_stream';
      for (let start = 0; start < total; start += chunk) {
        const events = Array.from({ length: chunk }, (_, i) => makeEvent('Tick', { i: start + i }));
        const r = await store.append(s, expected, events);
        expected = r.nextRevision;
      }
      expect(expected).toBe(total - 1);
      const read = await store.readStream(s);
      expect(read).toHaveLength(total);
      read.forEach((e, i) => {
        if (e.revision !== i || (e.data as { i: number }).i !== i) throw new Error(`event ${i} out of place: revision ${e.revision}, data ${JSON.stringify(e.data)}`);
      });
      expectStrictlyIncreasing(read.map((e) => e.position));
      expect((await store.readStream(s, 9_990)).map((e) => e.revision)).toEqual(Array.from({ length: 10 }, (_, i) => 9_990 + i));
    });

    it(`[${name}] lets exactly one of N concurrent appends at the same revision win`, async () => {
      const s = newStream();
      await store.append(s, 'no_stream', [makeEvent('Start', {})]);
      const other = await harness.open();
      extra.push(other);
      const writers = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : other));
      const results = await Promise.allSettled(writers.map((w, i) => w.append(s, 0, [makeEvent(`W${i}`, {}), makeEvent(`W${i}b`, {})])));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const l of lost) expect(l.reason).toBeInstanceOf(WrongExpectedRevisionError);
      const read = await store.readStream(s);
      expect(read).toHaveLength(3);
      const winner = read[1]!.type;
      expect(read[2]!.type).toBe(`${winner}b`);
    });

    it(`[${name}] reports the head position: the last stored event's position`, async () => {
      const s = newStream();
      const r1 = await store.append(s, 'no_stream', [makeEvent('A', {})]);
      expect(await store.headPosition()).toBe(r1.position);
      const r2 = await store.append(s, 0, [makeEvent('B', {}), makeEvent('C', {})]);
      expect(r2.position > r1.position).toBe(true);
      expect(await store.headPosition()).toBe(r2.position);
    });
  });
}

/** headPosition of an empty store is null (only for harnesses that start empty). */
export function describeEmptyStoreHead(name: string, factory: () => Promise<EventStoreHarness>): void {
  it(`[${name}] reports no head position and no events for an empty store`, async () => {
    const harness = await factory();
    const store = await harness.open();
    try {
      expect(await store.headPosition()).toBeNull();
      expect(await store.readAll(null, 10)).toEqual([]);
    } finally {
      await store.close();
      await harness.dispose();
    }
  });
}
