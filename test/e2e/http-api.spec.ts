// The HTTP contract (section 4) end to end on the embedded default: real HTTP, real
// SQLite, real JWTs.
import { randomUUID } from 'node:crypto';
import { AUDITOR, Client, OPERATOR, type Running, UGENT, enrolment, newStudent, startService, token } from './http-client.js';

let svc: Running;
let http: Client;

beforeAll(async () => {
  svc = await startService();
  http = new Client(svc.url);
});
afterAll(async () => {
  await svc.app.close();
});

describe('authentication (contract section 4)', () => {
  it('401 problem+json without a token, with a bad signature, or without a role', async () => {
    const none = await http.call('GET', '/v1/accounts/x', null);
    expect(none.status).toBe(401);
    expect(none.contentType).toMatch(/^application\/problem\+json/);
    const forged = await fetch(`${svc.url}/v1/accounts/x`, { headers: { authorization: `Bearer ${await token(AUDITOR, 'other-secret')}` } });
    expect(forged.status).toBe(401);
    const noRole = await fetch(`${svc.url}/v1/accounts/x`, { headers: { authorization: `Bearer ${await token({ role: 'janitor' } as never)}` } });
    expect(noRole.status).toBe(401);
  });
  it('health and the OpenAPI document need no token', async () => {
    expect((await http.call('GET', '/health', null)).body.status).toBe('ok');
    const docs = await http.call('GET', '/docs-json', null);
    expect(docs.body.paths['/v1/commands'].post).toBeDefined();
    expect(docs.body.paths['/v1/accounts/{studentId}/coverage'].get).toBeDefined();
  });
});

describe('commands: validation, authorization, idempotency (contract sections 2 and 4)', () => {
  it('400 with one entry per bad field, and nothing written', async () => {
    const s = newStudent();
    const r = await http.command('RegisterEnrolment', s, {
      enrolmentId: 'e1',
      academicYear: '2025-2027',
      programme: { code: 'X', kind: 'wizardry' },
      contract: 'diploma',
      enrolledOn: '2025-09-31',
      components: [{ componentId: 'a', credits: 0, term: 'S3' }],
    });
    expect(r.status).toBe(400);
    expect(r.contentType).toMatch(/^application\/problem\+json/);
    const fields = r.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['payload.academicYear', 'payload.components.0.credits', 'payload.components.0.term', 'payload.enrolledOn', 'payload.programme.kind']);
    expect(new Set(fields).size).toBe(fields.length);
    expect((await http.account(s)).status).toBe(404);
  });
  it('400 for a missing studentId, a non-UUID commandId, an unknown type and malformed JSON', async () => {
    const r = await http.call('POST', '/v1/commands', UGENT, { commandId: 'nope', type: 'Teleport', payload: {} });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['commandId', 'studentId', 'type']);
    const noStudent = await http.command('RegisterEnrolment', null, enrolment('e1'));
    expect(noStudent.body.errors).toEqual([expect.objectContaining({ field: 'studentId' })]);
    const malformed = await http.call('POST', '/v1/commands', UGENT, undefined, '{"commandId": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.status).toBe(400);
  });
  it('a date outside the academic year is a bad field (contract section 1)', async () => {
    const r = await http.command('RegisterEnrolment', newStudent(), enrolment('e1', { enrolledOn: '2026-11-02' }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].field).toBe('payload.enrolledOn');
  });
  it('403 for auditors and students, for operator-only commands, and for another institution\'s enrolment', async () => {
    const s = newStudent();
    expect((await http.command('RegisterEnrolment', s, enrolment('e1'), AUDITOR)).status).toBe(403);
    expect((await http.command('RegisterEnrolment', s, enrolment('e1'), { role: 'student', studentId: s })).status).toBe(403);
    expect((await http.command('OpenAcademicYear', null, { academicYear: '2025-2026', openedOn: '2025-09-14' })).status).toBe(403);
    expect((await http.command('RegisterEnrolment', s, enrolment('e1'), OPERATOR)).status).toBe(403);
    expect((await http.command('RegisterEnrolment', s, enrolment('e1'))).status).toBe(200);
    const other = await http.command('WithdrawEnrolment', s, { enrolmentId: 'e1', withdrawnOn: '2025-10-01' }, { role: 'institution', institutionId: 'KULEUVEN' });
    expect(other.status).toBe(403);
    expect((await http.account(s)).body.balance).toBe(80);
  });
  it('404 for an unknown enrolment, 422 for a rule that is broken; nothing written', async () => {
    const s = newStudent();
    await http.command('RegisterEnrolment', s, enrolment('e1'));
    const before = (await http.account(s)).body.revision;
    expect((await http.command('RecordResult', s, { enrolmentId: 'zz', componentId: 'a', outcome: 'passed', session: 1, final: true, recordedOn: '2026-01-30' })).status).toBe(404);
    const r = await http.command('RecordResult', s, { enrolmentId: 'e1', componentId: 'nope', outcome: 'passed', session: 1, final: true, recordedOn: '2026-01-30' });
    expect(r.status).toBe(422);
    expect(r.body.rule).toBeDefined();
    await http.command('RecordResult', s, { enrolmentId: 'e1', componentId: 'a', outcome: 'passed', session: 1, final: true, recordedOn: '2026-01-30' });
    const again = await http.command('RecordResult', s, { enrolmentId: 'e1', componentId: 'a', outcome: 'failed', session: 2, final: true, recordedOn: '2026-08-30' });
    expect(again.status).toBe(422);
    const drop = await http.command('WithdrawComponents', s, { enrolmentId: 'e1', withdrawnOn: '2026-02-01', componentIds: ['a'] });
    expect(drop.status).toBe(422);
    expect((await http.account(s)).body.revision).toBe(before + 3); // ResultRecorded, CreditsReturned, BonusApplied only
  });
  it('the same commandId: first outcome again with duplicate true; other content 409', async () => {
    const s = newStudent();
    const id = randomUUID();
    const first = await http.command('RegisterEnrolment', s, enrolment('e1'), UGENT, id);
    const again = await http.command('RegisterEnrolment', s, enrolment('e1'), UGENT, id);
    expect(first.body.duplicate).toBe(false);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    const other = await http.command('RegisterEnrolment', s, enrolment('e2'), UGENT, id);
    expect(other.status).toBe(409);
    const elsewhere = await http.command('RegisterEnrolment', newStudent(), enrolment('e1'), UGENT, id);
    expect(elsewhere.status).toBe(409);
    expect((await http.account(s)).body).toMatchObject({ balance: 80, pendingCredits: 60 });
  });
  it('concurrent commands for one student are all applied exactly once', async () => {
    const s = newStudent();
    await http.command('RegisterEnrolment', s, enrolment('e1', { components: Array.from({ length: 10 }, (_, i) => ({ componentId: `c${i}`, credits: 6, term: 'S1' })) }));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => http.command('RecordResult', s, { enrolmentId: 'e1', componentId: `c${i}`, outcome: 'passed', session: 1, final: true, recordedOn: '2026-01-30' })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await http.account(s)).body).toMatchObject({ balance: 200, pendingCredits: 0, bonusRight: 'used' });
  });
});

describe('reads (contract section 4, R26-R29)', () => {
  it('a student reads only their own account; institutions read all', async () => {
    const s = newStudent();
    await http.command('RegisterEnrolment', s, enrolment('e1'));
    expect((await http.account(s, { role: 'student', studentId: s })).status).toBe(200);
    expect((await http.account(s, { role: 'student', studentId: 'someone-else' })).status).toBe(403);
    expect((await http.account(s, { role: 'institution', institutionId: 'KULEUVEN' })).status).toBe(200);
    expect((await http.call('GET', `/v1/accounts/${s}/history`, { role: 'student', studentId: 'x' })).status).toBe(403);
  });
  it('R29 the history explains every credit: balanceAfter chains from 140 by each movement', async () => {
    const s = newStudent();
    await http.command('RegisterEnrolment', s, enrolment('e1'));
    await http.command('RecordResult', s, { enrolmentId: 'e1', componentId: 'a', outcome: 'passed', session: 1, final: true, recordedOn: '2026-01-30' });
    await http.command('WithdrawEnrolment', s, { enrolmentId: 'e1', withdrawnOn: '2026-02-10' });
    const { items } = (await http.call('GET', `/v1/accounts/${s}/history`, AUDITOR)).body;
    expect(items[0]).toMatchObject({ type: 'AccountOpened', balanceAfter: 140, rule: 'R1', institutionId: 'UGENT' });
    let balance = 140;
    for (const item of items.slice(1)) {
      balance += item.credits;
      expect(item.balanceAfter).toBe(balance);
      expect(item.commandId).toMatch(/^[0-9a-f-]{36}$/);
      if (item.credits !== 0) expect(item.rule).toMatch(/^R\d+$/);
    }
    expect(items.map((i: { type: string }) => i.type)).toEqual(
      expect.arrayContaining(['CreditsReserved', 'ResultRecorded', 'CreditsReturned', 'BonusApplied', 'EnrolmentWithdrawn']),
    );
    expect(balance).toBe((await http.account(s)).body.balance);
    expect(balance).toBe(140 - 60 + 30 + 30 + 30); // b (S2) refunded on 10 February (R14)
  });
  it('an account that never opened (exam contract only) has no view and no history: 404', async () => {
    const s = newStudent();
    expect((await http.command('RegisterEnrolment', s, enrolment('ex', { contract: 'exam' }))).status).toBe(200);
    expect((await http.account(s)).status).toBe(404);
    expect((await http.call('GET', `/v1/accounts/${s}/history`, AUDITOR)).status).toBe(404);
    expect((await http.call('GET', `/v1/accounts/${s}/coverage?credits=60&programmeKind=bachelor`, AUDITOR)).body).toMatchObject({ covered: true });
  });
  it('R29 asOf replays the events with a business date on or before that day; 404 before the opening', async () => {
    const s = newStudent();
    await http.command('RegisterEnrolment', s, enrolment('e1'));
    await http.command('RecordResult', s, { enrolmentId: 'e1', componentId: 'a', outcome: 'passed', session: 1, final: true, recordedOn: '2026-01-30' });
    expect((await http.account(s, AUDITOR, '?asOf=2025-09-22')).status).toBe(404);
    expect((await http.account(s, AUDITOR, '?asOf=2025-12-31')).body).toMatchObject({ balance: 80, pendingCredits: 60, asOf: '2025-12-31' });
    expect((await http.account(s, AUDITOR, '?asOf=2026-01-30')).body).toMatchObject({ balance: 140, bonusRemaining: 30 });
    expect((await http.account(s, AUDITOR, '?asOf=2026-02-30')).status).toBe(400);
    const then = (await http.call('GET', `/v1/accounts/${s}/history?asOf=2025-12-31`, AUDITOR)).body.items;
    expect(then.map((i: { type: string }) => i.type)).toEqual(['AccountOpened', 'EnrolmentRegistered', 'CreditsReserved', 'CreditsReserved']);
    expect(then.at(-1).balanceAfter).toBe(80);
    expect((await http.call('GET', `/v1/accounts/${s}/history?asOf=2025-09-22`, AUDITOR)).status).toBe(404);
    expect((await http.call('GET', `/v1/accounts/${s}/history`, AUDITOR)).body.items.length).toBeGreaterThan(then.length);
  });
  it('R26-R28 coverage, also for a student without an account (answered as 140)', async () => {
    const r = await http.call('GET', `/v1/accounts/${newStudent()}/coverage?credits=150&programmeKind=bachelor&followOn=false&academicYear=2026-2027`, UGENT);
    expect(r.body).toEqual({ covered: false, uncoveredCredits: 10, mayRefuse: true, maxRaisedFee: 110 });
    const bad = await http.call('GET', `/v1/accounts/x/coverage?credits=-1&programmeKind=wizard`, UGENT);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['credits', 'programmeKind']);
  });
});

describe('operator and policy commands (R14, R23)', () => {
  it('SetInstitutionPolicy changes the refund windows of that institution and year only', async () => {
    const inst = { role: 'institution', institutionId: `POL-${randomUUID().slice(0, 6).toUpperCase()}` } as const;
    const set = await http.command('SetInstitutionPolicy', null, { academicYear: '2025-2026', withdrawal: { fullRefundUntil: '10-15', secondTermRefundUntil: null } }, inst);
    expect(set.status).toBe(200);
    expect(set.body.events[0]).toMatchObject({ type: 'InstitutionPolicySet', data: { withdrawal: { fullRefundUntil: '10-15', secondTermRefundUntil: null } } });
    const s = newStudent();
    await http.command('RegisterEnrolment', s, enrolment('e1'), inst);
    await http.command('WithdrawEnrolment', s, { enrolmentId: 'e1', withdrawnOn: '2025-10-20' }, inst);
    expect((await http.account(s)).body).toMatchObject({ balance: 80, pendingCredits: 0 });
    const other = await http.command('SetInstitutionPolicy', null, { institutionId: 'UGENT', academicYear: '2025-2026', withdrawal: {} }, inst);
    expect(other.status).toBe(403);
    const operatorWithout = await http.command('SetInstitutionPolicy', null, { academicYear: '2025-2026', withdrawal: {} }, OPERATOR);
    expect(operatorWithout.status).toBe(400);
  });
  it('R23 OpenAcademicYear reaches every eligible account once, however often it is sent', async () => {
    const s = newStudent();
    await http.command('RegisterEnrolment', s, enrolment('e1', { academicYear: '2010-2011', enrolledOn: '2010-09-20' }));
    for (const c of ['a', 'b']) await http.command('RecordResult', s, { enrolmentId: 'e1', componentId: c, outcome: 'failed', session: 2, final: true, recordedOn: '2011-09-10' });
    await http.command('RegisterEnrolment', s, enrolment('e2', { academicYear: '2011-2012', enrolledOn: '2011-09-20', components: [{ componentId: 'a', credits: 60, term: 'S1' }] }));
    await http.command('RecordResult', s, { enrolmentId: 'e2', componentId: 'a', outcome: 'failed', session: 2, final: true, recordedOn: '2012-09-10' });
    expect((await http.account(s)).body.balance).toBe(20);
    const id = randomUUID();
    const open = await http.command('OpenAcademicYear', null, { academicYear: '2013-2014', openedOn: '2013-09-14' }, OPERATOR, id);
    expect(open.status).toBe(200);
    expect(open.body.events[0]).toMatchObject({ type: 'AcademicYearOpened', data: { academicYear: '2013-2014' } });
    expect(open.body.events).toContainEqual(expect.objectContaining({ type: 'CreditsReplenished', studentId: s, data: expect.objectContaining({ rule: 'R21', credits: 10 }) }));
    expect((await http.account(s)).body).toMatchObject({ balance: 30, rebuild: { case: 'after-stop', startedIn: '2013-2014', active: true }, bonusRight: 'lapsed' });
    const resent = await http.command('OpenAcademicYear', null, { academicYear: '2013-2014', openedOn: '2013-09-14' }, OPERATOR, id);
    expect(resent.body.duplicate).toBe(true);
    await http.command('OpenAcademicYear', null, { academicYear: '2013-2014', openedOn: '2013-09-14' }, OPERATOR);
    expect((await http.account(s)).body.balance).toBe(30);
    const history = (await http.call('GET', `/v1/accounts/${s}/history`, AUDITOR)).body.items;
    expect(history.filter((i: { type: string }) => i.type === 'CreditsReplenished')).toEqual([expect.objectContaining({ rule: 'R21', credits: 10 })]);
  });
  it('R25 a correction replays year openings the account went through at 60 or more (R20)', async () => {
    const s = newStudent();
    const passed = (enrolmentId: string, componentId: string, recordedOn: string) =>
      http.command('RecordResult', s, { enrolmentId, componentId, outcome: 'passed', session: 1, final: true, recordedOn });
    await http.command('RegisterEnrolment', s, enrolment('ba', { academicYear: '2016-2017', enrolledOn: '2016-09-20' }));
    await passed('ba', 'a', '2017-06-30');
    await passed('ba', 'b', '2017-06-30');
    await http.command('RegisterEnrolment', s, enrolment('ma', { academicYear: '2017-2018', enrolledOn: '2017-09-20', programme: { code: 'MA', kind: 'master' }, components: [{ componentId: 'a', credits: 30, term: 'S1' }] }));
    await passed('ma', 'a', '2018-01-30');
    await http.command('AwardDegree', s, { kind: 'master', programme: { code: 'MA', kind: 'master' }, awardedOn: '2018-07-05', academicYear: '2017-2018' });
    expect((await http.account(s)).body).toMatchObject({ balance: 60, rebuild: null });
    await http.command('OpenAcademicYear', null, { academicYear: '2018-2019', openedOn: '2018-09-14' }, OPERATOR);
    expect((await http.account(s)).body.balance).toBe(60);
    const fix = await http.command('CorrectResult', s, { enrolmentId: 'ma', componentId: 'a', outcome: 'failed', correctedOn: '2019-02-01', reason: 'grading error' });
    expect(fix.status).toBe(200);
    // As if recorded failed from the start: 200 - 30 lost - 140 = 30, then +10 at the 2018-2019 opening.
    expect((await http.account(s)).body).toMatchObject({ balance: 40, rebuild: { case: 'after-master', startedIn: '2018-2019', active: true } });
  });
  it('RestoreCredits is an operator command (R24)', async () => {
    const s = newStudent();
    await http.command('RegisterEnrolment', s, enrolment('e1'));
    await http.command('RecordResult', s, { enrolmentId: 'e1', componentId: 'a', outcome: 'absent', session: 2, final: true, recordedOn: '2026-08-30' });
    const restore = { enrolmentId: 'e1', componentId: 'a', decision: { reference: 'RvStvb 2026/1', decidedOn: '2026-10-01' } };
    expect((await http.command('RestoreCredits', s, restore)).status).toBe(403);
    const r = await http.command('RestoreCredits', s, restore, OPERATOR);
    expect(r.status).toBe(200);
    expect((await http.account(s)).body.balance).toBe(110);
  });
});
