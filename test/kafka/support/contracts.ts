// Loads contracts/schemas/*.json into one ajv (draft 2020-12) and exposes a validator per
// message kind, so every produced message in the Kafka tests is checked against its contract.
import Ajv2020Module from 'ajv/dist/2020.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const Ajv2020 = (Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module;
export const CONTRACTS_DIR = join(process.cwd(), 'contracts');
const BASE = 'https://contracts.learning-account.vlaanderen.be/schemas/';

export function loadContracts() {
  const ajv = new (Ajv2020 as unknown as new (o: object) => import('ajv').default)({ allErrors: true, strict: true, strictRequired: false });
  const dir = join(CONTRACTS_DIR, 'schemas');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.schema.json'))) ajv.addSchema(JSON.parse(readFileSync(join(dir, f), 'utf8')));
  const validator = (name: string) => {
    const v = ajv.getSchema(BASE + name);
    if (!v) throw new Error(`schema ${name} not found`);
    return (value: unknown): string[] => (v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
  };
  return {
    command: validator('command.schema.json'),
    commandResult: validator('command-result.schema.json'),
    cloudEvent: validator('cloudevent.schema.json'),
  };
}
