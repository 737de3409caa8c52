import { type AccountCommand, type AccountEvent, lostCredits, pendingCredits, toView } from '../src/index.js';
import { Account, comps, correct, degree, enrol, failFinal, failedYear, openYear, pass, perfectYear, restore, result, types, close, withdraw } from './harness.js';

const Y = '2025-2026';

/** What R25 promises to be identical. */
const essence = (a: Account) => ({
  balance: a.balance,
  bonusGiven: a.state.bonusGiven,
  bonusRight: a.state.bonusRight,
  lost: lostCredits(a.state),
  pending: pendingCredits(a.state),
  rebuild: a.state.rebuild && { case: a.state.rebuild.case, active: a.state.rebuild.active },
  firstMasterDeducted: a.state.firstMasterDeducted,
});

const run = (...commands: AccountCommand[]) => {
  const a = new Account();
  a.when(...commands);
  return a;
};

const of = (events: readonly AccountEvent[], type: AccountEvent['type']) => events.filter((e) => e.type === type).map((e) => e.data as unknown as Record<string, unknown>);

describe('R24 Force majeure', () => {
  /** V12: 40 left, then p (42) passed, x (6) absent twice, y (12) failed twice. */
  const v12 = () => {
    const a = new Account();
    a.when(enrol('y1', '2023-2024', comps(['a', 30], ['b', 30, 'S2'])), pass('y1', 'a', '2024-06-30'), pass('y1', 'b', '2024-06-30'));
    a.when(enrol('y2', '2024-2025', comps(['a', 60], ['b', 40, 'S2'])), failFinal('y2', 'a', '2025-09-10'), failFinal('y2', 'b', '2025-09-10'));
    a.when(enrol('y3', Y, comps(['p', 42], ['x', 6], ['y', 12, 'S2'])));
    expect(a.balance).toBe(40);
    a.when(pass('y3', 'p', '2026-01-31'));
    a.when(result('y3', 'x', 'absent', '2026-01-20', { final: false }), result('y3', 'x', 'absent', '2026-08-25', { session: 2 }));
    a.when(result('y3', 'y', 'failed', '2026-06-10', { final: false }), result('y3', 'y', 'failed', '2026-08-28', { session: 2 }));
    expect(a.balance).toBe(82);
    return a;
  };
  it('restores a lost component with a missed exam, recording the decision (V12)', () => {
    const a = v12();
    const events = a.when(restore('y3', 'x', 'RvStvb 2026/0412', '2026-10-15'));
    expect(types(events)).toEqual(['CreditsRestored']);
    expect(events[0].data).toMatchObject({ componentId: 'x', credits: 6, balanceAfter: 88, rule: 'R24', decision: { reference: 'RvStvb 2026/0412', decidedOn: '2026-10-15' } });
    expect(lostCredits(a.state)).toBe(100 + 12);
  });
  it('refuses a component whose exams were both sat', () => {
    const a = v12();
    expect(a.refused(restore('y3', 'y'))).toMatchObject({ kind: 'rule', rule: 'R24' });
  });
  it('restores once only', () => {
    const a = v12();
    a.when(restore('y3', 'x'));
    expect(a.refused(restore('y3', 'x', 'RvStvb 2026/0412bis', '2026-10-20')).kind).toBe('rule');
    expect(a.balance).toBe(88);
  });
  it('has no time limit', () => {
    const a = v12();
    a.when(restore('y3', 'x', 'RvStvb 2039/1', '2039-03-01'));
    expect(a.balance).toBe(88);
  });
  it('refuses a component that was absent once but not lost (passed later)', () => {
    const a = new Account();
    a.when(enrol('e', Y, comps(['x', 6])), result('e', 'x', 'absent', '2026-01-20', { final: false }), result('e', 'x', 'passed', '2026-08-25', { session: 2 }));
    expect(a.refused(restore('e', 'x')).kind).toBe('rule');
  });
  it('refuses a lost component without a missed exam (tolerated, withdrawn)', () => {
    const a = new Account();
    a.when(enrol('e', Y, comps(['t', 6], ['w', 6])), result('e', 't', 'tolerated', '2026-06-20'), withdraw('e', '2026-03-20'));
    expect(a.refused(restore('e', 't')).kind).toBe('rule');
    expect(a.refused(restore('e', 'w')).kind).toBe('rule');
  });
  it('restores a component absent in the first session and lost at the year close', () => {
    const a = new Account();
    a.when(enrol('e', Y, comps(['x', 6])), result('e', 'x', 'absent', '2026-01-20', { final: false }), close(Y, '2026-09-25'));
    expect(a.balance).toBe(134);
    a.when(restore('e', 'x'));
    expect(a.balance).toBe(140);
    expect(lostCredits(a.state)).toBe(0);
  });
  it('refuses an unknown enrolment or component', () => {
    const a = v12();
    expect(a.refused(restore('nope', 'x')).kind).toBe('not-found');
    expect(a.refused(restore('y3', 'zz')).kind).toBe('rule');
  });
});

describe('R25 Corrections never rewrite history', () => {
  const base = [enrol('e', Y, comps(['a', 30], ['b', 30, 'S2'])), pass('e', 'a', '2026-01-30')];

  it('fail -> pass: balance, bonus and lost credits as if passed from the start', () => {
    const a = run(...base, failFinal('e', 'b', '2026-09-10'));
    expect(a.balance).toBe(140);
    const before = a.history.length;
    const events = a.when(correct('e', 'b', 'passed'));
    expect(a.history.slice(0, before)).toHaveLength(before); // nothing rewritten
    expect(types(events)).toEqual(['CorrectionApplied', 'CreditsReturned', 'BonusApplied']);
    expect(events[0].data).toMatchObject({ rule: 'R25', previousOutcome: 'failed', outcome: 'passed', effect: 60, reason: 'exam board decision', correctedOn: '2027-01-15' });
    expect(events[1].data).toMatchObject({ credits: 30, reason: 'correction', rule: 'R25', balanceAfter: 170 });
    expect(events[2].data).toMatchObject({ credits: 30, rule: 'R25', balanceAfter: 200 });
    expect(essence(a)).toEqual(essence(run(...base, pass('e', 'b', '2026-09-10'))));
    expect(toView('s', a.state)).toMatchObject({ balance: 200, bonusRight: 'used', bonusRemaining: 0 });
  });

  it('pass -> fail: balance, bonus and lost credits as if failed from the start', () => {
    const a = run(...base, pass('e', 'b', '2026-06-30'));
    expect(a.balance).toBe(200);
    const events = a.when(correct('e', 'b', 'failed'));
    expect(events[0].data).toMatchObject({ previousOutcome: 'passed', outcome: 'failed', effect: -60 });
    expect(of(events, 'CreditsForfeited').concat(of(events, 'BonusApplied')).every((d) => d.rule === 'R25')).toBe(true);
    expect(essence(a)).toEqual(essence(run(...base, failFinal('e', 'b', '2026-06-30'))));
    expect(essence(a)).toMatchObject({ balance: 140, bonusGiven: 30, lost: 30, bonusRight: 'available' });
  });

  it('pass -> tolerated and absent -> pass', () => {
    const a = run(...base, pass('e', 'b', '2026-06-30'));
    a.when(correct('e', 'b', 'tolerated'));
    expect(essence(a)).toEqual(essence(run(...base, result('e', 'b', 'tolerated', '2026-06-30'))));
    const b = run(...base, result('e', 'b', 'absent', '2026-06-30', { session: 2 }));
    b.when(correct('e', 'b', 'passed'));
    expect(essence(b)).toEqual(essence(run(...base, pass('e', 'b', '2026-06-30'))));
  });

  it('a second plain result after a final one is refused: that is what a correction is for', () => {
    const a = run(...base);
    const r = a.refused(result('e', 'a', 'failed', '2026-09-10', { session: 2 }));
    expect(r).toMatchObject({ kind: 'rule', rule: 'R25' });
    const b = run(...base, failFinal('e', 'b', '2026-09-10'));
    expect(b.refused(pass('e', 'b', '2026-09-11')).kind).toBe('rule');
  });

  it('a corrected result is final', () => {
    const a = run(...base, result('e', 'b', 'failed', '2026-06-30', { final: false }));
    expect(a.balance).toBe(140);
    a.when(correct('e', 'b', 'failed'));
    expect(essence(a)).toMatchObject({ balance: 140, lost: 30, pending: 0 });
    expect(a.refused(result('e', 'b', 'passed', '2026-09-10', { session: 2 })).kind).toBe('rule');
    // a correction of a correction is still possible
    a.when(correct('e', 'b', 'passed', '2027-02-01'));
    expect(essence(a)).toEqual(essence(run(...base, pass('e', 'b', '2026-06-30'))));
  });

  it('a correction with no result to correct is refused', () => {
    const a = run(...base);
    expect(a.refused(correct('e', 'b', 'passed')).kind).toBe('rule');
  });

  it('a correction that shifts the bonus between years', () => {
    const year1 = [enrol('y1', '2024-2025', comps(['a', 40], ['b', 20, 'S2'])), pass('y1', 'a', '2025-06-30')];
    const year2 = [enrol('y2', Y, comps(['c', 30])), pass('y2', 'c', '2026-01-30')];
    const a = run(...year1, failFinal('y1', 'b', '2025-09-10'), ...year2);
    expect(essence(a)).toMatchObject({ balance: 140 - 60 + 80 - 30 + 50, bonusGiven: 60 });
    expect(a.state.enrolments.y2.components.c.bonus).toBe(20);
    a.when(correct('y1', 'b', 'passed', '2026-03-01'));
    const direct = run(...year1, pass('y1', 'b', '2025-09-10'), ...year2);
    expect(essence(a)).toEqual(essence(direct));
    expect(a.state.enrolments.y1.components.b.bonus).toBe(20);
    expect(a.state.enrolments.y2.components.c.bonus).toBe(0);
    expect(a.balance).toBe(direct.balance);
  });

  it('a correction after a withdrawal: the corrected component stays as corrected', () => {
    const cmds = [enrol('e', Y, comps(['a', 30], ['b', 30, 'S2'])), result('e', 'a', 'failed', '2026-01-30', { final: false })];
    const a = run(...cmds, withdraw('e', '2026-02-12'));
    expect(a.balance).toBe(110);
    a.when(correct('e', 'a', 'passed'));
    expect(essence(a)).toEqual(essence(run(cmds[0], pass('e', 'a', '2026-01-30'), withdraw('e', '2026-02-12'))));
  });

  it('a correction before the master deduction leaves the deduction as it was, with the corrected balance', () => {
    const cmds = (outcome: 'passed' | 'failed') => {
      const a = new Account();
      perfectYear(a, 'y1', '2017-2018');
      a.when(enrol('y2', '2018-2019', comps(['a', 30])), result('y2', 'a', outcome, '2019-06-30', { session: 2 }), degree('master', '2018-2019'));
      return a;
    };
    const a = cmds('passed');
    expect(essence(a)).toMatchObject({ balance: 60, rebuild: null });
    a.when(correct('y2', 'a', 'failed'));
    expect(essence(a)).toEqual(essence(cmds('failed')));
    expect(a.balance).toBe(30);
    expect(a.state.rebuild).toMatchObject({ case: 'after-master', active: true });
  });

  it('a correction recorded after a year opening books the rebuild that corrected history would have booked', () => {
    const cmds = (outcome: 'passed' | 'failed') => {
      const a = new Account();
      perfectYear(a, 'y1', '2017-2018');
      a.when(enrol('y2', '2018-2019', comps(['a', 30])), result('y2', 'a', outcome, '2019-06-30', { session: 2 }), degree('master', '2018-2019'), openYear('2019-2020'));
      return a;
    };
    const a = cmds('passed');
    a.when(correct('y2', 'a', 'failed'));
    const direct = cmds('failed');
    expect(direct.balance).toBe(40);
    expect(essence(a)).toEqual(essence(direct));
  });

  it('a correction of a component in an enrolment whose year was closed', () => {
    const cmds = [enrol('e', Y, comps(['a', 30], ['b', 30, 'S2'])), result('e', 'b', 'failed', '2026-06-30', { final: false })];
    const a = run(...cmds, close(Y, '2026-09-25'));
    expect(a.balance).toBe(80);
    a.when(correct('e', 'b', 'passed'));
    expect(essence(a)).toEqual(essence(run(cmds[0], pass('e', 'b', '2026-06-30'), close(Y, '2026-09-25'))));
  });

  it('a component lost open at the year close, without any result, can be corrected (the late result is refused)', () => {
    const a = run(enrol('e', Y, comps(['a', 30], ['b', 30, 'S2'])), close(Y, '2026-09-25'));
    expect(a.refused(pass('e', 'b', '2026-09-26')).kind).toBe('rule');
    const events = a.when(correct('e', 'b', 'passed'));
    expect(events[0].data).toMatchObject({ previousOutcome: null, outcome: 'passed', effect: 60 });
    expect(essence(a)).toEqual(essence(run(enrol('e', Y, comps(['a', 30], ['b', 30, 'S2'])), pass('e', 'b', '2026-09-25'), close(Y, '2026-09-25'))));
    expect(essence(a)).toMatchObject({ balance: 140, lost: 30, bonusGiven: 30 });
    // corrected again: still exact
    a.when(correct('e', 'b', 'failed', '2027-03-01'));
    expect(essence(a)).toEqual(essence(run(enrol('e', Y, comps(['a', 30], ['b', 30, 'S2'])), close(Y, '2026-09-25'))));
  });

  it('a correction after a restoration: a passed component is no longer restored', () => {
    const cmds = [enrol('e', Y, comps(['x', 6])), result('e', 'x', 'absent', '2026-01-20', { final: false }), result('e', 'x', 'absent', '2026-08-25', { session: 2 })];
    const a = run(...cmds, restore('e', 'x'));
    expect(a.balance).toBe(140);
    a.when(correct('e', 'x', 'passed'));
    expect(essence(a)).toMatchObject({ balance: 146, lost: 0, bonusGiven: 6 });
  });

  it('every correction movement carries credits, balanceAfter and rule R25', () => {
    const a = run(...base, pass('e', 'b', '2026-06-30'));
    const events = a.when(correct('e', 'b', 'failed'));
    let balance = 200;
    for (const e of events.slice(1)) {
      const d = e.data as { credits: number; balanceAfter: number; rule: string };
      balance += d.credits;
      expect(d).toMatchObject({ balanceAfter: balance, rule: 'R25' });
    }
    expect(balance).toBe(a.balance);
  });

  it('a failed year (helper) and a later correction keep lost credits exact', () => {
    const a = new Account();
    failedYear(a, 'y1', '2024-2025', 20);
    a.when(correct('y1', 'a', 'passed'));
    expect(essence(a)).toMatchObject({ balance: 160, lost: 0, bonusGiven: 20 });
  });
});
