import { lostCredits, pendingCredits } from '../src/index.js';
import { Account, INST, comps, enrol, failFinal, failedYear, moved, pass, result, types, withdraw, close } from './harness.js';

const Y = '2025-2026';

describe('R7 Reservation', () => {
  it('each component of a counting enrolment reserves its credits at enrolment', () => {
    const a = new Account();
    const events = a.when(enrol('e1', Y, comps(['a', 12], ['b', 18, 'S2'], ['c', 6, 'Y'])));
    const reserved = events.filter((e) => e.type === 'CreditsReserved');
    expect(reserved.map((e) => e.data)).toEqual([
      expect.objectContaining({ componentId: 'a', credits: -12, balanceAfter: 128, rule: 'R7' }),
      expect.objectContaining({ componentId: 'b', credits: -18, balanceAfter: 110, rule: 'R7' }),
      expect.objectContaining({ componentId: 'c', credits: -6, balanceAfter: 104, rule: 'R7' }),
    ]);
    expect(a.balance).toBe(104);
    expect(pendingCredits(a.state)).toBe(36);
  });
  it('a component added later reserves when it is added', () => {
    const a = new Account();
    a.when(enrol('e1', Y, comps(['a', 30])));
    const events = a.when({ type: 'AddComponents', institutionId: INST, enrolmentId: 'e1', changedOn: '2025-10-20', components: comps(['b', 9, 'S2']) });
    expect(types(events)).toEqual(['ComponentsAdded', 'CreditsReserved']);
    expect(events[1].data).toMatchObject({ credits: -9, rule: 'R7', occurredOn: '2025-10-20' });
    expect(a.balance).toBe(101);
    expect(pendingCredits(a.state)).toBe(39);
  });
  it('adding components to an exam-contract enrolment reserves nothing (R3)', () => {
    const a = new Account();
    failedYear(a, 'y0', '2024-2025', 10);
    a.when(enrol('ex', Y, comps(['a', 6]), { contract: 'exam' }));
    const events = a.when({ type: 'AddComponents', institutionId: INST, enrolmentId: 'ex', changedOn: '2025-10-20', components: comps(['b', 9]) });
    expect(types(events)).toEqual(['ComponentsAdded']);
    expect(a.balance).toBe(130);
  });
});

describe('R8 Exemptions', () => {
  const withExemption = () => {
    const a = new Account();
    a.when(enrol('e1', Y, [...comps(['a', 30]), { componentId: 'x', credits: 12, term: 'S1', exempted: true }]));
    return a;
  };
  it('an exempted component reserves nothing', () => {
    const a = withExemption();
    expect(a.balance).toBe(110);
    expect(pendingCredits(a.state)).toBe(30);
    expect(a.history.filter((e) => e.type === 'CreditsReserved').map((e) => (e.data as { componentId: string }).componentId)).toEqual(['a']);
  });
  it('a result for an exempted component is refused and changes nothing', () => {
    const a = withExemption();
    const before = a.history.length;
    const r = a.refused(pass('e1', 'x', '2026-01-30'));
    expect(r).toMatchObject({ kind: 'rule', rule: 'R8' });
    expect(a.history.length).toBe(before);
    expect(a.balance).toBe(110);
  });
  it('a correction for an exempted component is refused too', () => {
    const a = withExemption();
    expect(a.refused({ type: 'CorrectResult', institutionId: INST, enrolmentId: 'e1', componentId: 'x', outcome: 'passed', correctedOn: '2026-02-01', reason: 'x' }).kind).toBe('rule');
  });
  it('an exempted component does not count as earned: no bonus, nothing returned', () => {
    const a = withExemption();
    a.when(pass('e1', 'a', '2026-01-30'));
    expect(a.balance).toBe(110 + 30 + 30); // the 12 exempted credits are neither returned nor doubled
    expect(a.state.bonusGiven).toBe(30);
  });
  it('an exempted component is not refunded on withdrawal and not lost at the year close', () => {
    const a = withExemption();
    const w = a.when(withdraw('e1', '2025-10-01'));
    expect(w.filter((e) => e.type === 'CreditsReturned').map((e) => (e.data as { componentId: string }).componentId)).toEqual(['a']);
    expect(a.balance).toBe(140);
    const b = withExemption();
    const c = b.when(close(Y, '2026-09-25'));
    expect(c.filter((e) => e.type === 'CreditsForfeited').map((e) => (e.data as { componentId: string }).componentId)).toEqual(['a']);
    expect(lostCredits(b.state)).toBe(30);
  });
  it('components of an exam contract do take results; they move nothing (R3)', () => {
    const a = new Account();
    failedYear(a, 'y0', '2024-2025', 20);
    a.when(enrol('ex', Y, comps(['a', 10]), { contract: 'exam' }));
    const events = a.when(pass('ex', 'a', '2026-01-30'));
    expect(types(events)).toEqual(['ResultRecorded']);
    expect(a.balance).toBe(120);
  });
});

describe('R9 Passed', () => {
  it('a pass in the first session returns the credits', () => {
    const a = new Account();
    failedYear(a, 'y0', '2024-2025', 60);
    a.when(enrol('e1', Y, comps(['a', 10])));
    const events = a.when(pass('e1', 'a', '2026-01-30'));
    expect(types(events)).toEqual(['ResultRecorded', 'CreditsReturned', 'BonusApplied']);
    expect(events[1].data).toMatchObject({ credits: 10, reason: 'passed', rule: 'R9', componentId: 'a' });
    expect(pendingCredits(a.state)).toBe(0);
  });
  it('a pass in the second session after a first-session fail returns the credits', () => {
    const a = new Account();
    a.when(enrol('e1', Y, comps(['a', 10], ['b', 50, 'S2'])));
    a.when(result('e1', 'a', 'failed', '2026-01-30', { session: 1, final: false }));
    expect(a.balance).toBe(80);
    const events = a.when(result('e1', 'a', 'passed', '2026-08-30', { session: 2, final: true }));
    expect(events[1]).toMatchObject({ type: 'CreditsReturned', data: { credits: 10, rule: 'R9' } });
    expect(a.balance).toBe(100);
  });
  it('a pass after a first-session absence returns the credits', () => {
    const a = new Account();
    a.when(enrol('e1', Y, comps(['a', 10])));
    a.when(result('e1', 'a', 'absent', '2026-01-30', { session: 1, final: false }), result('e1', 'a', 'passed', '2026-08-30', { session: 2 }));
    expect(a.balance).toBe(150);
  });
});

describe('R10 Lost', () => {
  const fresh = () => {
    const a = new Account();
    a.when(enrol('e1', Y, comps(['a', 30], ['b', 30, 'S2'])));
    return a;
  };
  it('a tolerated component is lost, even when not marked final', () => {
    const a = fresh();
    const events = a.when(result('e1', 'a', 'tolerated', '2026-06-30', { final: false }));
    expect(types(events)).toEqual(['ResultRecorded', 'CreditsForfeited']);
    expect(events[1].data).toMatchObject({ credits: 0, lost: 30, reason: 'tolerated', rule: 'R10' });
    expect(a.balance).toBe(80);
    expect(lostCredits(a.state)).toBe(30);
    expect(pendingCredits(a.state)).toBe(30);
  });
  it('a fail in the final session is lost for good', () => {
    const a = fresh();
    const events = a.when(failFinal('e1', 'b', '2026-09-10'));
    expect(events[1]).toMatchObject({ type: 'CreditsForfeited', data: { lost: 30, reason: 'failed', rule: 'R10' } });
    expect(lostCredits(a.state)).toBe(30);
  });
  it('a final absence (not taken) is lost', () => {
    const a = fresh();
    const events = a.when(result('e1', 'a', 'absent', '2026-09-10', { session: 2, final: true }));
    expect(events[1]).toMatchObject({ type: 'CreditsForfeited', data: { lost: 30, reason: 'absent' } });
  });
  it('a first-session fail is not final: the credits stay reserved', () => {
    const a = fresh();
    const events = a.when(result('e1', 'a', 'failed', '2026-01-30', { session: 1, final: false }));
    expect(types(events)).toEqual(['ResultRecorded']);
    expect(pendingCredits(a.state)).toBe(60);
    expect(lostCredits(a.state)).toBe(0);
    // ... and a second-session fail then loses them
    a.when(failFinal('e1', 'a', '2026-09-10'));
    expect(lostCredits(a.state)).toBe(30);
    expect(a.balance).toBe(80);
  });
  it('components still open when the institution closes the year are lost (V03)', () => {
    const a = fresh();
    a.when(result('e1', 'a', 'failed', '2026-01-30', { session: 1, final: false }));
    const events = a.when(close(Y, '2026-09-25'));
    expect(types(events)).toEqual(['AcademicYearClosed', 'CreditsForfeited', 'CreditsForfeited']);
    expect(events.slice(1).map((e) => e.data)).toEqual([
      expect.objectContaining({ componentId: 'a', lost: 30, reason: 'year-closed', rule: 'R10' }),
      expect.objectContaining({ componentId: 'b', lost: 30, reason: 'year-closed', rule: 'R10' }),
    ]);
    expect(a.balance).toBe(80);
    expect(pendingCredits(a.state)).toBe(0);
    expect(a.state.bonusRight).toBe('available');
  });
  it('closing the year leaves passed components and other institutions alone', () => {
    const a = fresh();
    a.when(enrol('k1', Y, comps(['k', 10]), { institutionId: 'KULEUVEN', code: 'BA-K' }));
    a.when(pass('e1', 'a', '2026-06-30'));
    const events = a.when(close(Y, '2026-09-25'));
    expect(events.filter((e) => e.type === 'CreditsForfeited').map((e) => (e.data as { componentId: string }).componentId)).toEqual(['b']);
    expect(pendingCredits(a.state)).toBe(10);
  });
  it('a result after the year closed is refused (a correction is needed)', () => {
    const a = fresh();
    a.when(close(Y, '2026-09-25'));
    expect(a.refused(pass('e1', 'a', '2026-09-26')).kind).toBe('rule');
  });
});

describe('R11 Same component twice', () => {
  it('switch of contract after a full refund: the new enrolment reserves the component again', () => {
    const a = new Account();
    a.when(enrol('d', Y, comps(['a', 30], ['b', 30, 'S2']), { code: 'BA-LAW' }));
    a.when(withdraw('d', '2025-10-15')); // refunded in full (R14)
    expect(a.balance).toBe(140);
    const events = a.when(enrol('c', Y, comps(['a', 30]), { code: 'BA-LAW', contract: 'credit', enrolledOn: '2025-10-16' }));
    expect(types(events)).not.toContain('ReservationTakenOver');
    expect(types(events)).not.toContain('ReorientationRecognised');
    expect(events.find((e) => e.type === 'CreditsReserved')!.data).toMatchObject({ componentId: 'a', credits: -30 });
    expect(a.balance).toBe(110);
    expect(pendingCredits(a.state)).toBe(30);
  });
  it('switch of contract after a loss: the new enrolment takes the reservation over without charging', () => {
    const a = new Account();
    a.when(enrol('d', Y, comps(['a', 30], ['b', 30, 'S2']), { code: 'BA-LAW' }));
    a.when(withdraw('d', '2025-12-10')); // a (S1) lost, b (S2) refunded (R14)
    expect(a.balance).toBe(110);
    expect(lostCredits(a.state)).toBe(30);
    const events = a.when(enrol('c', Y, comps(['a', 30], ['b', 30, 'S2']), { code: 'BA-LAW', contract: 'credit', enrolledOn: '2025-12-11' }));
    const takeOver = events.find((e) => e.type === 'ReservationTakenOver');
    expect(takeOver!.data).toMatchObject({ componentId: 'a', fromEnrolmentId: 'd', amount: 30, credits: 0, rule: 'R11' });
    // b was refunded: reserved again; a: no charge
    expect(events.filter((e) => e.type === 'CreditsReserved').map((e) => e.data)).toEqual([expect.objectContaining({ componentId: 'b', credits: -30 })]);
    expect(a.balance).toBe(80);
    expect(pendingCredits(a.state)).toBe(60);
    expect(lostCredits(a.state)).toBe(0);
  });
  it('the taken-over reservation returns when passed there (no bonus under a credit contract)', () => {
    const a = new Account();
    a.when(enrol('d', Y, comps(['a', 30]), { code: 'BA-LAW' }), withdraw('d', '2025-12-10'));
    a.when(enrol('c', Y, comps(['a', 30]), { code: 'BA-LAW', contract: 'credit', enrolledOn: '2025-12-11' }));
    a.when(pass('c', 'a', '2026-01-30'));
    expect(a.balance).toBe(140);
    expect(a.state.bonusGiven).toBe(0);
    expect(lostCredits(a.state)).toBe(0);
  });
  it('the taken-over reservation is lost when failed there, only once', () => {
    const a = new Account();
    a.when(enrol('d', Y, comps(['a', 30]), { code: 'BA-LAW' }), withdraw('d', '2025-12-10'));
    a.when(enrol('c', Y, comps(['a', 30]), { code: 'BA-LAW', contract: 'credit', enrolledOn: '2025-12-11' }));
    a.when(failFinal('c', 'a', '2026-09-10'));
    expect(a.balance).toBe(110);
    expect(lostCredits(a.state)).toBe(30);
  });
  it('a diploma contract taken over from a credit contract: a pass is doubled as usual (R12)', () => {
    const a = new Account();
    a.when(enrol('c', Y, comps(['a', 10]), { code: 'BA-LAW', contract: 'credit' }), withdraw('c', '2025-10-01')); // credit contract: lost (R14)
    expect(a.balance).toBe(130);
    a.when(enrol('d', Y, comps(['a', 10]), { code: 'BA-LAW', enrolledOn: '2025-10-02' }));
    expect(a.balance).toBe(130);
    a.when(pass('d', 'a', '2026-01-30'));
    expect(a.balance).toBe(150);
  });
  it('a different programme is never R11: the component is charged again', () => {
    const a = new Account();
    failedYear(a, 'y0', '2024-2025', 10); // not a first-time student: no R15 either
    a.when(enrol('d', Y, comps(['a', 30]), { code: 'BA-LAW' }), withdraw('d', '2025-12-10'));
    expect(a.balance).toBe(100);
    const events = a.when(enrol('n', Y, comps(['a', 30]), { code: 'BA-HISTORY', enrolledOn: '2025-12-11' }));
    expect(types(events)).not.toContain('ReservationTakenOver');
    expect(types(events)).not.toContain('ReorientationRecognised');
    expect(moved(events)).toBe(-30);
    expect(a.balance).toBe(70);
  });
  it('another institution or another year is not R11', () => {
    const a = new Account();
    a.when(enrol('d', Y, comps(['a', 30]), { code: 'BA-LAW' }), withdraw('d', '2025-12-10'));
    const other = a.when(enrol('k', Y, comps(['a', 30]), { code: 'BA-LAW', institutionId: 'KULEUVEN', enrolledOn: '2025-12-11' }));
    expect(types(other)).not.toContain('ReservationTakenOver');
    expect(a.balance).toBe(80);
    const next = a.when(enrol('n', '2026-2027', comps(['a', 30]), { code: 'BA-LAW' }));
    expect(types(next)).not.toContain('ReservationTakenOver');
    expect(a.balance).toBe(50);
  });
});
