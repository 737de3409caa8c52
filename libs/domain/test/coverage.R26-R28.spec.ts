import { type AccountState, DEFAULT_NATIONAL_POLICY, type NationalPolicy, type ProgrammeKind, coverage } from '../src/index.js';
import { Account, comps, degree, enrol, failedYear, perfectYear } from './harness.js';

const ask = (state: AccountState | null, credits: number, opts: Partial<{ programmeKind: ProgrammeKind; followOn: boolean; academicYear: string; national: NationalPolicy }> = {}) =>
  coverage(state, { credits, programmeKind: opts.programmeKind ?? 'bachelor', followOn: opts.followOn ?? false, academicYear: opts.academicYear ?? '2026-2027' }, opts.national ?? DEFAULT_NATIONAL_POLICY);

/** V18: 200 after a perfect year, 120 failed, 60 failed: 20 left. */
const v18 = () => {
  const a = new Account();
  perfectYear(a, 'y1', '2023-2024');
  failedYear(a, 'y2a', '2024-2025', 60);
  failedYear(a, 'y2b', '2024-2025', 60);
  failedYear(a, 'y3', '2025-2026', 60);
  expect(a.balance).toBe(20);
  return a;
};

/** Balance `target` below 140 reached by failed years (each at most 60). */
const withBalance = (target: number) => {
  const a = new Account();
  let left = 140 - target;
  let y = 2010;
  while (left > 0) {
    const n = Math.min(60, left);
    failedYear(a, `y${y}`, `${y}-${y + 1}`, n);
    left -= n;
    y++;
  }
  expect(a.balance).toBe(target);
  return a;
};

describe('R26 Coverage', () => {
  it('covered when the balance is at least N', () => {
    const a = v18();
    expect(ask(a.state, 20)).toEqual({ covered: true, uncoveredCredits: 0, mayRefuse: false, maxRaisedFee: 0 });
    expect(ask(a.state, 19).covered).toBe(true);
  });
  it('uncovered credits = N - balance for a positive balance (V18)', () => {
    expect(ask(v18().state, 60)).toEqual({ covered: false, uncoveredCredits: 40, mayRefuse: true, maxRaisedFee: 440 });
    expect(ask(v18().state, 21)).toMatchObject({ covered: false, uncoveredCredits: 1 });
  });
  it('uncovered credits = N at a zero or negative balance (max(balance, 0))', () => {
    expect(ask(withBalance(0).state, 30)).toMatchObject({ covered: false, uncoveredCredits: 30 });
    const neg = new Account();
    failedYear(neg, 'a', '2020-2021', 60);
    failedYear(neg, 'b', '2021-2022', 60);
    failedYear(neg, 'c', '2022-2023', 60);
    expect(neg.balance).toBe(-40);
    expect(ask(neg.state, 30)).toMatchObject({ covered: false, uncoveredCredits: 30, maxRaisedFee: 330 });
  });
  it('half credits stay exact', () => {
    const a = withBalance(20);
    const s = { ...a.state, balance: 20.5 };
    expect(ask(s, 30)).toMatchObject({ uncoveredCredits: 9.5, maxRaisedFee: 104.5 });
  });
  it('a student without an account is answered as a balance of 140', () => {
    expect(ask(null, 140)).toMatchObject({ covered: true, uncoveredCredits: 0 });
    expect(ask(null, 150)).toMatchObject({ covered: false, uncoveredCredits: 10, maxRaisedFee: 110 });
    const examOnly = new Account();
    examOnly.when(enrol('ex', '2025-2026', comps(['a', 30]), { contract: 'exam' }));
    expect(examOnly.state.opened).toBe(false);
    expect(ask(examOnly.state, 150)).toMatchObject({ uncoveredCredits: 10 });
  });
});

describe('R27 Institution options', () => {
  it('the maximum raised fee is at most 11 euro per uncovered credit by default, for every year', () => {
    const a = v18();
    for (const academicYear of ['2020-2021', '2026-2027', '2031-2032']) expect(ask(a.state, 60, { academicYear }).maxRaisedFee).toBe(440);
  });
  it('knob fees.maxRaisedFeePerCredit per academic year; years not configured stay at 11', () => {
    const national = { ...DEFAULT_NATIONAL_POLICY, maxRaisedFeePerCredit: { '2026-2027': 11.4, '2027-2028': 12 } };
    const a = v18();
    expect(ask(a.state, 60, { national }).maxRaisedFee).toBe(456); // exact to the cent, no float drift
    expect(ask({ ...a.state, balance: 19.5 }, 40, { national }).maxRaisedFee).toBe(233.7);
    expect(ask(a.state, 60, { national, academicYear: '2027-2028' }).maxRaisedFee).toBe(480);
    expect(ask(a.state, 60, { national, academicYear: '2028-2029' }).maxRaisedFee).toBe(440);
  });
  it('the institution may still enrol normally with uncovered credits: the balance goes below zero (R5)', () => {
    const a = v18();
    a.when(enrol('y4', '2026-2027', comps(['a', 60])));
    expect(a.balance).toBe(-40);
  });
});

describe('R28 Follow-on master', () => {
  it('a student without a master degree enrolling in a follow-on master may not be refused', () => {
    const a = v18();
    expect(ask(a.state, 60, { programmeKind: 'master', followOn: true })).toEqual({ covered: false, uncoveredCredits: 40, mayRefuse: false, maxRaisedFee: 440 });
    expect(ask(a.state, 60, { programmeKind: 'educational-master', followOn: true }).mayRefuse).toBe(false);
  });
  it('the institution may refuse when the master does not follow on, or for another programme kind', () => {
    const a = v18();
    expect(ask(a.state, 60, { programmeKind: 'master', followOn: false }).mayRefuse).toBe(true);
    expect(ask(a.state, 60, { programmeKind: 'bachelor', followOn: true }).mayRefuse).toBe(true);
    expect(ask(a.state, 60, { programmeKind: 'master-after-master', followOn: true }).mayRefuse).toBe(true);
  });
  it('a student who already holds a master degree may be refused', () => {
    const a = new Account();
    perfectYear(a, 'y1', '2017-2018');
    failedYear(a, 'y2', '2018-2019', 60);
    a.when(degree('master', '2018-2019'));
    expect(a.balance).toBe(0);
    expect(ask(a.state, 60, { programmeKind: 'master', followOn: true })).toMatchObject({ covered: false, mayRefuse: true });
  });
  it('a covered enrolment may never be refused', () => {
    expect(ask(v18().state, 20, { programmeKind: 'master', followOn: false }).mayRefuse).toBe(false);
    expect(ask(null, 60, { programmeKind: 'master', followOn: true }).mayRefuse).toBe(false);
  });
});
