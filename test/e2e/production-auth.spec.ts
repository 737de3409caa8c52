// Production authentication (contract section 4): RS256 tokens verified against a JWKS URL
// with issuer and audience; HS256 tokens are refused.
import type { INestApplication } from '@nestjs/common';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { mkdtempSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpApp } from '../../apps/service/src/http-app.js';
import { loadConfig } from '../../libs/config/src/config.js';

const ISSUER = 'https://idp.example.test';
const AUDIENCE = 'learning-account';
let idp: Server;
let app: INestApplication;
let url: string;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

beforeAll(async () => {
  const keys = await generateKeyPair('RS256');
  privateKey = keys.privateKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  idp = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  const jwks = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks`;
  const config = loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: jwks, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, DATA_DIR: mkdtempSync(join(tmpdir(), 'la-prod-')), PORT: '0' });
  app = await createHttpApp(config, false);
  await app.listen(0, '127.0.0.1');
  url = await app.getUrl();
});
afterAll(async () => {
  await app.close();
  idp.close();
});

const rs256 = (claims: Record<string, unknown>, opts: { iss?: string; aud?: string } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('auditor-1').setIssuer(opts.iss ?? ISSUER).setAudience(opts.aud ?? AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(privateKey);
const read = async (token: string) => (await fetch(`${url}/v1/accounts/nobody`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('production authentication (JWKS)', () => {
  it('accepts an RS256 token from the JWKS with the right issuer and audience', async () => {
    expect(await read(await rs256({ role: 'auditor' }))).toBe(404); // authenticated: the account does not exist
  });
  it('refuses another issuer, another audience, and HS256 tokens', async () => {
    expect(await read(await rs256({ role: 'auditor' }, { iss: 'https://evil.test' }))).toBe(401);
    expect(await read(await rs256({ role: 'auditor' }, { aud: 'other' }))).toBe(401);
    const hs = await new SignJWT({ role: 'auditor' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(ISSUER).setAudience(AUDIENCE).sign(new TextEncoder().encode('dev-only-learning-account-secret-change-me'));
    expect(await read(hs)).toBe(401);
  });
});
