import { DEFAULT_NATIONAL_POLICY, defaultContext, toView } from '../src/index.js';
import { Account, comps, enrol, failFinal, failedYear, openYear, pass, restore, result, types, withdraw } from './harness.js';

const view = (a: Account) => toView('stu-1', a.state);
const bonusEvents = (a: Account) => a.history.filter((e) => e.type === 'BonusApplied');

describe('R12 First 60 doubled', () => {
  it('a first year of 60 passed credits: 140 -> 80 -> 200, bonus used (V01)', () => {
    const a = new Account();
    a.when(enrol('e1', '2025-2026', comps(['a', 20], ['b', 20, 'S2'], ['c', 20, 'Y'])));
    expect(view(a)).toMatchObject({ balance: 80, bonusRemaining: 60, pendingCredits: 60, status: 'sufficient' });
    const events = a.when(pass('e1', 'a', '2026-01-30'));
    expect(types(events)).toEqual(['ResultRecorded', 'CreditsReturned', 'BonusApplied']);
    expect(events[2].data).toMatchObject({ credits: 20, rule: 'R12', balanceAfter: 120 });
    expect(view(a)).toMatchObject({ balance: 120, bonusRemaining: 40, pendingCredits: 40 });
    a.when(pass('e1', 'b', '2026-06-30'), pass('e1', 'c', '2026-06-30'));
    expect(view(a)).toMatchObject({ balance: 200, bonusRemaining: 0, pendingCredits: 0, bonusRight: 'used' });
  });

  it('40 of 60 passed: bonus 40, 20 left for later (V02)', () => {
    const a = new Account();
    a.when(enrol('e1', '2025-2026', comps(['a', 20], ['b', 20, 'S2'], ['c', 20, 'S2'])));
    a.when(pass('e1', 'a', '2026-06-30'), pass('e1', 'b', '2026-06-30'), failFinal('e1', 'c', '2026-09-10'));
    expect(view(a)).toMatchObject({ balance: 160, bonusRemaining: 20, pendingCredits: 0, bonusRight: 'available' });
  });

  it('bonus spread over years with the cap on the component that crosses 60 (VIVES, V04)', () => {
    const a = new Account();
    a.when(enrol('y1', '2020-2021', comps(['a', 15], ['b', 15], ['c', 15, 'S2'], ['d', 15, 'S2'])));
    expect(a.balance).toBe(80);
    a.when(pass('y1', 'a', '2021-06-30'), pass('y1', 'b', '2021-06-30'), pass('y1', 'c', '2021-06-30'));
    expect(view(a)).toMatchObject({ balance: 170, bonusRemaining: 15 });
    a.when(failFinal('y1', 'd', '2021-09-10'));
    expect(view(a)).toMatchObject({ balance: 170, bonusRemaining: 15, pendingCredits: 0 });
    a.when(enrol('y2', '2021-2022', comps(['a', 26], ['b', 26, 'S2'], ['c', 8, 'S2'])));
    expect(view(a)).toMatchObject({ balance: 110, bonusRemaining: 15 });
    const capped = a.when(pass('y2', 'a', '2022-01-31'));
    expect(capped.find((e) => e.type === 'BonusApplied')!.data).toMatchObject({ credits: 15, rule: 'R12' });
    expect(view(a)).toMatchObject({ balance: 151, bonusRemaining: 0, bonusRight: 'used' });
    const after = a.when(pass('y2', 'b', '2022-06-30'));
    expect(types(after)).not.toContain('BonusApplied');
    expect(a.balance).toBe(177);
    a.when(failFinal('y2', 'c', '2022-09-10'));
    a.when(enrol('y3', '2022-2023', comps(['a', 30], ['b', 30, 'S2'])), pass('y3', 'a', '2023-06-30'), pass('y3', 'b', '2023-06-30'));
    expect(view(a)).toMatchObject({ balance: 177, bonusRemaining: 0, pendingCredits: 0 });
    expect(a.state.bonusGiven).toBe(60);
    expect(bonusEvents(a).reduce((s, e) => s + e.data.credits, 0)).toBe(60);
  });

  it('credits earned under a credit contract are never doubled and do not use up the bonus (default)', () => {
    const a = new Account();
    a.when(enrol('cc', '2025-2026', comps(['a', 20], ['b', 10]), { contract: 'credit' }));
    const events = a.when(pass('cc', 'a', '2026-01-30'));
    expect(types(events)).toEqual(['ResultRecorded', 'CreditsReturned']);
    expect(view(a)).toMatchObject({ balance: 130, bonusRemaining: 60, bonusRight: 'available' });
    a.when(enrol('d', '2026-2027', comps(['a', 60])), pass('d', 'a', '2027-06-30'));
    expect(view(a)).toMatchObject({ balance: 130 + 60, bonusRemaining: 0, bonusRight: 'used' });
  });

  it('knob bonusCreditContractConsumes: credit-contract earnings use up the bonus, still not doubled', () => {
    const a = new Account({ ...defaultContext(), national: { ...DEFAULT_NATIONAL_POLICY, bonusCreditContractConsumes: true } });
    a.when(enrol('cc', '2025-2026', comps(['a', 20]), { contract: 'credit' }));
    const events = a.when(pass('cc', 'a', '2026-01-30'));
    expect(types(events)).toEqual(['ResultRecorded', 'CreditsReturned', 'BonusConsumed']);
    expect(view(a)).toMatchObject({ balance: 140, bonusRemaining: 40 });
    a.when(enrol('d', '2026-2027', comps(['a', 60])));
    const doubled = a.when(pass('d', 'a', '2027-06-30'));
    expect(doubled.find((e) => e.type === 'BonusApplied')!.data).toMatchObject({ credits: 40 });
    expect(view(a)).toMatchObject({ balance: 80 + 60 + 40, bonusRemaining: 0, bonusRight: 'used' });
  });

  it('exam-contract passes are never doubled (R3)', () => {
    const a = new Account();
    failedYear(a, 'y0', '2024-2025', 10);
    a.when(enrol('ex', '2025-2026', comps(['a', 20]), { contract: 'exam' }), pass('ex', 'a', '2026-06-30'));
    expect(view(a)).toMatchObject({ balance: 130, bonusRemaining: 60 });
  });

  it('refunds on withdrawal give no bonus (R14)', () => {
    const a = new Account();
    failedYear(a, 'y0', '2024-2025', 10);
    const events = a.when(enrol('e', '2025-2026', comps(['a', 30], ['b', 30, 'S2'])), withdraw('e', '2025-10-15'));
    expect(types(events)).not.toContain('BonusApplied');
    expect(view(a)).toMatchObject({ balance: 130, bonusRemaining: 60 });
  });

  it('re-orientation refunds give no bonus (R15)', () => {
    const a = new Account();
    a.when(enrol('old', '2025-2026', comps(['a', 30]), { code: 'P1' }), withdraw('old', '2025-12-10'));
    const events = a.when(enrol('new', '2025-2026', comps(['b', 10]), { code: 'P2', enrolledOn: '2025-12-10' }));
    expect(types(events)).toContain('ReorientationRecognised');
    expect(types(events)).not.toContain('BonusApplied');
    expect(a.state.bonusGiven).toBe(0);
    expect(a.balance).toBe(140 - 30 + 15 - 10);
  });

  it('restorations give no bonus (R24)', () => {
    const a = new Account();
    a.when(enrol('e', '2025-2026', comps(['a', 30])), result('e', 'a', 'absent', '2026-01-30', { final: false }), result('e', 'a', 'absent', '2026-09-01', { session: 2 }));
    const events = a.when(restore('e', 'a'));
    expect(types(events)).toEqual(['CreditsRestored']);
    expect(view(a)).toMatchObject({ balance: 140, bonusRemaining: 60 });
  });
});

describe('R13 Bonus lapses', () => {
  /** Stopped after a partial year: 140 -> 110 (20 earned + 20 bonus, 50 lost), then not enrolled. */
  const stopped = () => {
    const a = new Account();
    a.when(enrol('y1', '2020-2021', comps(['a', 20], ['b', 50, 'S2'])), pass('y1', 'a', '2021-06-30'), failFinal('y1', 'b', '2021-09-10'));
    a.when(enrol('y2', '2021-2022', comps(['c', 60])), failFinal('y2', 'c', '2022-09-10'));
    return a;
  };
  it('the first automatic rebuild credit ends the right to the remaining bonus for good', () => {
    const a = stopped();
    expect(view(a)).toMatchObject({ balance: 50, bonusRemaining: 40, bonusRight: 'available' });
    a.when(openYear('2022-2023')); // enrolled in 2021-2022: no rebuild
    expect(a.balance).toBe(50);
    const events = a.when(openYear('2023-2024'));
    expect(types(events)).toEqual(['AcademicYearOpened', 'CreditsReplenished', 'BonusRightLapsed']);
    expect(events[2].data).toMatchObject({ bonusLapsed: 40, rule: 'R13' });
    expect(view(a)).toMatchObject({ balance: 60, bonusRemaining: 0, bonusRight: 'lapsed' });
    a.when(enrol('y5', '2024-2025', comps(['d', 10])));
    const passed = a.when(pass('y5', 'd', '2025-06-30'));
    expect(types(passed)).not.toContain('BonusApplied');
    expect(view(a)).toMatchObject({ balance: 60, bonusRight: 'lapsed', bonusRemaining: 0 });
  });
  it('a used bonus does not lapse again', () => {
    const a = new Account();
    a.when(enrol('y1', '2020-2021', comps(['a', 60])), pass('y1', 'a', '2021-06-30'));
    a.when(enrol('y2', '2021-2022', comps(['a', 60])), failFinal('y2', 'a', '2022-09-10'));
    a.when(enrol('y3', '2022-2023', comps(['a', 60])), failFinal('y3', 'a', '2023-09-10'));
    expect(a.balance).toBe(80);
    a.when(enrol('y4', '2023-2024', comps(['a', 60])), failFinal('y4', 'a', '2024-09-10'));
    expect(a.balance).toBe(20);
    const events = a.when(openYear('2025-2026'));
    expect(types(events)).toEqual(['AcademicYearOpened', 'CreditsReplenished']);
    expect(view(a)).toMatchObject({ balance: 30, bonusRight: 'used' });
  });
});
