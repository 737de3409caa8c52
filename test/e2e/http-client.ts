// Starts the real HTTP application on a fresh data directory and talks to it over HTTP.
import type { INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpApp } from '../../apps/service/src/http-app.js';
import { loadConfig } from '../../libs/config/src/config.js';

export const SECRET = 'e2e-test-secret';

export type Who = { role: 'institution'; institutionId: string } | { role: 'student'; studentId: string } | { role: 'auditor' } | { role: 'operator' };
export const UGENT: Who = { role: 'institution', institutionId: 'UGENT' };
export const AUDITOR: Who = { role: 'auditor' };
export const OPERATOR: Who = { role: 'operator' };

export interface Running {
  readonly app: INestApplication;
  readonly url: string;
  readonly dataDir: string;
}

export async function startService(dataDir = mkdtempSync(join(tmpdir(), 'la-e2e-')), env: Record<string, string> = {}): Promise<Running> {
  const config = loadConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: SECRET, PORT: '0', ...env });
  const app = await createHttpApp(config, false);
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl(), dataDir };
}

export async function token(who: Who, secret = SECRET): Promise<string> {
  return new SignJWT({ ...who }).setProtectedHeader({ alg: 'HS256' }).setSubject(`${who.role}-test`).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(secret));
}

export interface Reply {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export class Client {
  constructor(private readonly url: string) {}

  async call(method: string, path: string, who: Who | null, body?: unknown, raw?: string): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${await token(who)}`;
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.url + path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
  }

  command(type: string, studentId: string | null, payload: unknown, who: Who = UGENT, commandId: string = randomUUID()): Promise<Reply> {
    return this.call('POST', '/v1/commands', who, { commandId, type, ...(studentId === null ? {} : { studentId }), payload });
  }

  account(studentId: string, who: Who = AUDITOR, query = ''): Promise<Reply> {
    return this.call('GET', `/v1/accounts/${studentId}${query}`, who);
  }
}

export const enrolment = (enrolmentId: string, extra: Record<string, unknown> = {}) => ({
  enrolmentId,
  academicYear: '2025-2026',
  programme: { code: 'BA-HIST', kind: 'bachelor' },
  contract: 'diploma',
  enrolledOn: '2025-09-23',
  components: [
    { componentId: 'a', credits: 30, term: 'S1' },
    { componentId: 'b', credits: 30, term: 'S2' },
  ],
  ...extra,
});

export const newStudent = () => `stu-${randomUUID().slice(0, 8)}`;
