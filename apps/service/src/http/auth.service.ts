// Bearer JWT verification (contract section 4): HS256 with AUTH_JWT_SECRET in development
// and tests, RS256/ES256 against a JWKS URL (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE) in
// production.
import { Inject, Injectable } from '@nestjs/common';
import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, jwtVerify } from 'jose';
import type { AppConfig } from '../../../../libs/config/src/config.js';
import { APP_CONFIG } from '../core.module.js';

export type Role = 'institution' | 'student' | 'auditor' | 'operator';
export const ROLES: readonly Role[] = ['institution', 'student', 'auditor', 'operator'];

export interface Principal {
  readonly sub: string;
  readonly role: Role;
  readonly institutionId?: string;
  readonly studentId?: string;
}

export class AuthError extends Error {}

@Injectable()
export class AuthService {
  private readonly jwks: JWTVerifyGetKey | undefined;
  private readonly secret: Uint8Array | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.jwks = config.auth.jwksUrl ? createRemoteJWKSet(new URL(config.auth.jwksUrl)) : undefined;
    this.secret = config.auth.jwtSecret ? new TextEncoder().encode(config.auth.jwtSecret) : undefined;
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new AuthError('missing bearer token');
    let claims: JWTPayload;
    try {
      const options = { issuer: this.config.auth.issuer, audience: this.config.auth.audience };
      claims = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'ES256'] })).payload
        : (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch (e) {
      throw new AuthError(`invalid token: ${(e as Error).message}`);
    }
    const role = claims.role as Role;
    if (!ROLES.includes(role)) throw new AuthError('the token has no valid role claim');
    if (typeof claims.sub !== 'string') throw new AuthError('the token has no sub claim');
    if (role === 'institution' && typeof claims.institutionId !== 'string') throw new AuthError('an institution token needs institutionId');
    if (role === 'student' && typeof claims.studentId !== 'string') throw new AuthError('a student token needs studentId');
    return {
      sub: claims.sub,
      role,
      ...(role === 'institution' ? { institutionId: claims.institutionId as string } : {}),
      ...(role === 'student' ? { studentId: claims.studentId as string } : {}),
    };
  }
}
