import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { ApiProblems } from '../http/api-responses';
import { Actor, Role, Scope } from './roles';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const SCOPES_KEY = 'auth:scopes';

/**
 * Anyone may call this route; an X-API-Key, if sent, is still checked and identifies the caller.
 * (`public` renders as the empty security requirement `{}` in the OpenAPI document.)
 */
export const Public = () =>
  applyDecorators(
    SetMetadata(PUBLIC_KEY, true),
    ApiSecurity('public', []),
    ApiProblems({ 401: 'An X-API-Key was sent and is unknown or revoked (the route needs none)' }),
  );

/** People with one of these roles may call this route; everyone else signed in gets 403. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth('bearer'),
    ApiExtension('x-roles', roles),
    ApiProblems(401, 403),
  );

/** Integration keys holding one of these scopes may call this route. */
export const Scopes = (...scopes: Scope[]) =>
  applyDecorators(
    SetMetadata(SCOPES_KEY, scopes),
    ApiSecurity('apiKey'),
    ApiExtension('x-scopes', scopes),
    ApiProblems(401, 403),
  );

/** The authenticated caller (undefined on a public route called anonymously). */
export const CurrentActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor | undefined => context.switchToHttp().getRequest<{ user?: Actor }>().user,
);
