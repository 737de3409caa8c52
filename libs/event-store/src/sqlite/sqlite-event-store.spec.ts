// SQLite-specific behaviour beyond the conformance suite: the metadata of an append is
// stored once, and every way of reading gives each event its full metadata back.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventMetadata, NewEvent } from '../event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const meta = (eventId: string, commandId: string): EventMetadata => ({
  eventId,
  commandId,
  correlationId: `corr-${commandId}`,
  causationId: commandId,
  actor: { role: 'institution', institutionId: 'UGENT' },
  recordedAt: '2026-12-04T10:00:00.000Z',
  schemaVersion: 1,
  commandHash: 'h',
});
const events = (commandId: string, n: number): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'T', data: { i }, metadata: meta(`${commandId}-${i}`, commandId) }));

describe('SQLite event store: shared metadata of an append', () => {
  const store = new SqliteEventStore({ file: join(mkdtempSync(join(tmpdir(), 'la-sqlite-')), 'e.sqlite') });
  afterAll(() => store.close());

  it('gives every event its own id and the shared metadata, from any starting point', async () => {
    await store.append('s-1', 'no_stream', events('c1', 5));
    await store.append('s-2', 'no_stream', events('c2', 3));
    await store.append('s-1', 4, events('c3', 2));
    const all = await store.readStream('s-1');
    expect(all.map((e) => e.metadata)).toEqual([...events('c1', 5), ...events('c3', 2)].map((e) => e.metadata));
    expect((await store.readStream('s-1', 3)).map((e) => e.metadata)).toEqual(all.slice(3).map((e) => e.metadata));
    // Pages of readAll cut appends in the middle.
    const pages: EventMetadata[] = [];
    let after: bigint | null = null;
    for (;;) {
      const page = await store.readAll(after, 2);
      if (page.length === 0) break;
      pages.push(...page.map((e) => e.metadata));
      after = page[page.length - 1].position;
    }
    expect(pages.map((m) => m.eventId)).toEqual(['c1-0', 'c1-1', 'c1-2', 'c1-3', 'c1-4', 'c2-0', 'c2-1', 'c2-2', 'c3-0', 'c3-1']);
    expect(pages.every((m) => m.correlationId === `corr-${m.commandId}` && m.actor.institutionId === 'UGENT')).toBe(true);
    expect((await store.readByCommandId('c3')).map((e) => e.metadata.eventId)).toEqual(['c3-0', 'c3-1']);
  });

  it('keeps metadata that differs inside one append', async () => {
    const mixed: NewEvent[] = [events('c4', 1)[0], { ...events('c4', 2)[1], metadata: { ...meta('c4-1', 'c4'), recordedAt: '2026-12-05T00:00:00.000Z' } }];
    await store.append('s-3', 'no_stream', mixed);
    expect((await store.readStream('s-3')).map((e) => e.metadata)).toEqual(mixed.map((e) => e.metadata));
  });
});
