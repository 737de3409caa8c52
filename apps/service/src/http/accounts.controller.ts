// Reads of one account (contract section 4): view, asOf replay, audit trail, coverage.
// A student reads only their own account; institutions, auditors and operators read all.
import { Controller, Get, Param, Query, Req, UseGuards, UsePipes } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { reject } from '../../../../libs/application/src/problems.js';
import { GetAccountQuery, GetCoverageQuery, GetHistoryQuery } from '../../../../libs/application/src/queries/account-queries.js';
import { STUDENT_ID } from '../../../../libs/application/src/validation/command-dtos.js';
import type { AccountView, Coverage } from '../../../../libs/domain/src/index.js';
import type { HistoryItem } from '../../../../libs/projections/src/read-model.store.js';
import { AuthGuard, type AuthenticatedRequest } from './auth.guard.js';
import { AsOfQueryDto, CoverageQueryDto } from './query-dtos.js';
import { queryValidation } from './validation.pipe.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/accounts')
@UseGuards(AuthGuard)
@UsePipes(queryValidation)
export class AccountsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':studentId')
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD: the account as it stood at the end of that day (R29)' })
  async account(@Param('studentId') studentId: string, @Query() q: AsOfQueryDto, @Req() req: AuthenticatedRequest): Promise<AccountView> {
    this.mayRead(studentId, req);
    const view = await this.queries.execute<GetAccountQuery, AccountView | undefined>(new GetAccountQuery(studentId, q.asOf));
    if (!view) throw reject(404, q.asOf ? `account ${studentId} had not opened by ${q.asOf}` : `no account for ${studentId}`, { slug: 'unknown-account' });
    return view;
  }

  @Get(':studentId/history')
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD: the movements that produced the balance at the end of that day (R29)' })
  async history(@Param('studentId') studentId: string, @Query() q: AsOfQueryDto, @Req() req: AuthenticatedRequest): Promise<{ items: HistoryItem[] }> {
    this.mayRead(studentId, req);
    const items = await this.queries.execute<GetHistoryQuery, HistoryItem[] | undefined>(new GetHistoryQuery(studentId, q.asOf));
    if (!items) throw reject(404, q.asOf ? `account ${studentId} had not opened by ${q.asOf}` : `no account for ${studentId}`, { slug: 'unknown-account' });
    return { items };
  }

  @Get(':studentId/coverage')
  async coverage(@Param('studentId') studentId: string, @Query() q: CoverageQueryDto, @Req() req: AuthenticatedRequest): Promise<Coverage> {
    this.mayRead(studentId, req);
    return this.queries.execute(new GetCoverageQuery(studentId, q.credits, q.programmeKind, q.followOn, q.academicYear ?? ''));
  }

  private mayRead(studentId: string, req: AuthenticatedRequest): void {
    if (!STUDENT_ID.test(studentId)) throw reject(400, 'studentId is not a valid pseudonym', { slug: 'invalid-fields', errors: [{ field: 'studentId', message: 'must match ^[A-Za-z0-9._:-]{1,64}$' }] });
    const p = req.principal!;
    if (p.role === 'student' && p.studentId !== studentId) throw reject(403, 'a student reads only their own account');
  }
}
