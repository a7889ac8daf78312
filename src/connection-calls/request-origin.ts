import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuditedCaller } from '../common/audit/audit-trail';
import { Actor, RequestOrigin } from '../common/auth/roles';

/** Request id and source address, for callers without credentials (audit, per-address limits). */
export const Origin = createParamDecorator((_: unknown, context: ExecutionContext): RequestOrigin => {
  const request = context.switchToHttp().getRequest<{ id?: string; ip?: string }>();
  return { requestId: request.id, sourceAddress: request.ip };
});

/**
 * Who the audit trail names: the key or person when there is one, otherwise an anonymous caller
 * with the request's origin (AuditTrail writes `anonymous` and no id for it).
 */
export function auditedCaller(actor: Actor | undefined, origin: RequestOrigin): AuditedCaller {
  return actor ?? origin;
}
