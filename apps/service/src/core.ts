// The service core as a plain object, for the Kafka apps, the CLI, benchmarks and tests.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CommandExecutorService } from '../../../libs/application/src/command-executor.service.js';
import { ACCOUNT_PROJECTION, EVENT_STORE, READ_MODELS } from '../../../libs/application/src/tokens.js';
import type { AppConfig } from '../../../libs/config/src/config.js';
import type { EventStore } from '../../../libs/event-store/src/event-store.port.js';
import type { ProjectionRunner } from '../../../libs/projections/src/projection-runner.js';
import type { ReadModelStore } from '../../../libs/projections/src/read-model.store.js';
import { CoreModule, type CoreOptions } from './core.module.js';

export interface Core {
  readonly config: AppConfig;
  readonly commands: CommandExecutorService;
  readonly commandBus: CommandBus;
  readonly queryBus: QueryBus;
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
  readonly projection: ProjectionRunner;
  close(): Promise<void>;
}

export async function createCore(config: AppConfig, options: CoreOptions = {}): Promise<Core> {
  const app = await NestFactory.createApplicationContext(CoreModule.forRoot(config, options), { logger: ['error', 'warn'] });
  await app.init();
  return {
    config,
    commands: app.get(CommandExecutorService),
    commandBus: app.get(CommandBus),
    queryBus: app.get(QueryBus),
    store: app.get(EVENT_STORE),
    readModels: app.get(READ_MODELS),
    projection: app.get(ACCOUNT_PROJECTION),
    close: () => app.close(),
  };
}
