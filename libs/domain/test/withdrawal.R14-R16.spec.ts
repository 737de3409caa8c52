import { DEFAULT_NATIONAL_POLICY, DEFAULT_WITHDRAWAL_POLICY, type AccountEvent, type WithdrawalPolicy, defaultContext, lostCredits, pendingCredits } from '../src/index.js';
import { Account, comps, drop, enrol, failFinal, failedYear, moved, pass, result, types, withdraw } from './harness.js';

const Y = '2025-2026';

const withPolicy = (policy: WithdrawalPolicy, institutionId = 'UGENT', academicYear = Y) =>
  new Account({ ...defaultContext(), policies: (i, y) => (i === institutionId && y === academicYear ? policy : DEFAULT_WITHDRAWAL_POLICY) });

/** A student who is not in their first year (no R15), with 130 left. */
const veteran = (a = new Account()) => {
  failedYear(a, 'y0', '2024-2025', 10);
  return a;
};

const of = (events: readonly AccountEvent[], type: AccountEvent['type']) => events.filter((e) => e.type === type).map((e) => e.data as unknown as Record<string, unknown>);

describe('R14 Institution rule', () => {
  const dropOne = (term: 'S1' | 'S2' | 'Y', on: string, a = veteran()) => {
    a.when(enrol('e', Y, comps(['x', 10, term], ['keep', 10, 'S1'])));
    return { a, events: a.when(drop('e', on, ['x'])) };
  };
  it.each([
    ['S1', '2025-11-30', 'refunded'],
    ['S1', '2025-12-01', 'lost'],
    ['Y', '2025-11-30', 'refunded'],
    ['Y', '2025-12-01', 'lost'],
    ['Y', '2026-02-01', 'lost'],
    ['S1', '2026-03-01', 'lost'],
    ['S2', '2025-11-30', 'refunded'],
    ['S2', '2025-12-01', 'refunded'],
    ['S2', '2026-03-15', 'refunded'],
    ['S2', '2026-03-16', 'lost'],
  ] as const)('default policy: a %s component dropped on %s is %s', (term, on, outcome) => {
    const { a, events } = dropOne(term, on);
    expect(types(events)[0]).toBe('ComponentsWithdrawn');
    if (outcome === 'refunded') {
      expect(of(events, 'CreditsReturned')).toEqual([expect.objectContaining({ componentId: 'x', credits: 10, reason: 'withdrawal', rule: 'R14' })]);
      expect(a.balance).toBe(120);
      expect(lostCredits(a.state)).toBe(10); // from the veteran's first year only
    } else {
      expect(of(events, 'CreditsForfeited')).toEqual([expect.objectContaining({ componentId: 'x', credits: 0, lost: 10, reason: 'withdrawal', rule: 'R14' })]);
      expect(a.balance).toBe(110);
      expect(lostCredits(a.state)).toBe(20);
    }
    expect(pendingCredits(a.state)).toBe(10);
  });

  it('withdrawal of the whole enrolment applies the same rule per component (V11)', () => {
    const a = new Account();
    a.when(enrol('y1', '2022-2023', comps(['a', 30], ['b', 30, 'S2'])), pass('y1', 'a', '2023-06-30'), pass('y1', 'b', '2023-06-30'));
    a.when(enrol('y2', '2023-2024', comps(['a', 30], ['b', 30, 'S2'])), failFinal('y2', 'a', '2024-09-10'), failFinal('y2', 'b', '2024-09-10'));
    a.when(enrol('y3', '2024-2025', comps(['a', 20])), failFinal('y3', 'a', '2025-09-10'));
    a.when(enrol('y4', Y, comps(['s1a', 18], ['s1b', 12], ['s2', 30, 'S2']), { enrolledOn: '2025-09-22' }));
    expect(a.balance).toBe(60);
    a.when(pass('y4', 's1a', '2026-01-31'), result('y4', 's1b', 'failed', '2026-01-31', { final: false }));
    expect(a.balance).toBe(78);
    const events = a.when(withdraw('y4', '2026-02-12'));
    expect(types(events)).toEqual(['EnrolmentWithdrawn', 'CreditsForfeited', 'CreditsReturned']);
    expect(of(events, 'CreditsReturned')).toEqual([expect.objectContaining({ componentId: 's2', credits: 30, rule: 'R14' })]);
    expect(of(events, 'CreditsForfeited')).toEqual([expect.objectContaining({ componentId: 's1b', lost: 12, rule: 'R14' })]);
    expect(a.balance).toBe(108);
    expect(pendingCredits(a.state)).toBe(0);
  });

  it('policy null for both windows: nothing ever comes back, even on the day of enrolment', () => {
    const a = veteran(withPolicy({ fullRefundUntil: null, secondTermRefundUntil: null }));
    a.when(enrol('e', Y, comps(['a', 10], ['b', 10, 'S2'])));
    const events = a.when(withdraw('e', '2025-09-23'));
    expect(of(events, 'CreditsReturned')).toEqual([]);
    expect(of(events, 'CreditsForfeited')).toHaveLength(2);
    expect(a.balance).toBe(110);
  });

  it('policy with only the full window null: S2 still refunded until 15 March, S1 never', () => {
    const a = veteran(withPolicy({ fullRefundUntil: null, secondTermRefundUntil: '03-15' }));
    a.when(enrol('e', Y, comps(['a', 10], ['b', 10, 'S2'])));
    const events = a.when(withdraw('e', '2025-10-01'));
    expect(of(events, 'CreditsReturned')).toEqual([expect.objectContaining({ componentId: 'b', credits: 10 })]);
    expect(of(events, 'CreditsForfeited')).toEqual([expect.objectContaining({ componentId: 'a', lost: 10 })]);
  });

  it('policy with only the second-term window null: S2 after 30 November is lost', () => {
    const a = veteran(withPolicy({ fullRefundUntil: '11-30', secondTermRefundUntil: null }));
    a.when(enrol('e', Y, comps(['b', 10, 'S2'])));
    expect(of(a.when(drop('e', '2025-12-01', ['b'])), 'CreditsForfeited')).toHaveLength(1);
  });

  it('a September–December MM-DD falls in the first calendar year', () => {
    const sept = veteran(withPolicy({ fullRefundUntil: '09-30', secondTermRefundUntil: null }));
    sept.when(enrol('e', Y, comps(['a', 10], ['b', 10])));
    expect(of(sept.when(drop('e', '2025-09-30', ['a'])), 'CreditsReturned')).toHaveLength(1);
    expect(of(sept.when(drop('e', '2025-10-01', ['b'])), 'CreditsForfeited')).toHaveLength(1);
    const dec = veteran(withPolicy({ fullRefundUntil: '12-20', secondTermRefundUntil: '02-01' }));
    dec.when(enrol('e', Y, comps(['a', 10], ['b', 10], ['c', 10, 'S2'], ['d', 10, 'S2'])));
    expect(of(dec.when(drop('e', '2025-12-20', ['a'])), 'CreditsReturned')).toHaveLength(1);
    expect(of(dec.when(drop('e', '2025-12-21', ['b'])), 'CreditsForfeited')).toHaveLength(1);
    // January-August: the second calendar year
    expect(of(dec.when(drop('e', '2026-02-01', ['c'])), 'CreditsReturned')).toHaveLength(1);
    expect(of(dec.when(drop('e', '2026-02-02', ['d'])), 'CreditsForfeited')).toHaveLength(1);
  });

  it('a January MM-DD for the full window falls in the second calendar year', () => {
    const a = veteran(withPolicy({ fullRefundUntil: '01-10', secondTermRefundUntil: null }));
    a.when(enrol('e', Y, comps(['a', 10], ['b', 10, 'Y'])));
    expect(of(a.when(drop('e', '2026-01-10', ['a'])), 'CreditsReturned')).toHaveLength(1);
    expect(of(a.when(drop('e', '2026-01-11', ['b'])), 'CreditsForfeited')).toHaveLength(1);
  });

  it('policy is per institution and academic year', () => {
    const a = veteran(withPolicy({ fullRefundUntil: null, secondTermRefundUntil: null }, 'KULEUVEN'));
    a.when(enrol('u', Y, comps(['a', 10])), enrol('k', Y, comps(['a', 10]), { institutionId: 'KULEUVEN', code: 'BA-K' }));
    expect(of(a.when(withdraw('u', '2025-10-01')), 'CreditsReturned')).toHaveLength(1);
    expect(of(a.when(withdraw('k', '2025-10-01', 'KULEUVEN')), 'CreditsForfeited')).toHaveLength(1);
    a.when(enrol('k2', '2026-2027', comps(['a', 10]), { institutionId: 'KULEUVEN', code: 'BA-K' }));
    expect(of(a.when(withdraw('k2', '2026-10-01', 'KULEUVEN')), 'CreditsReturned')).toHaveLength(1);
  });

  it('the withdrawal event records the policy it applied', () => {
    const a = veteran(withPolicy({ fullRefundUntil: '10-15', secondTermRefundUntil: null }));
    a.when(enrol('e', Y, comps(['a', 10])));
    expect(of(a.when(withdraw('e', '2025-10-16')), 'EnrolmentWithdrawn')[0]).toMatchObject({ policy: { fullRefundUntil: '10-15', secondTermRefundUntil: null } });
  });

  it('credit-contract credits are never refunded, whatever the date (V17)', () => {
    const a = new Account();
    a.when(enrol('cc', Y, comps(['a', 6], ['b', 6], ['c', 8, 'S2']), { contract: 'credit', enrolledOn: '2025-09-25' }));
    const events = a.when(drop('cc', '2025-09-25', ['a', 'c']));
    expect(of(events, 'CreditsReturned')).toEqual([]);
    expect(of(events, 'CreditsForfeited')).toHaveLength(2);
    expect(a.balance).toBe(120);
    expect(pendingCredits(a.state)).toBe(6);
  });

  it('a component that has a result is never refunded, even inside the window', () => {
    const a = veteran();
    a.when(enrol('e', Y, comps(['a', 10], ['b', 10, 'S2'])));
    a.when(result('e', 'a', 'absent', '2025-11-15', { final: false }), result('e', 'b', 'failed', '2026-01-30', { final: false }));
    const events = a.when(withdraw('e', '2026-02-01')); // b: S2, inside the 15 March window, but examined;
    expect(of(events, 'CreditsReturned')).toEqual([]);
    expect(of(events, 'CreditsForfeited').map((d) => d.componentId)).toEqual(['a', 'b']);
    const c = veteran();
    c.when(enrol('e', Y, comps(['a', 10])), result('e', 'a', 'absent', '2025-11-15', { final: false }));
    expect(of(c.when(drop('e', '2025-11-20', ['a'])), 'CreditsForfeited')).toHaveLength(1);
  });

  it('WithdrawComponents naming a component with a final result is refused and writes nothing', () => {
    const a = veteran();
    a.when(enrol('e', Y, comps(['a', 10], ['b', 10])), pass('e', 'a', '2025-11-15'));
    const n = a.history.length;
    const r = a.refused(drop('e', '2025-11-20', ['b', 'a']));
    expect(r.kind).toBe('rule');
    expect(a.history.length).toBe(n);
    expect(a.refused(drop('e', '2025-11-20', ['zz'])).kind).toBe('rule');
  });

  it('a component cannot be dropped twice, and a withdrawn enrolment cannot be withdrawn again', () => {
    const a = veteran();
    a.when(enrol('e', Y, comps(['a', 10], ['b', 10])), drop('e', '2025-10-01', ['a']));
    expect(a.refused(drop('e', '2025-10-02', ['a'])).kind).toBe('rule');
    a.when(withdraw('e', '2025-10-03'));
    expect(a.refused(withdraw('e', '2025-10-04')).kind).toBe('rule');
  });

  it('WithdrawEnrolment leaves final components as they are', () => {
    const a = veteran();
    a.when(enrol('e', Y, comps(['p', 10], ['f', 10], ['t', 10], ['o', 10, 'S2'])));
    a.when(pass('e', 'p', '2025-11-10'), failFinal('e', 'f', '2025-11-10'), result('e', 't', 'tolerated', '2025-11-10'));
    const before = a.balance;
    const events = a.when(withdraw('e', '2025-11-20'));
    expect(types(events)).toEqual(['EnrolmentWithdrawn', 'CreditsReturned']);
    expect(of(events, 'CreditsReturned')).toEqual([expect.objectContaining({ componentId: 'o', credits: 10 })]);
    expect(a.balance).toBe(before + 10);
    const e = a.state.enrolments.e.components;
    expect([e.p.returned, e.f.lost, e.t.lost, e.o.refunded]).toEqual([10, 10, 10, 10]);
  });

  it('a component dropped earlier is not settled again at the withdrawal of the enrolment', () => {
    const a = veteran();
    a.when(enrol('e', Y, comps(['a', 10], ['b', 10])), drop('e', '2025-12-05', ['a']));
    const events = a.when(withdraw('e', '2025-12-06'));
    expect(of(events, 'CreditsForfeited').map((d) => d.componentId)).toEqual(['b']);
    expect(a.balance).toBe(110);
  });
});

describe('R15 Re-orientation (first-time students)', () => {
  const nullPolicy = () => withPolicy({ fullRefundUntil: null, secondTermRefundUntil: null });
  /** First-time student: old programme P1 with a (30, S1) and b (20, S2). */
  const start = (a = new Account()) => {
    a.when(enrol('old', Y, comps(['a', 30], ['b', 20, 'S2']), { code: 'P1' }));
    return a;
  };
  const newEnrolment = (on: string, opts: Partial<Parameters<typeof enrol>[3]> = {}) => enrol('new', Y, comps(['z', 10, 'S2']), { code: 'P2', enrolledOn: on, ...opts });
  const reorientation = (a: Account) => of(a.history, 'ReorientationRecognised');

  it('before 1 December: 100 % (the institution refunding nothing, V10-like)', () => {
    const a = start(nullPolicy());
    a.when(withdraw('old', '2025-11-20'));
    expect(a.balance).toBe(90);
    const events = a.when(newEnrolment('2025-11-30'));
    expect(types(events)).toEqual(['EnrolmentRegistered', 'ReorientationRecognised', 'CreditsReturned', 'CreditsReturned', 'CreditsReserved']);
    expect(events[1].data).toMatchObject({ oldEnrolmentId: 'old', newEnrolmentId: 'new', decisiveDate: '2025-11-30', percentage: 100, refund: 50, rule: 'R15' });
    expect(of(events, 'CreditsReturned').every((d) => d.reason === 'reorientation' && d.rule === 'R15')).toBe(true);
    expect(a.balance).toBe(140 - 10);
    expect(lostCredits(a.state)).toBe(0);
  });

  it('on 30 November with the default policy R14 already returned all: recognised with refund 0 (V09)', () => {
    const a = start();
    a.when(withdraw('old', '2025-11-30'));
    expect(a.balance).toBe(140);
    const events = a.when(newEnrolment('2025-11-30'));
    expect(events[1]).toMatchObject({ type: 'ReorientationRecognised', data: { percentage: 100, refund: 0 } });
    expect(a.balance).toBe(130);
  });

  it('from 1 December: 50 % of the unexamined credits (V10)', () => {
    const a = start(nullPolicy());
    a.when(withdraw('old', '2025-12-01'));
    expect(a.balance).toBe(90);
    const events = a.when(newEnrolment('2025-12-01'));
    expect(events[1].data).toMatchObject({ percentage: 50, refund: 25 });
    expect(a.balance).toBe(90 + 25 - 10);
  });

  it('up to and including 15 March: 50 %; from 16 March: 0 %, still recorded', () => {
    const half = start(nullPolicy());
    half.when(withdraw('old', '2026-03-15'), newEnrolment('2026-03-15'));
    expect(reorientation(half)[0]).toMatchObject({ percentage: 50, refund: 25 });
    const none = start(nullPolicy());
    none.when(withdraw('old', '2026-03-10'));
    const events = none.when(newEnrolment('2026-03-16'));
    expect(types(events)).toEqual(['EnrolmentRegistered', 'ReorientationRecognised', 'CreditsReserved']);
    expect(events[1].data).toMatchObject({ percentage: 0, refund: 0, decisiveDate: '2026-03-16' });
    expect(none.balance).toBe(90 - 10);
  });

  it('the larger of R14 and the national fallback, never both for the same credit', () => {
    const a = start();
    a.when(withdraw('old', '2025-12-10')); // R14: b (S2) refunded 20, a (S1) lost 30
    expect(a.balance).toBe(140 - 50 + 20);
    const events = a.when(newEnrolment('2025-12-12'));
    // 50 %: a 15 (R14 gave 0), b 10 < 20 already refunded: nothing more
    expect(events[1].data).toMatchObject({ percentage: 50, refund: 15 });
    expect(of(events, 'CreditsReturned')).toEqual([expect.objectContaining({ componentId: 'a', credits: 15 })]);
    expect(a.balance).toBe(110 + 15 - 10);
  });

  it('the decisive date is the later of withdrawal and new enrolment (withdrawal first)', () => {
    const a = start(nullPolicy());
    a.when(withdraw('old', '2025-11-25'), newEnrolment('2025-12-02'));
    expect(reorientation(a)[0]).toMatchObject({ decisiveDate: '2025-12-02', percentage: 50 });
  });

  it('the new enrolment may come first: recognised at the withdrawal, decided by the withdrawal date', () => {
    const a = start(nullPolicy());
    const reg = a.when(newEnrolment('2025-11-20'));
    expect(types(reg)).not.toContain('ReorientationRecognised');
    const events = a.when(withdraw('old', '2025-12-05'));
    expect(types(events)).toEqual(['EnrolmentWithdrawn', 'CreditsForfeited', 'CreditsForfeited', 'ReorientationRecognised', 'CreditsReturned', 'CreditsReturned']);
    expect(of(events, 'ReorientationRecognised')[0]).toMatchObject({ newEnrolmentId: 'new', decisiveDate: '2025-12-05', percentage: 50, refund: 25 });
    expect(a.balance).toBe(140 - 50 - 10 + 25);
  });

  it('new enrolment first and both before 1 December: 100 %', () => {
    const a = start(nullPolicy());
    a.when(newEnrolment('2025-10-01'), withdraw('old', '2025-11-15'));
    expect(reorientation(a)[0]).toMatchObject({ percentage: 100, refund: 50 });
    expect(a.balance).toBe(130);
  });

  it('the new enrolment may be at another institution and need not count', () => {
    const a = start(nullPolicy());
    a.when(withdraw('old', '2025-11-20'));
    a.when(newEnrolment('2025-11-25', { institutionId: 'KULEUVEN', contract: 'exam' }));
    expect(reorientation(a)[0]).toMatchObject({ percentage: 100, refund: 50 });
    expect(a.balance).toBe(140);
  });

  it('only components still enrolled at the withdrawal and not examined are concerned', () => {
    const b = nullPolicy();
    b.when(enrol('old', Y, comps(['dropped', 10], ['examined', 10], ['left', 10], ['passed', 10]), { code: 'P1' }));
    b.when(drop('old', '2025-10-01', ['dropped']), result('old', 'examined', 'absent', '2025-11-02', { final: false }), pass('old', 'passed', '2025-11-02'));
    b.when(withdraw('old', '2025-11-10'), newEnrolment('2025-11-11'));
    expect(reorientation(b)[0]).toMatchObject({ percentage: 100, refund: 10 });
    expect(of(b.history, 'CreditsReturned').filter((d) => d.reason === 'reorientation')).toEqual([expect.objectContaining({ componentId: 'left', credits: 10 })]);
  });

  it('recognised once: a later enrolment in a third programme pairs with nothing', () => {
    const a = start(nullPolicy());
    a.when(withdraw('old', '2025-11-20'), newEnrolment('2025-11-25'));
    const third = a.when(enrol('third', Y, comps(['q', 5]), { code: 'P3', enrolledOn: '2025-11-28' }));
    expect(types(third)).not.toContain('ReorientationRecognised');
    expect(reorientation(a)).toHaveLength(1);
  });

  it('not for a student whose account opened in an earlier year', () => {
    const a = veteran(nullPolicy());
    a.when(enrol('old', Y, comps(['a', 30]), { code: 'P1' }), withdraw('old', '2025-11-20'));
    const events = a.when(newEnrolment('2025-11-25'));
    expect(types(events)).not.toContain('ReorientationRecognised');
    expect(moved(events)).toBe(-10);
  });

  it('not when the old enrolment was a credit contract', () => {
    const b = new Account();
    b.when(enrol('cc', Y, comps(['c', 6]), { code: 'P1', contract: 'credit' }), withdraw('cc', '2025-10-01'), newEnrolment('2025-10-02'));
    expect(reorientation(b)).toHaveLength(0);
  });

  it('knob halfWindowEndsInclusive moves the end of the 50 % window', () => {
    const ctx = { ...defaultContext(), policies: () => ({ fullRefundUntil: null, secondTermRefundUntil: null }), national: { ...DEFAULT_NATIONAL_POLICY, reorientationHalfWindowEndsInclusive: '02-28' } };
    const in50 = start(new Account(ctx));
    in50.when(withdraw('old', '2026-02-28'), newEnrolment('2026-02-28'));
    expect(reorientation(in50)[0]).toMatchObject({ percentage: 50, refund: 25 });
    const out = start(new Account(ctx));
    out.when(withdraw('old', '2026-02-20'), newEnrolment('2026-03-01'));
    expect(reorientation(out)[0]).toMatchObject({ percentage: 0, refund: 0 });
  });
});

describe('R16 Programme change is not re-orientation', () => {
  it('a first-time student dropping components in the same programme gets R14 only', () => {
    const a = new Account();
    a.when(enrol('e', Y, comps(['a', 30], ['b', 20, 'S2'])));
    const events = a.when(drop('e', '2025-12-10', ['a', 'b']));
    expect(types(events)).not.toContain('ReorientationRecognised');
    expect(of(events, 'CreditsForfeited')).toEqual([expect.objectContaining({ componentId: 'a', lost: 30, rule: 'R14' })]);
    expect(of(events, 'CreditsReturned')).toEqual([expect.objectContaining({ componentId: 'b', credits: 20, rule: 'R14' })]);
    expect(a.balance).toBe(110);
    // adding components in another term, same programme, is no re-orientation either
    const add = a.when({ type: 'AddComponents', institutionId: 'UGENT', enrolmentId: 'e', changedOn: '2025-12-11', components: comps(['c', 20, 'S2']) });
    expect(types(add)).toEqual(['ComponentsAdded', 'CreditsReserved']);
    expect(a.balance).toBe(90);
  });
  it('leaving and re-registering the same programme (contract switch) is no re-orientation', () => {
    const a = new Account();
    a.when(enrol('d', Y, comps(['a', 30]), { code: 'P1' }), withdraw('d', '2025-12-10'));
    const events = a.when(enrol('c', Y, comps(['a', 30]), { code: 'P1', contract: 'credit', enrolledOn: '2025-12-11' }));
    expect(types(events)).not.toContain('ReorientationRecognised');
    expect(types(a.history)).not.toContain('ReorientationRecognised');
  });
});
