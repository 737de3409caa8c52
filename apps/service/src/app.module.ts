// The HTTP application: the core plus controllers, auth and problem+json errors.
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { AppConfig } from '../../../libs/config/src/config.js';
import { CoreModule, type CoreOptions } from './core.module.js';
import { AccountsController } from './http/accounts.controller.js';
import { AuthGuard } from './http/auth.guard.js';
import { AuthService } from './http/auth.service.js';
import { CommandsController } from './http/commands.controller.js';
import { HealthController } from './http/health.controller.js';
import { ProblemFilter } from './http/problem.filter.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: CoreOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config, options)],
      controllers: [CommandsController, AccountsController, HealthController],
      providers: [AuthService, AuthGuard, { provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
