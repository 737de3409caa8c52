// Rebuilds the read models from position 0: empties them, then folds every stored event
// in pages, each page committed with its checkpoint (the same path as live projection).
import type { EventStore } from '../../event-store/src/event-store.port.js';
import { AccountProjection } from './account.projection.js';
import type { ReadModelStore } from './read-model.store.js';

export interface RebuildReport {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

export async function rebuildReadModels(store: EventStore, readModels: ReadModelStore, pageSize = 20_000, cacheSize = 50_000): Promise<RebuildReport> {
  readModels.reset();
  readModels.bulk(true);
  const projection = new AccountProjection(store, readModels, cacheSize);
  projection.beginBulk();
  const started = process.hrtime.bigint();
  let after: bigint | null = null;
  let events = 0;
  for (;;) {
    const page = await store.readAll(after, pageSize);
    if (page.length === 0) break;
    await projection.handle(page);
    events += page.length;
    after = page[page.length - 1].position;
  }
  projection.endBulk();
  readModels.bulk(false);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events, seconds, eventsPerSecond: events / seconds };
}
