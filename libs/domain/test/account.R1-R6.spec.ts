import { Account, comps, enrol, failedYear, pass, perfectYear, types } from './harness.js';

describe('R1 Opening', () => {
  it('opens with 140 at the first counting enrolment, then reserves', () => {
    const a = new Account();
    const events = a.when(enrol('e1', '2025-2026', comps(['a', 20], ['b', 20, 'S2'], ['c', 20, 'Y'])));
    expect(types(events)).toEqual(['AccountOpened', 'EnrolmentRegistered', 'CreditsReserved', 'CreditsReserved', 'CreditsReserved']);
    expect(events[0].data).toMatchObject({ balanceAfter: 140, rule: 'R1' });
    expect(a.balance).toBe(80);
  });
  it('never opens twice and never resets', () => {
    const a = new Account();
    failedYear(a, 'y1', '2024-2025', 60);
    const events = a.when(enrol('y2', '2025-2026', comps(['a', 10])));
    expect(types(events)).not.toContain('AccountOpened');
    expect(a.balance).toBe(70);
  });
  it('an enrolment that does not count does not open the account', () => {
    const a = new Account();
    const events = a.when(enrol('ex', '2025-2026', comps(['a', 20]), { contract: 'exam' }));
    expect(types(events)).toEqual(['EnrolmentRegistered']);
    expect(a.state.opened).toBe(false);
  });
});

describe('R2 One account', () => {
  it('every institution acts on the same balance', () => {
    const a = new Account();
    a.when(enrol('u', '2025-2026', comps(['a', 30]), { institutionId: 'UGENT' }), enrol('k', '2025-2026', comps(['a', 20]), { institutionId: 'KULEUVEN', code: 'BA-K' }));
    expect(a.balance).toBe(90);
  });
  it('refuses a second registration of the same enrolment id', () => {
    const a = new Account();
    a.when(enrol('u', '2025-2026', comps(['a', 30])));
    expect(a.refused(enrol('u', '2025-2026', comps(['a', 30]))).kind).toBe('rule');
  });
});

describe('R3 Contracts', () => {
  it('exam contract: nothing reserved, returned or doubled', () => {
    const a = new Account();
    failedYear(a, 'y1', '2024-2025', 40);
    a.when(enrol('ex', '2025-2026', comps(['a', 18], ['b', 12, 'S2']), { contract: 'exam' }), pass('ex', 'a', '2026-01-31'));
    expect(a.balance).toBe(100);
    expect(a.state.bonusGiven).toBe(0);
  });
  it('credit contract counts', () => {
    const a = new Account();
    a.when(enrol('cc', '2025-2026', comps(['a', 6]), { contract: 'credit' }));
    expect(a.balance).toBe(134);
  });
});

describe('R4 Programmes', () => {
  it.each(['bridging', 'preparatory', 'bachelor-after-bachelor', 'master-after-master', 'postgraduate', 'graduaat', 'teacher-training', 'doctorate'])(
    'a diploma enrolment in %s is recorded and moves nothing',
    (kind) => {
      const a = new Account();
      failedYear(a, 'y1', '2024-2025', 10);
      const events = a.when(enrol('x', '2025-2026', comps(['a', 30]), { kind }));
      expect(types(events)).toEqual(['EnrolmentRegistered']);
      expect(events[0].data).toMatchObject({ counts: false });
      expect(a.balance).toBe(130);
    },
  );
  it('every credit-contract enrolment counts, whatever the programme', () => {
    const a = new Account();
    a.when(enrol('x', '2025-2026', comps(['a', 30]), { kind: 'postgraduate', contract: 'credit' }));
    expect(a.balance).toBe(110);
  });
  it('an educational bachelor counts unless the student holds a bachelor degree', () => {
    const a = new Account();
    a.when(enrol('eb', '2025-2026', comps(['a', 10]), { kind: 'educational-bachelor' }));
    expect(a.balance).toBe(130);
    a.when({ type: 'AwardDegree', institutionId: 'UGENT', kind: 'bachelor', programme: { code: 'B', kind: 'bachelor' }, awardedOn: '2026-07-01', academicYear: '2025-2026' });
    a.when(enrol('eb2', '2026-2027', comps(['a', 10]), { kind: 'educational-bachelor' }));
    expect(a.balance).toBe(130);
  });
  it('an educational master does not count for a holder of a master-after-master degree', () => {
    const a = new Account();
    perfectYear(a, 'y1', '2020-2021');
    a.when({ type: 'AwardDegree', institutionId: 'UGENT', kind: 'master-after-master', programme: { code: 'MAM', kind: 'master-after-master' }, awardedOn: '2022-07-01', academicYear: '2021-2022' });
    a.when(enrol('em', '2022-2023', comps(['a', 30]), { kind: 'educational-master' }));
    expect(a.balance).toBe(200);
  });
});

describe('R5 Balance can go below zero', () => {
  it('reservations take the balance below zero', () => {
    const a = new Account();
    failedYear(a, 'y1', '2022-2023', 60);
    failedYear(a, 'y2', '2023-2024', 60);
    a.when(enrol('y3', '2024-2025', comps(['a', 60])));
    expect(a.balance).toBe(-40);
  });
});

describe('R6 Exact arithmetic', () => {
  it('half refunds stay exact multiples of 0.5', () => {
    const a = new Account();
    a.when(
      { type: 'OpenAcademicYearForAccount', academicYear: '2025-2026', openedOn: '2025-09-14' },
      enrol('a', '2025-2026', comps(['x', 7], ['y', 3, 'S2']), { code: 'P1' }),
      { type: 'WithdrawEnrolment', institutionId: 'UGENT', enrolmentId: 'a', withdrawnOn: '2026-01-10' },
      enrol('b', '2025-2026', comps(['z', 5, 'S2']), { code: 'P2', enrolledOn: '2026-01-10' }),
    );
    // x (7, S1) lost by R14 -> 3.5 back (R15 50 %); y (3, S2) refunded in full by R14.
    expect(a.balance).toBe(140 - 10 + 3 + 3.5 - 5);
    expect(Number.isInteger(a.balance * 2)).toBe(true);
  });
});
