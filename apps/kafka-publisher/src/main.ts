// Standalone event publisher: event store → `<prefix>.events` (CloudEvents), checkpointed
// in DATA_DIR/kafka-publisher.sqlite. Run it as one process next to the service when the
// service itself does not start the Kafka bridges. Stops gracefully on SIGTERM/SIGINT; a
// SIGKILL loses nothing (it resumes from the checkpoint, re-sending at most one batch).
import { stopOnSignals } from '../../../libs/messaging/src/stop-on-signals.js';
import { loadConfig } from '../../../libs/config/src/config.js';
import { createEventStore } from '../../../libs/event-store/src/create-event-store.js';
import { startPublisherBridge } from '../../../libs/messaging/src/kafka-bridges.js';

const config = loadConfig();
if (config.kafka.brokers.length === 0) {
  console.error('kafka-publisher: KAFKA_BROKERS is not set; nothing to publish to');
  process.exit(2);
}
const store = await createEventStore(config);
const bridge = startPublisherBridge({ config, store, dataDir: config.dataDir });
stopOnSignals('kafka-publisher', async () => {
  await bridge.stop();
  await store.close();
});
await bridge.ready;
console.warn(`kafka-publisher: publishing to ${config.kafka.topicPrefix}.events via ${config.kafka.brokers.join(',')}`);
