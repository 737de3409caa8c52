// Builds the HTTP application (used by main and by the end-to-end tests).
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../../../libs/config/src/config.js';
import { AppModule } from './app.module.js';

export async function createHttpApp(config: AppConfig, logger: false | ('log' | 'error' | 'warn')[] = ['log', 'error', 'warn']): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { logger, bodyParser: true });
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Learning-account service')
    .setDescription('The event-sourced ledger of the Flemish learning account (leerkrediet). Contract: spec/contract.md; rules R1-R30: spec/rules.md.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'docs-json' });
  return app;
}
