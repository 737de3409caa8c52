// The service without transports: event store, projections, command and query handlers.
// Used by the HTTP app, the Kafka apps and the CLI alike.
import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandExecutorService } from '../../../libs/application/src/command-executor.service.js';
import { ExecuteAccountCommandHandler } from '../../../libs/application/src/commands/execute-account-command.handler.js';
import { OpenAcademicYearHandler } from '../../../libs/application/src/commands/open-academic-year.handler.js';
import { SetInstitutionPolicyHandler } from '../../../libs/application/src/commands/set-institution-policy.handler.js';
import { PoliciesService } from '../../../libs/application/src/policies.service.js';
import { GetAccountHandler, GetCoverageHandler, GetHistoryHandler } from '../../../libs/application/src/queries/account-queries.js';
import { ACCOUNT_PROJECTION, EVENT_STORE, NATIONAL_POLICY, READ_MODELS } from '../../../libs/application/src/tokens.js';
import type { AppConfig } from '../../../libs/config/src/config.js';
import { nationalPolicyFrom } from '../../../libs/domain/src/index.js';
import { createEventStore, sqliteEventsFile } from '../../../libs/event-store/src/create-event-store.js';
import type { EventStore } from '../../../libs/event-store/src/event-store.port.js';
import { AccountProjection } from '../../../libs/projections/src/account.projection.js';
import type { ProjectionRunner } from '../../../libs/projections/src/projection-runner.js';
import { WorkerProjection, projectionWorkerAvailable } from '../../../libs/projections/src/worker-projection.js';
import { ReadModelStore, readModelFile } from '../../../libs/projections/src/read-model.store.js';

export const APP_CONFIG = Symbol('AppConfig');

export interface CoreOptions {
  /** Start the projection subscriber (false for the projection-rebuild CLI). */
  readonly projections?: boolean;
  /** 'main' keeps the projection on the main thread even where the worker is available. */
  readonly projectionThread?: 'main' | 'worker';
}

@Injectable()
class CoreLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(ACCOUNT_PROJECTION) private readonly projection: ProjectionRunner,
    @Inject('CORE_OPTIONS') private readonly options: CoreOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.projections !== false) this.projection.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projection.stop();
    await this.store.close();
    this.readModels.close();
  }
}

@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, options: CoreOptions = {}): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: 'CORE_OPTIONS', useValue: options },
        { provide: EVENT_STORE, useFactory: () => createEventStore(config) },
        { provide: READ_MODELS, useFactory: () => new ReadModelStore(readModelFile(config.dataDir)) },
        { provide: NATIONAL_POLICY, useValue: nationalPolicyFrom(config.nationalPolicy) },
        {
          provide: ACCOUNT_PROJECTION,
          // The built service projects in a worker thread on the embedded store; tests running the
          // TypeScript sources and the KurrentDB adapter project in this thread.
          useFactory: (store: EventStore, readModels: ReadModelStore): ProjectionRunner =>
            config.eventStore === 'sqlite' && projectionWorkerAvailable() && options.projectionThread !== 'main'
              ? new WorkerProjection(store, { eventsFile: sqliteEventsFile(config.dataDir), dataDir: config.dataDir })
              : new AccountProjection(store, readModels),
          inject: [EVENT_STORE, READ_MODELS],
        },
        CoreLifecycle,
        PoliciesService,
        CommandExecutorService,
        ExecuteAccountCommandHandler,
        OpenAcademicYearHandler,
        SetInstitutionPolicyHandler,
        GetAccountHandler,
        GetHistoryHandler,
        GetCoverageHandler,
      ],
      exports: [APP_CONFIG, EVENT_STORE, READ_MODELS, ACCOUNT_PROJECTION, NATIONAL_POLICY, CommandExecutorService],
    };
  }
}
