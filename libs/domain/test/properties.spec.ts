// Properties over random command sequences for one student (fast-check). Commands are
// generated as abstract actions and bound to the account as it stands when they run, so
// most are valid; the few the domain refuses are simply left out of the history.
import fc from 'fast-check';
import { type AccountCommand, type AccountEvent, type AccountState, DEFAULT_NATIONAL_POLICY, type Outcome, cloneState, defaultContext, componentsOf, fold, lostCredits, pendingCredits } from '../src/index.js';
import { Account, comps, enrol, openYear, result } from './harness.js';

const FIRST = 2020;
const INSTITUTIONS = ['UGENT', 'KULEUVEN'] as const;
const CODES = ['P1', 'P2', 'P3'] as const;
const KINDS = ['bachelor', 'bachelor', 'master', 'bridging', 'educational-master'] as const;
const CONTRACTS = ['diploma', 'diploma', 'diploma', 'credit', 'exam'] as const;
const OUTCOMES: readonly Outcome[] = ['passed', 'failed', 'tolerated', 'absent'];
/** Days inside an academic year, in order: around every boundary the rules know. */
const DAYS = ['09-20', '10-15', '11-30', '12-01', '01-20', '03-15', '03-16', '06-30', '09-10'];
const dateIn = (year: number, day: number) => {
  const md = DAYS[day % DAYS.length];
  return `${Number(md.slice(0, 2)) >= 9 && day < 4 ? year : year + 1}-${md}`;
};
const ay = (year: number) => `${year}-${year + 1}`;

type Action =
  | { kind: 'nextYear' }
  | { kind: 'enrol'; inst: number; code: number; pkind: number; contract: number; day: number; comps: { credits: number; term: 'S1' | 'S2' | 'Y'; exempt: boolean }[] }
  | { kind: 'add'; pick: number; day: number; credits: number; term: 'S1' | 'S2' | 'Y' }
  | { kind: 'result'; pick: number; comp: number; outcome: number; session: 1 | 2; final: boolean; day: number }
  | { kind: 'drop'; pick: number; comp: number; day: number }
  | { kind: 'withdraw'; pick: number; day: number }
  | { kind: 'close'; inst: number; day: number }
  | { kind: 'degree'; dkind: number }
  | { kind: 'open' }
  | { kind: 'correct'; pick: number; comp: number; outcome: number }
  | { kind: 'restore'; pick: number; comp: number };

const termArb = fc.constantFrom<'S1' | 'S2' | 'Y'>('S1', 'S2', 'Y');
const pick = fc.nat({ max: 20 });
const day = fc.nat({ max: DAYS.length - 1 });

export const actionArb = (withCorrections: boolean): fc.Arbitrary<Action> =>
  fc.oneof(
    { arbitrary: fc.constant<Action>({ kind: 'nextYear' }), weight: 2 },
    {
      arbitrary: fc.record({
        kind: fc.constant('enrol' as const),
        inst: fc.nat({ max: 1 }),
        code: fc.nat({ max: CODES.length - 1 }),
        pkind: fc.nat({ max: KINDS.length - 1 }),
        contract: fc.nat({ max: CONTRACTS.length - 1 }),
        day: fc.nat({ max: 4 }),
        // one component in ten exempted (R8)
        comps: fc.array(fc.record({ credits: fc.integer({ min: 1, max: 30 }), term: termArb, exempt: fc.integer({ min: 0, max: 9 }).map((r) => r === 0) }), { minLength: 1, maxLength: 4 }),
      }),
      weight: 4,
    },
    { arbitrary: fc.record({ kind: fc.constant('add' as const), pick, day, credits: fc.integer({ min: 1, max: 20 }), term: termArb }), weight: 1 },
    {
      arbitrary: fc.record({ kind: fc.constant('result' as const), pick, comp: pick, outcome: fc.nat({ max: 3 }), session: fc.constantFrom<1 | 2>(1, 2), final: fc.boolean(), day }),
      weight: 6,
    },
    { arbitrary: fc.record({ kind: fc.constant('drop' as const), pick, comp: pick, day }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('withdraw' as const), pick, day }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('close' as const), inst: fc.nat({ max: 1 }), day: fc.constant(8) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('degree' as const), dkind: fc.nat({ max: 4 }) }), weight: 1 },
    { arbitrary: fc.constant<Action>({ kind: 'open' }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('restore' as const), pick, comp: pick }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('correct' as const), pick, comp: pick, outcome: fc.nat({ max: 3 }) }), weight: withCorrections ? 1 : 0 },
  );

/** Binds an abstract action to the account as it stands; undefined when it has nothing to act on. */
export function bind(a: Account, year: { y: number; n: number }, act: Action): AccountCommand | undefined {
  const s = a.state;
  const ids = s.enrolmentOrder;
  const enrolment = (p: number) => (ids.length ? s.enrolments[ids[p % ids.length]] : undefined);
  const component = (p: number, c: number) => {
    const e = enrolment(p);
    if (!e) return undefined;
    const cs = Object.keys(e.components);
    return { e, componentId: cs[c % cs.length] };
  };
  switch (act.kind) {
    case 'nextYear':
      year.y += 1;
      return undefined;
    case 'enrol': {
      year.n += 1;
      return {
        type: 'RegisterEnrolment',
        institutionId: INSTITUTIONS[act.inst],
        enrolmentId: `e${year.n}`,
        academicYear: ay(year.y),
        programme: { code: CODES[act.code], kind: KINDS[act.pkind] },
        contract: CONTRACTS[act.contract],
        enrolledOn: dateIn(year.y, act.day),
        components: act.comps.map((c, i) => ({ componentId: `c${i}`, credits: c.credits, term: c.term, ...(c.exempt ? { exempted: true } : {}) })),
      };
    }
    case 'add': {
      const e = enrolment(act.pick);
      if (!e) return undefined;
      year.n += 1;
      const y = Number(e.academicYear.slice(0, 4));
      return { type: 'AddComponents', institutionId: e.institutionId, enrolmentId: e.enrolmentId, changedOn: dateIn(y, act.day), components: [{ componentId: `x${year.n}`, credits: act.credits, term: act.term }] };
    }
    case 'result': {
      const t = component(act.pick, act.comp);
      if (!t) return undefined;
      const y = Number(t.e.academicYear.slice(0, 4));
      return {
        type: 'RecordResult',
        institutionId: t.e.institutionId,
        enrolmentId: t.e.enrolmentId,
        componentId: t.componentId,
        outcome: OUTCOMES[act.outcome],
        session: act.session,
        final: act.final,
        recordedOn: dateIn(y, act.day),
      };
    }
    case 'drop': {
      const t = component(act.pick, act.comp);
      if (!t) return undefined;
      return { type: 'WithdrawComponents', institutionId: t.e.institutionId, enrolmentId: t.e.enrolmentId, withdrawnOn: dateIn(Number(t.e.academicYear.slice(0, 4)), act.day), componentIds: [t.componentId] };
    }
    case 'withdraw': {
      const e = enrolment(act.pick);
      if (!e) return undefined;
      return { type: 'WithdrawEnrolment', institutionId: e.institutionId, enrolmentId: e.enrolmentId, withdrawnOn: dateIn(Number(e.academicYear.slice(0, 4)), act.day) };
    }
    case 'close':
      return { type: 'CloseAcademicYear', institutionId: INSTITUTIONS[act.inst], academicYear: ay(year.y), closedOn: dateIn(year.y, 8) };
    case 'degree': {
      const kind = (['bachelor', 'master', 'graduaat', 'master-after-master', 'other'] as const)[act.dkind];
      const pk = kind === 'graduaat' ? 'graduaat' : kind === 'master-after-master' ? 'master-after-master' : kind === 'bachelor' ? 'bachelor' : 'master';
      return { type: 'AwardDegree', institutionId: 'UGENT', kind, programme: { code: `D-${kind}`, kind: pk }, awardedOn: `${year.y + 1}-07-05`, academicYear: ay(year.y) };
    }
    case 'open':
      year.y += 1; // the yearly opening starts the next year
      return { type: 'OpenAcademicYearForAccount', academicYear: ay(year.y), openedOn: `${year.y}-09-14` };
    case 'restore': {
      const t = component(act.pick, act.comp);
      if (!t) return undefined;
      return { type: 'RestoreCredits', enrolmentId: t.e.enrolmentId, componentId: t.componentId, decision: { reference: 'RvStvb', decidedOn: `${year.y + 1}-10-15` } };
    }
    case 'correct': {
      const t = component(act.pick, act.comp);
      if (!t) return undefined;
      return { type: 'CorrectResult', institutionId: t.e.institutionId, enrolmentId: t.e.enrolmentId, componentId: t.componentId, outcome: OUTCOMES[act.outcome], correctedOn: `${year.y + 1}-10-20`, reason: 'property' };
    }
  }
}

/** Runs the actions; returns the account and the accepted commands in order. */
export function play(actions: readonly Action[], ctx?: ConstructorParameters<typeof Account>[0]): { a: Account; accepted: AccountCommand[] } {
  const a = new Account(ctx);
  const year = { y: FIRST, n: 0 };
  const accepted: AccountCommand[] = [];
  for (const act of actions) {
    const c = bind(a, year, act);
    if (!c) continue;
    if (a.try(c).ok) accepted.push(c);
  }
  return { a, accepted };
}

const half = (x: number) => Number.isInteger(x * 2);
/** A plain check: thousands of them per run, jest's expect would be too slow. */
function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new Error(message);
}
const amounts = (e: AccountEvent): number[] => {
  const d = e.data as unknown as Record<string, unknown>;
  return ['credits', 'balanceAfter', 'lost', 'amount', 'refund', 'bonusLapsed', 'openingBalance'].filter((k) => typeof d[k] === 'number').map((k) => d[k] as number);
};

const essence = (s: AccountState) => ({
  balance: s.balance,
  bonusGiven: s.bonusGiven,
  bonusRight: s.bonusRight,
  pendingCredits: pendingCredits(s),
  lostCredits: lostCredits(s),
});

// PROPERTY_RUNS=5000 for a deeper search.
/** National knobs (R12, R15, R21): a correction must hold under any of them. */
const knobsArb = fc.record({
  bonusCreditContractConsumes: fc.boolean(),
  rebuildStopsOnReenrolment: fc.boolean(),
  reorientationHalfWindowEndsInclusive: fc.constantFrom('03-15', '02-28'),
  maxRaisedFeePerCredit: fc.constant({}),
  defaultMaxRaisedFeePerCredit: fc.constant(11),
});

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) };

describe('R1-R30 properties of random histories', () => {
  it('R29/R6 balance = 140 + the signed sum of the movements; every amount a multiple of 0.5; R12 bonus <= 60', () => {
    fc.assert(
      fc.property(fc.array(actionArb(true), { minLength: 8, maxLength: 25 }), (actions) => {
        const a = new Account();
        const year = { y: FIRST, n: 0 };
        let movements = 0;
        for (const act of actions) {
          const c = bind(a, year, act);
          if (!c) continue;
          const d = a.try(c);
          if (!d.ok) continue;
          for (const e of d.events) {
            check(!(e.type === 'AccountOpened' && 'credits' in e.data), 'AccountOpened has no credits (R1)');
            if ('credits' in e.data) {
              check(a.state.opened, 'a movement on an account that is not open');
              movements += (e.data as { credits: number }).credits;
            }
            for (const x of amounts(e)) check(half(x), `${e.type}: ${x} is not a multiple of 0.5 (R6)`);
          }
          check(a.balance === (a.state.opened ? 140 + movements : 0), `balance ${a.balance} != 140 + ${movements} (R29)`);
          check(a.state.bonusGiven >= 0 && a.state.bonusGiven <= 60, `bonus given ${a.state.bonusGiven} (R12)`);
          check(half(a.balance), `balance ${a.balance} (R6)`);
          for (const comp of componentsOf(a.state))
            for (const x of [comp.reserved, comp.returned, comp.refunded, comp.lost, comp.restored, comp.bonus]) check(half(x) && x >= 0, `${comp.componentId}: ${x} (R6)`);
          check(pendingCredits(a.state) >= 0 && lostCredits(a.state) >= 0, 'pending and lost credits are never negative');
        }
      }),
      RUNS,
    );
  });

  it('R29 fold(events) from scratch equals the incrementally kept state', () => {
    fc.assert(
      fc.property(fc.array(actionArb(true), { minLength: 8, maxLength: 25 }), (actions) => {
        const { a } = play(actions);
        expect(fold(a.history)).toEqual(a.state);
      }),
      RUNS,
    );
  });

  it('R25 a correction gives what the corrected history recorded from the start gives', () => {
    fc.assert(
      fc.property(fc.array(actionArb(false), { minLength: 8, maxLength: 25 }), fc.nat(), fc.nat({ max: 3 }), knobsArb, (actions, which, outcome, national) => {
        const ctx = { ...defaultContext(), national };
        const { a, accepted } = play(actions, ctx);
        // components that have a result: the last RecordResult for each is the one corrected
        const lastIdx = new Map<string, number>();
        accepted.forEach((c, i) => {
          if (c.type === 'RecordResult') lastIdx.set(`${c.enrolmentId}/${c.componentId}`, i);
        });
        fc.pre(lastIdx.size > 0);
        const targets = [...lastIdx.entries()];
        const [key, idx] = targets[which % targets.length];
        const original = accepted[idx] as Extract<AccountCommand, { type: 'RecordResult' }>;
        const corrected: Outcome = OUTCOMES[outcome];
        const correction: AccountCommand = {
          type: 'CorrectResult',
          institutionId: original.institutionId,
          enrolmentId: original.enrolmentId,
          componentId: original.componentId,
          outcome: corrected,
          correctedOn: '2031-01-15',
          reason: 'property',
        };
        const d = a.try(correction);
        expect(d.ok).toBe(true);
        const direct = new Account(ctx);
        accepted.forEach((c, i) => direct.try(i === idx ? { ...original, outcome: corrected, final: true } : c));
        expect({ key, ...essence(a.state) }).toEqual({ key, ...essence(direct.state) });
        expect(fold(a.history)).toEqual(a.state);
      }),
      RUNS,
    );
  });
});

describe('R14 R15 refunds at withdrawal and re-orientation against a model', () => {
  const WITHDRAWAL_DATES = ['2025-09-25', '2025-10-15', '2025-10-16', '2025-11-30', '2025-12-01', '2025-12-20', '2025-12-21', '2026-01-10', '2026-01-11', '2026-02-28', '2026-03-01', '2026-03-15', '2026-03-16', '2026-05-01'];
  /** Independent model of the windows (R14), MM-DD resolved into the academic year 2025-2026. */
  const resolve = (md: string) => `${Number(md.slice(0, 2)) >= 9 ? 2025 : 2026}-${md}`;
  it('each unexamined component gets exactly max(R14, national fallback), never more than its credits', () => {
    fc.assert(
      fc.property(
        fc.record({
          comps: fc.array(fc.record({ credits: fc.integer({ min: 1, max: 30 }), term: termArb, examined: fc.boolean(), exempt: fc.integer({ min: 0, max: 7 }).map((r) => r === 0) }), { minLength: 1, maxLength: 4 }),
          full: fc.constantFrom<string | null>(null, '10-15', '11-30', '12-20', '01-10'),
          second: fc.constantFrom<string | null>(null, '02-01', '03-15', '04-30'),
          half: fc.constantFrom('03-15', '02-28'),
          withdrawnOn: fc.constantFrom(...WITHDRAWAL_DATES),
          enrolledOn: fc.constantFrom(...WITHDRAWAL_DATES),
          newFirst: fc.boolean(),
          firstTime: fc.boolean(),
          sameProgramme: fc.integer({ min: 0, max: 5 }).map((r) => r === 0),
        }),
        (g) => {
          const policy = { fullRefundUntil: g.full, secondTermRefundUntil: g.second };
          const a = new Account({ policies: () => policy, national: { ...DEFAULT_NATIONAL_POLICY, reorientationHalfWindowEndsInclusive: g.half } });
          if (!g.firstTime) a.try({ type: 'RegisterEnrolment', institutionId: 'UGENT', enrolmentId: 'y0', academicYear: '2024-2025', programme: { code: 'P0', kind: 'bachelor' }, contract: 'diploma', enrolledOn: '2024-09-20', components: [{ componentId: 'z', credits: 10, term: 'S1' }] });
          const start = a.state.opened ? a.balance : 140;
          const components = g.comps.map((c, i) => ({ componentId: `c${i}`, credits: c.credits, term: c.term, ...(c.exempt ? { exempted: true } : {}) }));
          expect(a.try({ type: 'RegisterEnrolment', institutionId: 'UGENT', enrolmentId: 'old', academicYear: '2025-2026', programme: { code: 'P1', kind: 'bachelor' }, contract: 'diploma', enrolledOn: '2025-09-20', components }).ok).toBe(true);
          g.comps.forEach((c, i) => {
            if (c.examined && !c.exempt) expect(a.try({ type: 'RecordResult', institutionId: 'UGENT', enrolmentId: 'old', componentId: `c${i}`, outcome: 'failed', session: 1, final: false, recordedOn: '2025-09-21' }).ok).toBe(true);
          });
          const newEnrolment: AccountCommand = {
            type: 'RegisterEnrolment',
            institutionId: 'KULEUVEN',
            enrolmentId: 'new',
            academicYear: '2025-2026',
            programme: { code: g.sameProgramme ? 'P1' : 'P2', kind: 'bachelor' },
            contract: 'exam',
            enrolledOn: g.enrolledOn,
            components: [{ componentId: 'n', credits: 5, term: 'S2' }],
          };
          const withdrawal: AccountCommand = { type: 'WithdrawEnrolment', institutionId: 'UGENT', enrolmentId: 'old', withdrawnOn: g.withdrawnOn };
          for (const c of g.newFirst ? [newEnrolment, withdrawal] : [withdrawal, newEnrolment]) expect(a.try(c).ok).toBe(true);

          const decisive = g.withdrawnOn > g.enrolledOn ? g.withdrawnOn : g.enrolledOn;
          const pct = decisive < '2025-12-01' ? 100 : decisive <= resolve(g.half) ? 50 : 0;
          const reoriented = g.firstTime && !g.sameProgramme;
          let expected = start;
          g.comps.forEach((c) => {
            if (c.exempt) return;
            expected -= c.credits;
            if (c.examined) return; // R14: never refunded; R15: not concerned
            const r14 =
              (g.full !== null && g.withdrawnOn <= resolve(g.full)) || (c.term === 'S2' && g.second !== null && g.withdrawnOn <= resolve(g.second)) ? c.credits : 0;
            expected += reoriented ? Math.max(r14, (c.credits * pct) / 100) : r14;
          });
          expect(a.balance).toBe(expected);
          const recognised = a.history.filter((e) => e.type === 'ReorientationRecognised');
          expect(recognised).toHaveLength(reoriented ? 1 : 0);
          if (reoriented) expect(recognised[0].data).toMatchObject({ percentage: pct, decisiveDate: decisive });
          for (const comp of componentsOf(a.state)) check(comp.refunded + comp.lost + comp.reserved <= comp.credits, `${comp.componentId} settled twice`);
        },
      ),
      RUNS,
    );
  });
});

describe('R6 cloneState (used by every decision) is a full, independent deep copy', () => {
  it('equals structuredClone and shares nothing with its source', () => {
    const a = new Account();
    a.when(enrol('e1', '2025-2026', comps(['a', 10], ['b', 20, 'S2'])), result('e1', 'a', 'failed', '2026-01-30', { final: false }), openYear('2026-2027'));
    const copy = cloneState(a.state);
    expect(copy).toEqual(structuredClone(a.state));
    copy.enrolments.e1.components.a.results.push({ outcome: 'passed', session: 2, final: true });
    copy.enrolmentOrder.push('x');
    copy.yearsOpened.push('x');
    expect(a.state.enrolments.e1.components.a.results).toHaveLength(1);
    expect(a.state.enrolmentOrder).toEqual(['e1']);
    expect(a.state.yearsOpened).not.toContain('x');
  });
});
