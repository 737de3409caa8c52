// Given/when/then for the domain specs: commands are decided one after another on the
// account their predecessors produced, the way the application does it.
import { type AccountCommand, type AccountEvent, type AccountState, type DecideContext, type Decision, type Rejection, decide, defaultContext, fold, initialState } from '../src/index.js';

export const INST = 'UGENT';

export class Account {
  readonly history: AccountEvent[] = [];
  state: AccountState = initialState();
  constructor(private readonly ctx: Omit<DecideContext, 'history'> = defaultContext()) {}

  try(command: AccountCommand): Decision {
    const d = decide(command, this.state, { ...this.ctx, history: this.history });
    if (d.ok) {
      this.history.push(...d.events);
      this.state = fold(d.events, this.state);
    }
    return d;
  }

  /** Runs commands that must be accepted; returns the events of the last one. */
  when(...commands: AccountCommand[]): readonly AccountEvent[] {
    let events: readonly AccountEvent[] = [];
    for (const c of commands) {
      const d = this.try(c);
      if (!d.ok) throw new Error(`${c.type} refused: ${d.rejection.detail}`);
      events = d.events;
    }
    return events;
  }

  refused(command: AccountCommand): Rejection {
    const d = this.try(command);
    if (d.ok) throw new Error(`${command.type} was accepted: ${d.events.map((e) => e.type).join(', ')}`);
    return d.rejection;
  }

  get balance() {
    return this.state.balance;
  }
}

export const types = (events: readonly AccountEvent[]) => events.map((e) => e.type);
export const moved = (events: readonly AccountEvent[]) =>
  events.reduce((sum, e) => sum + ('credits' in e.data && typeof e.data.credits === 'number' ? e.data.credits : 0), 0);

type Comp = { componentId: string; credits: number; term: 'S1' | 'S2' | 'Y'; exempted?: boolean };
export const comps = (...spec: [string, number, ('S1' | 'S2' | 'Y')?][]): Comp[] => spec.map(([componentId, credits, term]) => ({ componentId, credits, term: term ?? 'S1' }));

export const enrol = (
  enrolmentId: string,
  academicYear: string,
  components: Comp[],
  opts: Partial<{ code: string; kind: string; contract: 'diploma' | 'credit' | 'exam'; enrolledOn: string; institutionId: string }> = {},
): AccountCommand => ({
  type: 'RegisterEnrolment',
  institutionId: opts.institutionId ?? INST,
  enrolmentId,
  academicYear,
  programme: { code: opts.code ?? `BA-${enrolmentId.toUpperCase()}`, kind: (opts.kind ?? 'bachelor') as never },
  contract: opts.contract ?? 'diploma',
  enrolledOn: opts.enrolledOn ?? `${academicYear.slice(0, 4)}-09-23`,
  components,
});

export const result = (
  enrolmentId: string,
  componentId: string,
  outcome: 'passed' | 'failed' | 'tolerated' | 'absent',
  recordedOn: string,
  opts: Partial<{ session: 1 | 2; final: boolean; institutionId: string }> = {},
): AccountCommand => ({
  type: 'RecordResult',
  institutionId: opts.institutionId ?? INST,
  enrolmentId,
  componentId,
  outcome,
  session: opts.session ?? 1,
  final: opts.final ?? true,
  recordedOn,
});

export const pass = (e: string, c: string, on: string) => result(e, c, 'passed', on);
export const failFinal = (e: string, c: string, on: string) => result(e, c, 'failed', on, { session: 2 });

export const withdraw = (enrolmentId: string, withdrawnOn: string, institutionId = INST): AccountCommand => ({ type: 'WithdrawEnrolment', institutionId, enrolmentId, withdrawnOn });
export const drop = (enrolmentId: string, withdrawnOn: string, componentIds: string[], institutionId = INST): AccountCommand => ({
  type: 'WithdrawComponents',
  institutionId,
  enrolmentId,
  withdrawnOn,
  componentIds,
});
export const close = (academicYear: string, closedOn: string, institutionId = INST): AccountCommand => ({ type: 'CloseAcademicYear', institutionId, academicYear, closedOn });
export const degree = (kind: 'bachelor' | 'master' | 'graduaat' | 'master-after-master' | 'other', academicYear: string, awardedOn?: string): AccountCommand => ({
  type: 'AwardDegree',
  institutionId: INST,
  kind,
  programme: { code: `DEG-${kind}`, kind: kind === 'other' ? 'master' : kind === 'graduaat' ? 'graduaat' : (kind as never) },
  awardedOn: awardedOn ?? `${Number(academicYear.slice(0, 4)) + 1}-07-05`,
  academicYear,
});
export const openYear = (academicYear: string): AccountCommand => ({ type: 'OpenAcademicYearForAccount', academicYear, openedOn: `${academicYear.slice(0, 4)}-09-14` });
export const correct = (enrolmentId: string, componentId: string, outcome: 'passed' | 'failed' | 'tolerated' | 'absent', correctedOn = '2027-01-15'): AccountCommand => ({
  type: 'CorrectResult',
  institutionId: INST,
  enrolmentId,
  componentId,
  outcome,
  correctedOn,
  reason: 'exam board decision',
});
export const restore = (enrolmentId: string, componentId: string, reference = 'RvStvb 2026/1', decidedOn = '2026-10-15'): AccountCommand => ({
  type: 'RestoreCredits',
  enrolmentId,
  componentId,
  decision: { reference, decidedOn },
});

/** A first year of 60 credits, all passed: 140 -> 200 (bonus used). */
export function perfectYear(a: Account, id: string, year: string): void {
  a.when(enrol(id, year, comps(['a', 30, 'S1'], ['b', 30, 'S2'])), pass(id, 'a', `${Number(year.slice(0, 4)) + 1}-06-30`), pass(id, 'b', `${Number(year.slice(0, 4)) + 1}-06-30`));
}

/** A year of `credits` all failed for good. */
export function failedYear(a: Account, id: string, year: string, credits: number): void {
  a.when(enrol(id, year, comps(['a', credits, 'S1'])), failFinal(id, 'a', `${Number(year.slice(0, 4)) + 1}-09-10`));
}
