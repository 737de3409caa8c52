// Liveness and readiness: the event store answers and the projection is running.
import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ACCOUNT_PROJECTION, EVENT_STORE } from '../../../../libs/application/src/tokens.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import type { ProjectionRunner } from '../../../../libs/projections/src/projection-runner.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ACCOUNT_PROJECTION) private readonly projection: ProjectionRunner,
  ) {}

  @Get()
  async health() {
    const head = await this.store.headPosition();
    const checkpoint = this.projection.checkpoint;
    const body = {
      status: this.projection.healthy ? 'ok' : 'degraded',
      eventStore: { head: head?.toString() ?? null },
      projection: { checkpoint: checkpoint?.toString() ?? null, healthy: this.projection.healthy },
    };
    if (!this.projection.healthy) throw new HttpException(body, 503);
    return body;
  }
}
