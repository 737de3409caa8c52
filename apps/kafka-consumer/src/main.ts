// Standalone command consumer: `<prefix>.commands.<institutionId>` → the application's
// command executor → `<prefix>.command-results` (and `<prefix>.commands.dlq`). Stops
// gracefully on SIGTERM/SIGINT (the running chunk finishes and is committed); after a crash
// the uncommitted commands are redelivered and answered `duplicate` where already executed.
import { createCore } from '../../service/src/core.js';
import { stopOnSignals } from '../../../libs/messaging/src/stop-on-signals.js';
import { loadConfig } from '../../../libs/config/src/config.js';
import { startConsumerBridge } from '../../../libs/messaging/src/kafka-bridges.js';

const config = loadConfig();
if (config.kafka.brokers.length === 0) {
  console.error('kafka-consumer: KAFKA_BROKERS is not set; nothing to consume');
  process.exit(2);
}
// Institutions send no OpenAcademicYear (operator only), so this process needs no read models:
// the service process that serves HTTP keeps them.
const core = await createCore(config, { projections: false });
const bridge = startConsumerBridge({ config, commands: core.commands });
stopOnSignals('kafka-consumer', async () => {
  await bridge.stop();
  await core.close();
});
await bridge.ready;
console.warn(`kafka-consumer: consuming ${config.kafka.topicPrefix}.commands.<institutionId> via ${config.kafka.brokers.join(',')}`);
