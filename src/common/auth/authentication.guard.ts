import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden, Problem, ServiceUnavailable, Unauthorized } from '../problem/problem';
import { Credentials } from './credentials';
import { PUBLIC_KEY, ROLES_KEY, SCOPES_KEY } from './decorators';
import { Actor, Role, Scope } from './roles';

type Request = { headers: Record<string, string | string[] | undefined>; user?: Actor; id?: string; ip?: string };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

interface RouteRules {
  isPublic: boolean;
  roles: readonly Role[];
  scopes: readonly Scope[];
}

/**
 * The one global guard. Every route is closed unless it says otherwise: `@Public()` opens it,
 * `@Roles()` admits people with those roles, `@Scopes()` admits keys with those scopes.
 * No credentials or bad ones → 401; credentials whose role or scope the route does not admit → 403;
 * a credential the database could not look up → 503.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: Credentials,
  ) {}

  /** Each route's rules, read from its decorators once: they do not change while the app runs. */
  private readonly rulesByRoute = new WeakMap<object, WeakMap<object, RouteRules>>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, roles, scopes } = this.rulesOf(context.getClass(), context.getHandler());
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.headers['x-api-key'];
    const authorization = String(request.headers.authorization ?? '');

    // A key identifies an integration, also on a public route (bookings); there a bearer is ignored,
    // so a stale token never turns a public call away.
    let caller: Actor;
    if (typeof key === 'string') caller = await this.identify(() => this.credentials.ofApiKey(key));
    else if (isPublic) return true;
    else if (/^Bearer\s/i.test(authorization)) caller = await this.identify(() => this.credentials.ofAccessToken(BEARER.exec(authorization)?.[1] ?? ''));
    else throw new Unauthorized();

    const actor: Actor = { ...caller, requestId: request.id, sourceAddress: request.ip };
    request.user = actor;
    if (isPublic) return true;
    if (actor.kind === 'user' && roles.includes(actor.role)) return true;
    if (actor.kind === 'apiKey' && actor.scopes.some((s) => scopes.includes(s))) return true;
    throw new Forbidden();
  }

  private rulesOf(controller: ReturnType<ExecutionContext['getClass']>, handler: ReturnType<ExecutionContext['getHandler']>): RouteRules {
    let ofController = this.rulesByRoute.get(controller);
    if (!ofController) this.rulesByRoute.set(controller, (ofController = new WeakMap()));
    let rules = ofController.get(handler);
    if (!rules) {
      const targets = [handler, controller];
      rules = {
        isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false,
        roles: this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [],
        scopes: this.reflector.getAllAndOverride<Scope[]>(SCOPES_KEY, targets) ?? [],
      };
      ofController.set(handler, rules);
    }
    return rules;
  }

  /** The credential's caller; 401 when it names nobody, 503 when the lookup did not answer. */
  private async identify(lookup: () => Promise<Actor | undefined>): Promise<Actor> {
    let caller: Actor | undefined;
    try {
      caller = await lookup();
    } catch (error) {
      throw error instanceof Problem ? error : new ServiceUnavailable();
    }
    if (!caller) throw new Unauthorized();
    return caller;
  }
}
