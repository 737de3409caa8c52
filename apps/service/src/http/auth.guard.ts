// Every /v1 route needs a valid bearer token; the verified principal rides on the request.
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { reject } from '../../../../libs/application/src/problems.js';
import { AuthError, AuthService, type Principal } from './auth.service.js';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    try {
      req.principal = await this.auth.verify(req.headers.authorization as string | undefined);
      return true;
    } catch (e) {
      if (e instanceof AuthError) throw reject(401, e.message, { slug: 'unauthorized' });
      throw e;
    }
  }
}
