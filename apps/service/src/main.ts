// The single-process default: HTTP API, projections and, when KAFKA_BROKERS is set, the
// Kafka command consumer and event publisher, all on the configured event store.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { CommandExecutorService } from '../../../libs/application/src/command-executor.service.js';
import { EVENT_STORE } from '../../../libs/application/src/tokens.js';
import { ConfigError, loadConfig } from '../../../libs/config/src/config.js';
import { startKafkaBridges } from '../../../libs/messaging/src/kafka-bridges.js';
import { createHttpApp } from './http-app.js';

async function main(): Promise<void> {
  const log = new Logger('main');
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  if (config.auth.usingDevSecret) {
    log.warn('='.repeat(78));
    log.warn('DEVELOPMENT MODE: tokens are checked with the PUBLIC development secret.');
    log.warn('Anyone can mint tokens. Set NODE_ENV=production and AUTH_JWKS_URL for real use.');
    log.warn('Tokens for each role: npm run tokens');
    log.warn('='.repeat(78));
  }
  const app = await createHttpApp(config);
  await app.listen(config.port, '0.0.0.0');
  log.log(`listening on :${config.port} (event store ${config.eventStore}, data in ${config.dataDir}); OpenAPI at /docs`);
  if (config.kafka.brokers.length > 0) {
    const bridges = await startKafkaBridges({ config, commands: app.get(CommandExecutorService), store: app.get(EVENT_STORE), dataDir: config.dataDir });
    const stop = async () => {
      await bridges.stop();
      await app.close();
      process.exit(0);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    log.log(`Kafka bridges started (${config.kafka.brokers.join(',')})`);
  }
}

void main();
