// The KurrentDB TEST DOUBLE answers the real client over the wire as a node would.
import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  KurrentDBClient,
  NO_STREAM,
  START,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import { jest } from '@jest/globals';
import { startKurrentDbDouble, type KurrentDbDouble } from './kurrentdb-double.js';

jest.setTimeout(20_000);

describe('KurrentDB test double (wire level, real client)', () => {
  let double: KurrentDbDouble;
  let client: KurrentDBClient;
  beforeAll(async () => {
    double = await startKurrentDbDouble();
    client = KurrentDBClient.connectionString(double.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await double.stop();
  });

  const ev = (n: number, id = randomUUID()) => jsonEvent({ id, type: 'Thing', data: { n }, metadata: { m: n } });

  it('appends with revision checks and reads the stream back', async () => {
    const s = `test-${randomUUID()}`;
    const r1 = await client.appendToStream(s, [ev(1), ev(2)], { streamState: NO_STREAM });
    expect(r1.nextExpectedRevision).toBe(1n);
    await expect(client.appendToStream(s, [ev(3)], { streamState: NO_STREAM })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(client.appendToStream(s, [ev(3)], { streamState: 0n })).rejects.toMatchObject({ actualState: 1n, expectedState: 0n });
    const r2 = await client.appendToStream(s, [ev(3)], { streamState: 1n });
    expect(r2.nextExpectedRevision).toBe(2n);
    expect(r2.position!.commit).toBeGreaterThan(r1.position!.commit);
    const read = [];
    for await (const e of client.readStream(s)) read.push(e.event!);
    expect(read.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(read[0]!.metadata).toEqual({ m: 1 });
    const back = [];
    for await (const e of client.readStream(s, { direction: BACKWARDS, fromRevision: END, maxCount: 2 })) back.push(e.event!.revision);
    expect(back).toEqual([2n, 1n]);
  });

  it('absorbs a re-append of the same event ids at the same expected revision', async () => {
    const s = `test-${randomUUID()}`;
    const events = [ev(1), ev(2)];
    const first = await client.appendToStream(s, events, { streamState: NO_STREAM });
    const again = await client.appendToStream(s, events, { streamState: NO_STREAM });
    expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
    expect(again.position).toEqual(first.position);
    expect(double.log.lastRevision(s)).toBe(1n);
  });

  it('reports a missing stream as StreamNotFound', async () => {
    await expect((async () => { for await (const _ of client.readStream(`none-${randomUUID()}`)) void _; })()).rejects.toMatchObject({ type: 'stream-not-found' });
  });

  it('reads $all with a stream-prefix filter, forwards and backwards', async () => {
    const p = `pfx${randomUUID().slice(0, 8)}-`;
    await client.appendToStream(`${p}a`, [ev(1)], { streamState: NO_STREAM });
    await client.appendToStream(`other-${randomUUID()}`, [ev(2)], { streamState: NO_STREAM });
    await client.appendToStream(`${p}b`, [ev(3)], { streamState: NO_STREAM });
    const fwd = [];
    for await (const e of client.readAll({ fromPosition: START, filter: streamNameFilter({ prefixes: [p] }) })) fwd.push(e.event!.streamId);
    expect(fwd).toEqual([`${p}a`, `${p}b`]);
    const back = [];
    for await (const e of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, filter: streamNameFilter({ prefixes: [p] }) })) back.push(e.event!.streamId);
    expect(back).toEqual([`${p}b`]);
    const unfiltered = [];
    for await (const e of client.readAll({ fromPosition: START, maxCount: 2 })) unfiltered.push(e.event!.streamId);
    expect(unfiltered[0]!.startsWith('$')).toBe(true);
  });

  it('serves a $all subscription that catches up, says caughtUp, then goes live', async () => {
    const p = `sub${randomUUID().slice(0, 8)}-`;
    await client.appendToStream(`${p}a`, [ev(1), ev(2)], { streamState: NO_STREAM });
    const sub = client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: [p] }) });
    const seen: unknown[] = [];
    let caughtUp = false;
    sub.on('caughtUp', () => { caughtUp = true; });
    const done = new Promise<void>((resolve) => {
      sub.on('data', (e) => {
        seen.push(e.event!.data);
        if (seen.length === 2) void client.appendToStream(`${p}a`, [ev(3)], { streamState: 1n });
        if (seen.length === 3) resolve();
      });
    });
    await done;
    await sub.unsubscribe();
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(caughtUp).toBe(true);
  });
});

describe('KurrentDB test double: v1 Append (the client uses it when a call carries credentials)', () => {
  it('checks revisions and absorbs re-appends over Append too', async () => {
    const double = await startKurrentDbDouble();
    const client = KurrentDBClient.connectionString(double.connectionString);
    try {
      const credentials = { username: 'admin', password: 'changeit' };
      const s = `v1-${randomUUID()}`;
      const events = [jsonEvent({ id: randomUUID(), type: 'A', data: {} }), jsonEvent({ id: randomUUID(), type: 'B', data: {} })];
      const first = await client.appendToStream(s, events, { streamState: NO_STREAM, credentials });
      expect(first.nextExpectedRevision).toBe(1n);
      const again = await client.appendToStream(s, events, { streamState: NO_STREAM, credentials });
      expect(again.position).toEqual(first.position);
      await expect(
        client.appendToStream(s, [jsonEvent({ id: randomUUID(), type: 'C', data: {} })], { streamState: 0n, credentials }),
      ).rejects.toMatchObject({ type: 'wrong-expected-version', actualState: 1n, expectedState: 0n });
      expect(double.log.lastRevision(s)).toBe(1n);
    } finally {
      await client.dispose();
      await double.stop();
    }
  });
});
