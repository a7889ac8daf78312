import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Actor, Role, Scope } from './roles';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const SCOPES_KEY = 'auth:scopes';

const problem = { $ref: '#/components/schemas/ProblemDetails' };

/** Anyone may call this route; an X-API-Key, if sent, is still checked and identifies the caller. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiSecurity('public', []));

/** People with one of these roles may call this route; everyone else signed in gets 403. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'No valid access token or API key', schema: problem }),
    ApiForbiddenResponse({ description: 'The caller may never use this operation', schema: problem }),
  );

/** Integration keys holding one of these scopes may call this route. */
export const Scopes = (...scopes: Scope[]) =>
  applyDecorators(
    SetMetadata(SCOPES_KEY, scopes),
    ApiSecurity('apiKey'),
    ApiUnauthorizedResponse({ description: 'No valid access token or API key', schema: problem }),
    ApiForbiddenResponse({ description: 'The caller may never use this operation', schema: problem }),
  );

/** The authenticated caller (undefined on a public route called anonymously). */
export const CurrentActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor | undefined => context.switchToHttp().getRequest<{ user?: Actor }>().user,
);
