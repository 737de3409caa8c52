// npm run projections:rebuild: recreates the read models from the event store (position
// 0) and reports events/s. Stop the service first: it owns the read models while running.
import { loadConfig } from '../../../../libs/config/src/config.js';
import { createEventStore } from '../../../../libs/event-store/src/create-event-store.js';
import { ReadModelStore, readModelFile } from '../../../../libs/projections/src/read-model.store.js';
import { rebuildReadModels } from '../../../../libs/projections/src/rebuild.js';

async function main() {
  const config = loadConfig();
  const store = await createEventStore(config);
  const readModels = new ReadModelStore(readModelFile(config.dataDir));
  try {
    const r = await rebuildReadModels(store, readModels);
    console.log(`rebuilt read models from position 0: ${r.events} events in ${r.seconds.toFixed(2)} s = ${Math.round(r.eventsPerSecond)} events/s`);
  } finally {
    readModels.close();
    await store.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
