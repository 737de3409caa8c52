import { validateCommand } from './validate-command.js';
import { looksLikeNationalNumber } from './national-number.js';

describe('R30 Personal data: no national register numbers as studentId', () => {
  it('recognises valid national register numbers, with or without punctuation, born in 19xx or 20xx', () => {
    // 850730 033 + check 28 (97 - 850730033 mod 97); 2000s births add the 2 prefix.
    expect(looksLikeNationalNumber('85073003328')).toBe(true);
    expect(looksLikeNationalNumber('85.07.30-033.28')).toBe(true);
    const body = 10203004n;
    const check2000 = 97n - ((2000000000n + body) % 97n);
    expect(looksLikeNationalNumber(`0${body}${String(check2000).padStart(2, '0')}`)).toBe(true);
  });
  it('lets opaque pseudonyms through, also 11 digits with a wrong check', () => {
    expect(looksLikeNationalNumber('85073003329')).toBe(false);
    expect(looksLikeNationalNumber('stu-8841')).toBe(false);
    expect(looksLikeNationalNumber('sc-V01-d9dededa')).toBe(false);
  });
  it('refuses such a command with a 400 on studentId', () => {
    const raw = { commandId: '0b6f0c52-6d1e-4c39-9a53-2f7b1f0e9d11', type: 'WithdrawEnrolment', studentId: '85.07.30-033.28', payload: { enrolmentId: 'e1', withdrawnOn: '2025-10-01' } };
    expect(() => validateCommand(raw)).toThrow(expect.objectContaining({ problem: expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field: 'studentId' })] }) }));
  });
});
