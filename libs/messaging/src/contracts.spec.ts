// The files under contracts/ are consistent: the AsyncAPI document names the four topics of
// contract section 5 and points at schemas that exist and compile (draft 2020-12).
import { describe, expect, it } from '@jest/globals';
import Ajv2020Module from 'ajv/dist/2020.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as new (o: object) => import('ajv').default;
const dir = resolve('contracts');
const BASE = 'https://contracts.learning-account.vlaanderen.be/schemas/';

function ajv() {
  const a = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  for (const f of readdirSync(join(dir, 'schemas')).filter((n) => n.endsWith('.schema.json'))) a.addSchema(JSON.parse(readFileSync(join(dir, 'schemas', f), 'utf8')));
  return a;
}

const COMMAND_TYPES = [
  'RegisterEnrolment', 'AddComponents', 'WithdrawComponents', 'WithdrawEnrolment', 'RecordResult', 'CloseAcademicYear',
  'AwardDegree', 'CorrectResult', 'RestoreCredits', 'OpenAcademicYear', 'SetInstitutionPolicy',
];

describe('contracts/', () => {
  it('asyncapi.yaml (3.0) declares the four topics and references schemas that exist', () => {
    const doc = parse(readFileSync(join(dir, 'asyncapi.yaml'), 'utf8'));
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.values<{ address: string }>(doc.channels).map((c) => c.address).sort()).toEqual([
      'learning-account.command-results',
      'learning-account.commands.dlq',
      'learning-account.commands.{institutionId}',
      'learning-account.events',
    ]);
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) k === '$ref' ? refs.push(v as string) : walk(v);
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      if (ref.startsWith('#/')) {
        const target = ref.slice(2).split('/').reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], doc);
        expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
      } else {
        expect({ ref, exists: existsSync(join(dir, ref)) }).toEqual({ ref, exists: true });
      }
    }
  });

  it('the schemas compile, and the command schema covers exactly the eleven command types', () => {
    const a = ajv();
    for (const name of ['command', 'command-result', 'cloudevent', 'event-data', 'common']) expect(a.getSchema(`${BASE}${name}.schema.json`)).toBeDefined();
    const command = JSON.parse(readFileSync(join(dir, 'schemas/command.schema.json'), 'utf8'));
    expect([...command.properties.type.enum].sort()).toEqual([...COMMAND_TYPES].sort());
  });

  it('accepts the contract example and rejects what the contract forbids', () => {
    const validate = ajv().getSchema(`${BASE}command.schema.json`)!;
    const ok = {
      commandId: '0b6f0c52-6d1e-4c39-9a53-2f7b1f0e9d11', type: 'RegisterEnrolment', studentId: 'stu-8841',
      payload: { enrolmentId: 'e1', academicYear: '2025-2026', programme: { code: 'BA-X', kind: 'bachelor' }, contract: 'diploma', enrolledOn: '2025-09-23', components: [{ componentId: 'a', credits: 30, term: 'S1' }] },
    };
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, studentId: undefined })).toBe(false); // studentId required
    expect(validate({ ...ok, payload: { ...ok.payload, components: [{ componentId: 'a', credits: 61, term: 'S1' }] } })).toBe(false);
    expect(validate({ commandId: ok.commandId, type: 'OpenAcademicYear', payload: { academicYear: '2026-2027', openedOn: '2026-09-01' } })).toBe(true);
    expect(validate({ commandId: ok.commandId, type: 'OpenAcademicYear', studentId: 'stu-1', payload: { academicYear: '2026-2027', openedOn: '2026-09-01' } })).toBe(false);
    expect(validate({ commandId: ok.commandId, type: 'SetInstitutionPolicy', payload: { academicYear: '2025-2026', withdrawal: { fullRefundUntil: '11-30', secondTermRefundUntil: null } } })).toBe(true);
  });
});
