import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Forbidden, Problem, ServiceUnavailable, Unauthorized } from '../problem/problem';
import { PUBLIC_KEY, ROLES_KEY, SCOPES_KEY } from './decorators';
import { Actor, Role, Scope } from './roles';

type Request = { headers: Record<string, string | string[] | undefined>; user?: Actor; id?: string; ip?: string };

/**
 * The one global guard. Every route is closed unless it says otherwise: `@Public()` opens it,
 * `@Roles()` admits people with those roles, `@Scopes()` admits keys with those scopes.
 * No credentials → 401; credentials whose role or scope the route does not admit → 403.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly jwt = new (AuthGuard('jwt'))();
  private readonly apiKey = new (AuthGuard('api-key'))();

  constructor(private readonly reflector: Reflector) {
    for (const guard of [this.jwt, this.apiKey]) {
      guard.handleRequest = <T>(error: unknown, actor: T): T => {
        // Strategies report a bad credential as no actor and a failed lookup as an error: a lookup
        // that did not answer says nothing about the credentials, so it is 503, never 401.
        if (error) throw error instanceof Problem ? error : new ServiceUnavailable();
        if (!actor) throw new Unauthorized();
        return actor;
      };
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    const scopes = this.reflector.getAllAndOverride<Scope[]>(SCOPES_KEY, targets) ?? [];
    const request = context.switchToHttp().getRequest<Request>();
    const hasKey = typeof request.headers['x-api-key'] === 'string';
    const hasBearer = /^Bearer\s/i.test(String(request.headers.authorization ?? ''));

    if (isPublic) {
      // A key on a public route identifies an integration (bookings); a stale bearer is ignored.
      if (hasKey) await this.apiKey.canActivate(context);
      if (request.user) request.user = { ...request.user, requestId: request.id, sourceAddress: request.ip };
      return true;
    }
    if (hasKey) await this.apiKey.canActivate(context);
    else if (hasBearer) await this.jwt.canActivate(context);
    else throw new Unauthorized();

    const actor: Actor = { ...(request.user as Actor), requestId: request.id, sourceAddress: request.ip };
    request.user = actor;
    if (actor.kind === 'user' && roles.includes(actor.role)) return true;
    if (actor.kind === 'apiKey' && actor.scopes.some((s) => scopes.includes(s))) return true;
    throw new Forbidden();
  }
}
