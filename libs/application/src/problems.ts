// Problem details (RFC 9457) for every refusal, one entry per bad field (contract section 4).
import type { Rejection } from '../../domain/src/index.js';
import { CommandRejected, type Problem } from './command-executor.port.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_BASE = 'https://learning-account.vlaanderen.be/problems/';

export function problem(status: number, detail: string, extra: { slug?: string; errors?: Problem['errors']; rule?: string } = {}): Problem {
  return {
    type: `${PROBLEM_BASE}${extra.slug ?? String(status)}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.rule ? { rule: extra.rule } : {}),
  };
}

export const reject = (status: number, detail: string, extra?: Parameters<typeof problem>[2]): CommandRejected => new CommandRejected(problem(status, detail, extra));

/** 400 with one entry per bad field (several messages for one field are joined). */
export function invalidFields(errors: { field: string; message: string }[]): CommandRejected {
  const byField = new Map<string, string[]>();
  for (const e of errors) byField.set(e.field, [...(byField.get(e.field) ?? []), e.message]);
  const entries = [...byField].map(([field, messages]) => ({ field, message: messages.join('; ') }));
  return reject(400, `${entries.length} field(s) are invalid`, { slug: 'invalid-fields', errors: entries });
}

const STATUS: Record<Rejection['kind'], number> = { invalid: 400, forbidden: 403, 'not-found': 404, rule: 422 };

export function fromRejection(r: Rejection): CommandRejected {
  if (r.kind === 'invalid') return invalidFields([{ field: r.field ?? 'payload', message: r.detail }]);
  return reject(STATUS[r.kind], r.detail, { slug: r.kind === 'rule' ? 'rule-violation' : r.kind, rule: r.rule });
}
