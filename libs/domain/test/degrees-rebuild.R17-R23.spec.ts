import { DEFAULT_NATIONAL_POLICY, type AccountEvent, defaultContext, toView } from '../src/index.js';
import { Account, comps, degree, enrol, failFinal, failedYear, openYear, pass, perfectYear, types } from './harness.js';

const view = (a: Account) => toView('stu-1', a.state);
const replenished = (events: readonly AccountEvent[]) => events.filter((e) => e.type === 'CreditsReplenished').map((e) => e.data as unknown as Record<string, unknown>);

/** Perfect bachelor year (200), `loss` credits failed, a passed master year, master degree in 2019-2020: 60 - loss. */
function masterWithLoss(loss: number, a = new Account()): Account {
  perfectYear(a, 'y1', '2017-2018');
  if (loss > 0) failedYear(a, 'y2', '2018-2019', loss);
  a.when(enrol('ma', '2019-2020', comps(['a', 30], ['b', 30, 'S2']), { kind: 'master', code: 'MA' }), pass('ma', 'a', '2020-06-30'), pass('ma', 'b', '2020-06-30'));
  expect(a.balance).toBe(200 - loss);
  a.when(degree('master', '2019-2020'));
  return a;
}

/** Enrolled in 2020-2021 and 2021-2022, failing 40 + 60: balance 40, bonus untouched; then stops. */
function stopped(a = new Account()): Account {
  failedYear(a, 's1', '2020-2021', 40);
  failedYear(a, 's2', '2021-2022', 60);
  expect(a.balance).toBe(40);
  return a;
}

describe('R17 Bachelor degree', () => {
  it('has no effect on the balance', () => {
    const a = new Account();
    perfectYear(a, 'y1', '2020-2021');
    const events = a.when(degree('bachelor', '2020-2021'));
    expect(types(events)).toEqual(['DegreeAwarded']);
    expect(view(a)).toMatchObject({ balance: 200, firstMasterDeducted: false, rebuild: null });
  });
});

describe('R18 First master degree', () => {
  it('deducts 140 (V05: 200 -> 60) and exactly 60 schedules no rebuild', () => {
    const a = masterWithLoss(0);
    const last = a.history.slice(-2);
    expect(types(last)).toEqual(['DegreeAwarded', 'MasterDeduction']);
    expect(last[1].data).toMatchObject({ credits: -140, balanceAfter: 60, rule: 'R18', academicYear: '2019-2020' });
    expect(view(a)).toMatchObject({ balance: 60, firstMasterDeducted: true, rebuild: null });
    expect(types(a.when(openYear('2020-2021')))).toEqual(['AcademicYearOpened']);
    expect(view(a)).toMatchObject({ balance: 60, rebuild: null });
  });
  it('deducts even when the balance goes below zero', () => {
    const a = new Account();
    failedYear(a, 'y1', '2017-2018', 60);
    failedYear(a, 'y2', '2018-2019', 40);
    a.when(degree('master', '2019-2020'));
    expect(view(a)).toMatchObject({ balance: -100, status: 'negative', firstMasterDeducted: true });
  });
  it('later master degrees, master-after-master and other (foreign) degrees deduct nothing', () => {
    const a = masterWithLoss(0);
    for (const kind of ['master', 'master-after-master', 'other'] as const) {
      expect(types(a.when(degree(kind, '2021-2022')))).toEqual(['DegreeAwarded']);
    }
    expect(a.balance).toBe(60);
    const b = new Account();
    perfectYear(b, 'y1', '2017-2018');
    b.when(degree('master-after-master', '2018-2019'), degree('other', '2018-2019'));
    expect(view(b)).toMatchObject({ balance: 200, firstMasterDeducted: false });
  });
});

describe('R20 Rebuild after the master', () => {
  it('10 a year from the year after the degree up to 60, then nothing (V06)', () => {
    const a = masterWithLoss(30);
    expect(view(a)).toMatchObject({ balance: 30, rebuild: { case: 'after-master', startedIn: '2020-2021', active: true } });
    expect(types(a.history.slice(-3))).toEqual(['DegreeAwarded', 'MasterDeduction', 'RebuildScheduled']);
    expect(types(a.when(openYear('2019-2020')))).toEqual(['AcademicYearOpened']); // the year of the degree itself
    const first = a.when(openYear('2020-2021'));
    expect(types(first)).toEqual(['AcademicYearOpened', 'CreditsReplenished']);
    expect(replenished(first)[0]).toMatchObject({ case: 'after-master', academicYear: '2020-2021', credits: 10, balanceAfter: 40, rule: 'R20' });
    expect(view(a)).toMatchObject({ balance: 40, rebuild: { case: 'after-master', startedIn: '2020-2021', active: true } });
    a.when(openYear('2021-2022'));
    expect(a.balance).toBe(50);
    a.when(openYear('2022-2023'));
    expect(view(a)).toMatchObject({ balance: 60, rebuild: { case: 'after-master', active: false } });
    a.when(openYear('2023-2024'), openYear('2023-2024'));
    expect(a.balance).toBe(60);
    expect(replenished(a.history)).toHaveLength(3);
  });
  it('the last step is capped: 55 -> 60 (V16)', () => {
    const a = masterWithLoss(5);
    expect(a.balance).toBe(55);
    const events = a.when(openYear('2020-2021'));
    expect(replenished(events)[0]).toMatchObject({ credits: 5, balanceAfter: 60 });
    expect(view(a).rebuild).toMatchObject({ active: false });
    expect(a.when(openYear('2021-2022')).filter((e) => e.type === 'CreditsReplenished')).toEqual([]);
  });
  it('from below zero: 10 a year, every step exact', () => {
    const a = new Account();
    failedYear(a, 'y1', '2017-2018', 60);
    failedYear(a, 'y2', '2018-2019', 45);
    a.when(degree('master', '2019-2020'));
    expect(a.balance).toBe(-105);
    for (let y = 2020; y < 2036; y++) a.when(openYear(`${y}-${y + 1}`));
    expect(a.balance).toBe(55);
    a.when(openYear('2036-2037'));
    expect(a.balance).toBe(60);
    expect(replenished(a.history).map((d) => d.credits)).toEqual([...Array(16).fill(10), 5]);
  });
  it('a master-after-master degree schedules no rebuild', () => {
    const a = new Account();
    failedYear(a, 'y1', '2017-2018', 60);
    a.when(degree('master-after-master', '2018-2019'), openYear('2019-2020'));
    expect(view(a)).toMatchObject({ balance: 80, rebuild: null });
  });
});

describe('R21 Rebuild after stopping', () => {
  it('qualifies when not enrolled in Y-1 but enrolled earlier, below 60, no master', () => {
    const a = stopped();
    expect(types(a.when(openYear('2022-2023')))).toEqual(['AcademicYearOpened']); // enrolled in 2021-2022
    const events = a.when(openYear('2023-2024'));
    expect(types(events)).toEqual(['AcademicYearOpened', 'CreditsReplenished', 'BonusRightLapsed']);
    expect(replenished(events)[0]).toMatchObject({ case: 'after-stop', academicYear: '2023-2024', credits: 10, balanceAfter: 50, rule: 'R21' });
    expect(view(a)).toMatchObject({ balance: 50, rebuild: { case: 'after-stop', startedIn: '2023-2024', active: true } });
    a.when(openYear('2024-2025'));
    expect(view(a)).toMatchObject({ balance: 60, rebuild: { active: false } });
    a.when(openYear('2025-2026'));
    expect(a.balance).toBe(60);
  });
  it('does not qualify without an earlier enrolment than Y-1', () => {
    const a = new Account();
    a.when(enrol('now', '2023-2024', comps(['a', 60])), failFinal('now', 'a', '2024-09-10'));
    a.when(enrol('x', '2023-2024', comps(['b', 60]), { code: 'X' }), failFinal('x', 'b', '2024-09-10'));
    expect(a.balance).toBe(20);
    expect(types(a.when(openYear('2023-2024')))).toEqual(['AcademicYearOpened']); // enrolled only in Y itself
    expect(types(a.when(openYear('2024-2025')))).toEqual(['AcademicYearOpened']); // enrolled in Y-1
    expect(types(a.when(openYear('2025-2026')))).toContain('CreditsReplenished');
  });
  it('any enrolment in Y-1 counts, even an exam contract', () => {
    const a = stopped();
    a.when(enrol('ex', '2022-2023', comps(['a', 10]), { contract: 'exam' }));
    expect(types(a.when(openYear('2023-2024')))).toEqual(['AcademicYearOpened']);
  });
  it('does not qualify at 60 or more', () => {
    const a = new Account();
    failedYear(a, 'y1', '2020-2021', 60);
    a.when(enrol('y2', '2021-2022', comps(['a', 20])), failFinal('y2', 'a', '2022-09-10'));
    expect(a.balance).toBe(60);
    expect(types(a.when(openYear('2023-2024')))).toEqual(['AcademicYearOpened']);
  });
  it('does not qualify for a master holder', () => {
    const a = masterWithLoss(0); // 60 after the master: no R20
    a.when(enrol('x', '2020-2021', comps(['a', 30]), { contract: 'credit' }), failFinal('x', 'a', '2021-09-10'));
    expect(a.balance).toBe(30);
    expect(types(a.when(openYear('2022-2023')))).toEqual(['AcademicYearOpened']);
    expect(view(a).rebuild).toBeNull();
  });
  it('continues on re-enrolment by default', () => {
    const a = stopped();
    a.when(openYear('2023-2024'));
    a.when(enrol('back', '2023-2024', comps(['a', 20])));
    expect(a.balance).toBe(30);
    const events = a.when(openYear('2024-2025'));
    expect(replenished(events)[0]).toMatchObject({ credits: 10, rule: 'R21', academicYear: '2024-2025' });
    expect(a.balance).toBe(40);
  });
  it('knob rebuildStopsOnReenrolment: the rebuild ends at the next opening after a re-enrolment', () => {
    const a = stopped(new Account({ ...defaultContext(), national: { ...DEFAULT_NATIONAL_POLICY, rebuildStopsOnReenrolment: true } }));
    a.when(openYear('2023-2024'));
    expect(a.balance).toBe(50);
    a.when(enrol('back', '2023-2024', comps(['a', 20])));
    const events = a.when(openYear('2024-2025'));
    expect(types(events)).toEqual(['AcademicYearOpened', 'RebuildEnded']);
    expect(events[1].data).toMatchObject({ reason: 're-enrolment', case: 'after-stop' });
    expect(view(a)).toMatchObject({ balance: 30, rebuild: { case: 'after-stop', active: false } });
    a.when(openYear('2025-2026'), openYear('2026-2027'));
    expect(a.balance).toBe(30);
  });
  it('knob rebuildStopsOnReenrolment: without a re-enrolment the rebuild goes on', () => {
    const a = stopped(new Account({ ...defaultContext(), national: { ...DEFAULT_NATIONAL_POLICY, rebuildStopsOnReenrolment: true } }));
    a.when(openYear('2023-2024'), openYear('2024-2025'));
    expect(a.balance).toBe(60);
  });
});

describe('R22 Graduaat top-up', () => {
  /** Balance 40 (account open), then a graduaat diploma. */
  const withGraduaat = () => {
    const a = stopped();
    a.when(degree('graduaat', '2022-2023'));
    return a;
  };
  it('tops up to exactly 60 at the next counting enrolment, before its reservations', () => {
    const a = withGraduaat();
    expect(a.balance).toBe(40);
    const events = a.when(enrol('next', '2023-2024', comps(['a', 20])));
    expect(types(events)).toEqual(['EnrolmentRegistered', 'CreditsReplenished', 'BonusRightLapsed', 'CreditsReserved']);
    expect(events[1].data).toMatchObject({ case: 'graduaat-top-up', credits: 20, balanceAfter: 60, rule: 'R22', academicYear: '2023-2024' });
    expect(view(a)).toMatchObject({ balance: 40, bonusRight: 'lapsed', rebuild: { case: 'graduaat-top-up', startedIn: '2023-2024', active: false } });
  });
  it('a non-counting enrolment does not make the check; the next counting one does', () => {
    const a = withGraduaat();
    expect(types(a.when(enrol('ex', '2023-2024', comps(['a', 20]), { contract: 'exam' })))).toEqual(['EnrolmentRegistered']);
    expect(types(a.when(enrol('gr', '2023-2024', comps(['a', 20]), { kind: 'graduaat', code: 'G' })))).toEqual(['EnrolmentRegistered']);
    expect(replenished(a.when(enrol('ba', '2023-2024', comps(['b', 10]), { code: 'B' })))).toHaveLength(1);
    expect(a.balance).toBe(50);
  });
  it('happens once', () => {
    const a = withGraduaat();
    a.when(enrol('next', '2023-2024', comps(['a', 50])), failFinal('next', 'a', '2024-09-10'));
    expect(a.balance).toBe(10);
    expect(replenished(a.when(enrol('again', '2024-2025', comps(['a', 10]))))).toEqual([]);
    expect(a.balance).toBe(0);
  });
  it('at 60 or more the check finds nothing and the case is spent', () => {
    const a = new Account();
    failedYear(a, 'y1', '2020-2021', 60);
    a.when(degree('graduaat', '2020-2021'));
    expect(a.balance).toBe(80);
    a.when(enrol('y2', '2021-2022', comps(['a', 60])), failFinal('y2', 'a', '2022-09-10'));
    expect(a.balance).toBe(20);
    expect(replenished(a.when(enrol('y3', '2022-2023', comps(['a', 10]))))).toEqual([]);
    expect(view(a).rebuild).toBeNull();
  });
  it('a spent graduaat case used no rebuild: R21 may still apply later (R19 counts rebuilds)', () => {
    const a = new Account();
    failedYear(a, 'y1', '2020-2021', 60);
    a.when(degree('graduaat', '2020-2021'));
    a.when(enrol('y2', '2021-2022', comps(['a', 60])), failFinal('y2', 'a', '2022-09-10'));
    expect(replenished(a.when(openYear('2023-2024')))).toEqual([expect.objectContaining({ case: 'after-stop', rule: 'R21' })]);
  });
  it('does not arise for a student without an account: it opens with 140', () => {
    const a = new Account();
    a.when(degree('graduaat', '2020-2021'));
    const events = a.when(enrol('y1', '2021-2022', comps(['a', 20])));
    expect(types(events)).toEqual(['AccountOpened', 'EnrolmentRegistered', 'CreditsReserved']);
    expect(a.balance).toBe(120);
  });
});

describe('R19 Rebuild is once per lifetime', () => {
  it('after a graduaat top-up, a master deduction below 60 schedules no rebuild', () => {
    const a = new Account();
    failedYear(a, 'y0', '2016-2017', 60);
    failedYear(a, 'y1', '2017-2018', 60);
    a.when(degree('graduaat', '2017-2018'));
    a.when(enrol('ma', '2018-2019', comps(['a', 60]), { kind: 'master' }));
    expect(a.balance).toBe(0); // topped up to 60, then 60 reserved
    a.when(pass('ma', 'a', '2019-06-30'), degree('master', '2018-2019'));
    expect(a.balance).toBe(-80);
    expect(types(a.history)).not.toContain('RebuildScheduled');
    a.when(openYear('2019-2020'), openYear('2020-2021'));
    expect(a.balance).toBe(-80);
  });
  it('after a rebuild after stopping, a master deduction schedules nothing', () => {
    const a = stopped();
    a.when(openYear('2023-2024'), openYear('2024-2025'));
    expect(a.balance).toBe(60);
    a.when(degree('master', '2024-2025'));
    expect(a.balance).toBe(-80);
    a.when(openYear('2025-2026'), openYear('2026-2027'));
    expect(a.balance).toBe(-80);
    expect(view(a).rebuild).toMatchObject({ case: 'after-stop' });
  });
  it('after the rebuild after stopping has ended, a second stop does not qualify again', () => {
    const a = stopped();
    a.when(openYear('2023-2024'), openYear('2024-2025'));
    a.when(enrol('y6', '2025-2026', comps(['a', 50])), failFinal('y6', 'a', '2026-09-10'));
    expect(a.balance).toBe(10);
    a.when(openYear('2026-2027'), openYear('2027-2028'), openYear('2028-2029'));
    expect(a.balance).toBe(10);
  });
  it('after a rebuild after the master, a graduaat diploma tops nothing up', () => {
    const a = masterWithLoss(30);
    a.when(openYear('2020-2021'));
    a.when(degree('graduaat', '2020-2021'));
    const events = a.when(enrol('x', '2021-2022', comps(['a', 10]), { contract: 'credit' }));
    expect(events.filter((e) => e.type === 'CreditsReplenished' && (e.data as { case: string }).case === 'graduaat-top-up')).toEqual([]);
  });
});

describe('R23 Opening an academic year', () => {
  it('opening twice books nothing the second time', () => {
    const a = stopped();
    expect(replenished(a.when(openYear('2023-2024')))).toHaveLength(1);
    expect(types(a.when(openYear('2023-2024')))).toEqual(['AcademicYearOpened']);
    const b = masterWithLoss(30);
    b.when(openYear('2020-2021'));
    expect(types(b.when(openYear('2020-2021')))).toEqual(['AcademicYearOpened']);
    expect(b.balance).toBe(40);
  });
  it('each booking names the rule and the year', () => {
    const a = masterWithLoss(30);
    a.when(openYear('2020-2021'), openYear('2021-2022'), openYear('2022-2023'));
    expect(replenished(a.history).map((d) => [d.rule, d.academicYear, d.case])).toEqual([
      ['R20', '2020-2021', 'after-master'],
      ['R20', '2021-2022', 'after-master'],
      ['R20', '2022-2023', 'after-master'],
    ]);
  });
  it('every opening that reaches the account is recorded, even when it books nothing', () => {
    const a = masterWithLoss(0);
    const events = a.when(openYear('2020-2021'));
    expect(events).toEqual([{ type: 'AcademicYearOpened', data: { academicYear: '2020-2021', openedOn: '2020-09-14', rule: 'R23', occurredOn: '2020-09-14' } }]);
    expect(types(a.when(openYear('2020-2021')))).toEqual(['AcademicYearOpened']);
    expect(a.state.yearsOpened).toEqual(['2020-2021']);
  });
  it('a year opened again books once the account became eligible (a master degree recorded late)', () => {
    const a = new Account();
    perfectYear(a, 'ba', '2017-2018');
    a.when(enrol('ma', '2018-2019', comps(['a', 60])), failFinal('ma', 'a', '2019-09-10'));
    expect(types(a.when(openYear('2019-2020')))).toEqual(['AcademicYearOpened']); // 140: nothing to rebuild
    a.when(degree('master', '2018-2019', '2019-07-05'));
    expect(a.balance).toBe(0);
    const again = a.when(openYear('2019-2020'));
    expect(replenished(again).map((d) => [d.rule, d.credits])).toEqual([['R20', 10]]);
    expect(replenished(a.when(openYear('2019-2020')))).toEqual([]);
    expect(a.balance).toBe(10);
  });
  it('an account that is not open gets nothing', () => {
    const a = new Account();
    a.when(enrol('ex', '2020-2021', comps(['a', 10]), { contract: 'exam' }));
    expect(a.when(openYear('2022-2023'))).toEqual([]);
  });
});

describe('R13 Bonus lapses (rebuild)', () => {
  it('the first rebuild credit after the master lapses a remaining bonus; later bookings do not repeat it', () => {
    const a = new Account();
    failedYear(a, 'y1', '2017-2018', 60);
    failedYear(a, 'y2', '2018-2019', 40);
    a.when(degree('master', '2019-2020'));
    expect(view(a)).toMatchObject({ bonusRight: 'available', bonusRemaining: 60 });
    expect(types(a.when(openYear('2020-2021')))).toEqual(['AcademicYearOpened', 'CreditsReplenished', 'BonusRightLapsed']);
    expect(types(a.when(openYear('2021-2022')))).toEqual(['AcademicYearOpened', 'CreditsReplenished']);
    expect(view(a)).toMatchObject({ bonusRight: 'lapsed', bonusRemaining: 0 });
  });
});
