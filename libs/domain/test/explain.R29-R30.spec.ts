import { type AccountCommand, type AccountEvent, DEFAULT_NATIONAL_POLICY, defaultContext, fold } from '../src/index.js';
import { Account, INST, comps, correct, degree, drop, enrol, failFinal, openYear, pass, restore, result, close, withdraw } from './harness.js';

/** The business date a command carries (contract section 4, asOf). */
const businessDate = (c: AccountCommand): string => {
  switch (c.type) {
    case 'RegisterEnrolment':
      return c.enrolledOn;
    case 'AddComponents':
      return c.changedOn;
    case 'WithdrawComponents':
    case 'WithdrawEnrolment':
      return c.withdrawnOn;
    case 'RecordResult':
      return c.recordedOn;
    case 'CloseAcademicYear':
      return c.closedOn;
    case 'AwardDegree':
      return c.awardedOn;
    case 'CorrectResult':
      return c.correctedOn;
    case 'RestoreCredits':
      return c.decision.decidedOn;
    case 'OpenAcademicYearForAccount':
      return c.openedOn;
  }
};

/** A long life in chronological order touching most rules: re-orientation, losses, bonus, restoration, correction, master, rebuild. */
const life: AccountCommand[] = [
  enrol('old', '2019-2020', comps(['a', 30], ['b', 20, 'S2']), { code: 'P1', enrolledOn: '2019-09-20' }),
  withdraw('old', '2019-12-10'),
  enrol('new', '2019-2020', comps(['c', 25], ['d', 15, 'S2'], ['e', 7, 'Y']), { code: 'P2', enrolledOn: '2019-12-12' }),
  { type: 'AddComponents', institutionId: INST, enrolmentId: 'new', changedOn: '2020-01-05', components: comps(['f', 3, 'S2']) },
  pass('new', 'c', '2020-01-30'),
  drop('new', '2020-02-01', ['f']),
  result('new', 'd', 'absent', '2020-06-10', { final: false }),
  result('new', 'e', 'failed', '2020-06-12', { final: false }),
  result('new', 'd', 'absent', '2020-08-25', { session: 2 }),
  enrol('y2', '2020-2021', comps(['a', 60]), { code: 'P2', enrolledOn: '2020-09-22' }),
  close('2019-2020', '2020-09-25'),
  restore('new', 'd', 'RvStvb 2020/17', '2020-10-20'),
  failFinal('y2', 'a', '2021-09-10'),
  correct('new', 'e', 'passed', '2021-09-20'),
  enrol('ma', '2021-2022', comps(['m', 60]), { code: 'MA', kind: 'master', enrolledOn: '2021-09-22' }),
  pass('ma', 'm', '2022-06-30'),
  degree('master', '2021-2022', '2022-07-05'),
  openYear('2022-2023'),
  openYear('2023-2024'),
  openYear('2023-2024'),
];

function live() {
  const a = new Account({ ...defaultContext(), national: DEFAULT_NATIONAL_POLICY });
  const snapshots: { date: string; balance: number; upTo: number }[] = [];
  for (const c of life) {
    a.when(c);
    snapshots.push({ date: businessDate(c), balance: a.balance, upTo: a.history.length });
  }
  return { a, snapshots };
}

const data = (e: AccountEvent) => e.data as unknown as Record<string, unknown>;

describe('R29 Explain every credit', () => {
  it('the life story is what it should be (sanity)', () => {
    const { a } = live();
    const t = a.history.map((e) => e.type);
    for (const type of ['AccountOpened', 'ReorientationRecognised', 'CreditsRestored', 'CorrectionApplied', 'MasterDeduction', 'CreditsReplenished', 'AcademicYearClosed', 'AcademicYearOpened'] as const) {
      expect(t).toContain(type);
    }
  });

  it('every event that moves the balance carries credits, balanceAfter and rule, in sequence', () => {
    const { a } = live();
    let balance = 0;
    for (const e of a.history) {
      const d = data(e);
      if (e.type === 'AccountOpened') {
        expect(d).toMatchObject({ balanceAfter: 140, rule: 'R1' });
        balance = 140;
        continue;
      }
      if ('credits' in d) {
        expect(typeof d.credits).toBe('number');
        expect(typeof d.balanceAfter).toBe('number');
        expect(d.rule).toMatch(/^R\d+$/);
        expect(d.balanceAfter).toBe(balance + (d.credits as number));
        balance = d.balanceAfter as number;
      } else {
        expect(d).not.toHaveProperty('balanceAfter');
      }
      // an event without credits moves nothing: the folded balance is unchanged by it
      expect(typeof d.occurredOn).toBe('string');
    }
    expect(balance).toBe(a.balance);
  });

  it('no event moves the balance without saying so', () => {
    const { a } = live();
    let s = fold([]);
    for (const e of a.history) {
      const before = s.balance;
      s = fold([e], s);
      if (e.type === 'AccountOpened') expect(data(e)).toMatchObject({ openingBalance: 140, balanceAfter: 140 }); // R1: the opening, not a movement
      else if (s.balance !== before) expect(data(e)).toHaveProperty('credits', s.balance - before);
    }
  });

  it('the balance is the last balanceAfter and 140 + the sum of the movements', () => {
    const { a } = live();
    const movements = a.history.filter((e) => 'credits' in e.data);
    const last = [...a.history].reverse().find((e) => 'balanceAfter' in e.data)!;
    expect(data(last).balanceAfter).toBe(a.balance);
    expect(140 + movements.reduce((s, e) => s + (data(e).credits as number), 0)).toBe(a.balance);
    expect(a.history.find((e) => e.type === 'AccountOpened')!.data).not.toHaveProperty('credits');
  });

  it('folding the events up to a date gives the balance at that date', () => {
    const { a, snapshots } = live();
    for (const { date } of snapshots) {
      const upToDate = a.history.filter((e) => e.data.occurredOn <= date);
      // the history was recorded in chronological order: the events up to a date are a prefix
      expect(upToDate).toEqual(a.history.slice(0, upToDate.length));
      const expected = [...snapshots].reverse().find((s) => s.date <= date)!;
      expect(fold(upToDate).balance).toBe(expected.balance);
    }
  });

  it('replaying the whole stream gives the account kept incrementally', () => {
    const { a } = live();
    expect(fold(a.history)).toEqual(a.state);
  });

  it('each movement names the component or the year it concerns', () => {
    const { a } = live();
    for (const e of a.history.filter((x) => 'credits' in x.data)) {
      const d = data(e);
      expect(d.componentId !== undefined || d.academicYear !== undefined).toBe(true);
    }
  });
});

describe('R30 Personal data', () => {
  const forbidden = /^(name|firstName|lastName|givenName|familyName|fullName|nationalNumber|nationalRegisterNumber|rijksregister|rijksregisternummer|insz|ssin|birthDate|dateOfBirth|email|address|studentId)$/i;
  const keys = (v: unknown, out: string[] = []): string[] => {
    if (Array.isArray(v)) v.forEach((x) => keys(x, out));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        keys(x, out);
      }
    return out;
  };
  it('events carry no name, national register number or student id', () => {
    const { a } = live();
    for (const e of a.history) {
      expect(Object.keys(e).sort()).toEqual(['data', 'type']);
      for (const k of keys(e.data)) expect(k).not.toMatch(forbidden);
    }
  });
  it('no value looks like a Belgian national register number', () => {
    const { a } = live();
    expect(JSON.stringify(a.history)).not.toMatch(/\b\d{2}\.?\d{2}\.?\d{2}-?\d{3}\.?\d{2}\b/);
  });
  it('commands carry no student identity either: the stream is the pseudonym', () => {
    for (const c of life) expect(keys(c)).not.toContain('studentId');
  });
});
