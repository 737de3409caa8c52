// POST /v1/commands (contract sections 2 and 4). Answers once the read models include the
// command's events, so a client reads its own writes.
import { Body, Controller, HttpCode, Inject, Logger, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommandExecutorService } from '../../../../libs/application/src/command-executor.service.js';
import type { CommandOutcome } from '../../../../libs/application/src/command-executor.port.js';
import { ACCOUNT_PROJECTION } from '../../../../libs/application/src/tokens.js';
import { COMMAND_TYPES } from '../../../../libs/application/src/validation/command-dtos.js';
import type { ProjectionRunner } from '../../../../libs/projections/src/projection-runner.js';
import { AuthGuard, type AuthenticatedRequest } from './auth.guard.js';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('v1/commands')
@UseGuards(AuthGuard)
export class CommandsController {
  private readonly logger = new Logger('CommandsController');

  constructor(
    private readonly executor: CommandExecutorService,
    @Inject(ACCOUNT_PROJECTION) private readonly projection: ProjectionRunner,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiBody({
    description: 'One command (contract section 2). The acting institution comes from the token.',
    schema: {
      type: 'object',
      required: ['commandId', 'type', 'payload'],
      properties: {
        commandId: { type: 'string', format: 'uuid' },
        type: { type: 'string', enum: COMMAND_TYPES },
        studentId: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
        payload: { type: 'object' },
      },
    },
  })
  @ApiOkResponse({ description: '{commandId, duplicate, streamRevision, events: [{type, data}]}' })
  async run(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<CommandOutcome> {
    const p = req.principal!;
    const correlation = req.headers['x-correlation-id'];
    const outcome = await this.executor.execute(body, { role: p.role, ...(p.institutionId ? { institutionId: p.institutionId } : {}) }, typeof correlation === 'string' ? correlation.slice(0, 100) : undefined);
    // Read-your-writes for the caller. The command is stored either way: a slow projection
    // must not turn a success into an error (the client would only resend a duplicate).
    await this.projection.waitForHead().catch((e: Error) => this.logger.warn(`answering before the read models caught up: ${e.message}`));
    return outcome;
  }
}
