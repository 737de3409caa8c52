// @nestjs/cqrs queries of the student portal, institutions and auditors (contract section 4).
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type AccountView, type Coverage, type NationalPolicy, type ProgrammeKind, coverage, evolve, fold, initialState, toView } from '../../../domain/src/index.js';
import { type EventStore, type StoredEvent, studentStream } from '../../../event-store/src/event-store.port.js';
import { historyItem } from '../../../projections/src/account.projection.js';
import type { HistoryItem, ReadModelStore } from '../../../projections/src/read-model.store.js';
import { toDomainEvent } from '../event-envelope.js';
import { EVENT_STORE, NATIONAL_POLICY, READ_MODELS } from '../tokens.js';

export class GetAccountQuery {
  constructor(
    readonly studentId: string,
    readonly asOf?: string,
  ) {}
}
export class GetHistoryQuery {
  constructor(
    readonly studentId: string,
    readonly asOf?: string,
  ) {}
}
export class GetCoverageQuery {
  constructor(
    readonly studentId: string,
    readonly credits: number,
    readonly programmeKind: ProgrammeKind,
    readonly followOn: boolean,
    readonly academicYear: string,
  ) {}
}

/** undefined = no account (404). */
@QueryHandler(GetAccountQuery)
export class GetAccountHandler implements IQueryHandler<GetAccountQuery, AccountView | undefined> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ studentId, asOf }: GetAccountQuery): Promise<AccountView | undefined> {
    if (asOf === undefined) {
      const row = this.readModels.account(studentId);
      return row?.state.opened ? toView(studentId, row.state) : undefined;
    }
    const state = fold((await eventsAsOf(this.store, studentId, asOf)).map(toDomainEvent));
    return state.opened ? toView(studentId, state, asOf) : undefined;
  }
}

/**
 * R29: the student's events whose business date is on or before `asOf`, in stored order:
 * replaying them gives the account as it stood at the end of that day.
 */
async function eventsAsOf(store: EventStore, studentId: string, asOf: string): Promise<StoredEvent[]> {
  return (await store.readStream(studentStream(studentId))).filter((e) => (e.data as { occurredOn?: string }).occurredOn! <= asOf);
}

@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery, HistoryItem[] | undefined> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** undefined = no account (404), as for the view: a student whose enrolments never counted has none. */
  async execute({ studentId, asOf }: GetHistoryQuery): Promise<HistoryItem[] | undefined> {
    if (asOf === undefined) return this.readModels.account(studentId)?.state.opened ? this.readModels.history(studentId) : undefined;
    // The movements that produced the balance at `asOf`, replayed like the view.
    const state = initialState();
    const items = (await eventsAsOf(this.store, studentId, asOf)).map((e) => historyItem(e, evolve(state, toDomainEvent(e))));
    return state.opened ? items : undefined;
  }
}

@QueryHandler(GetCoverageQuery)
export class GetCoverageHandler implements IQueryHandler<GetCoverageQuery, Coverage> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(NATIONAL_POLICY) private readonly national: NationalPolicy,
  ) {}

  async execute(q: GetCoverageQuery): Promise<Coverage> {
    const state = this.readModels.account(q.studentId)?.state ?? null;
    return coverage(state, q, this.national);
  }
}
