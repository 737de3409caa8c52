// Policy is data, never a code change: the national knobs (NATIONAL_POLICY) reach the rules.
import { AUDITOR, Client, type Running, enrolment, newStudent, startService } from './http-client.js';

let svc: Running;
let http: Client;

beforeAll(async () => {
  svc = await startService(undefined, {
    NATIONAL_POLICY: JSON.stringify({ 'fees.maxRaisedFeePerCredit': { '2026-2027': 11.4 }, 'reorientation.halfWindowEndsInclusive': '01-31' }),
  });
  http = new Client(svc.url);
});
afterAll(() => svc.app.close());

it('R27 the indexed raised fee of an academic year comes from NATIONAL_POLICY; other years keep 11', async () => {
  const q = (year: string) => http.call('GET', `/v1/accounts/${newStudent()}/coverage?credits=150&programmeKind=bachelor&academicYear=${year}`, AUDITOR);
  expect((await q('2026-2027')).body).toMatchObject({ uncoveredCredits: 10, maxRaisedFee: 114 });
  expect((await q('2025-2026')).body.maxRaisedFee).toBe(110);
});

it('R15 the half window ends on the configured day', async () => {
  const s = newStudent();
  await http.command('SetInstitutionPolicy', null, { academicYear: '2025-2026', withdrawal: { fullRefundUntil: null, secondTermRefundUntil: null } }, { role: 'institution', institutionId: 'NOREFUND' });
  const inst = { role: 'institution', institutionId: 'NOREFUND' } as const;
  await http.command('RegisterEnrolment', s, enrolment('a'), inst);
  await http.command('WithdrawEnrolment', s, { enrolmentId: 'a', withdrawnOn: '2026-02-05' }, inst);
  const r = await http.command('RegisterEnrolment', s, enrolment('b', { programme: { code: 'BA-OTHER', kind: 'bachelor' }, enrolledOn: '2026-02-05', components: [{ componentId: 'x', credits: 10, term: 'S2' }] }), inst);
  expect(r.body.events).toContainEqual(expect.objectContaining({ type: 'ReorientationRecognised', data: expect.objectContaining({ percentage: 0, refund: 0 }) }));
  expect((await http.account(s)).body.balance).toBe(70);
});
