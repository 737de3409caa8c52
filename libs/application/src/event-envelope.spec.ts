import fc from 'fast-check';
import { canonicalJson } from './event-envelope.js';

const reversedKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(reversedKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reversedKeys((v as Record<string, unknown>)[k])])) : v;

describe('canonical JSON of commands (idempotency by commandId, contract section 2)', () => {
  it('is valid JSON of the same value, whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(canonicalJson(reversedKeys(v))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });
});
