import { AccessLogRow, AuditEventRow } from './audit-events.queries';
import { AccessLogEntryResponse, AuditEventResponse } from './dto/audit.response';

export const toAuditEventResponse = (r: AuditEventRow): AuditEventResponse => ({
  seq: r.seq,
  occurredAt: r.occurred_at,
  actorKind: r.actor_kind,
  actorId: r.actor_id,
  actorRole: r.actor_role,
  action: r.action,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  clientIds: r.client_ids,
  requestId: r.request_id,
  sourceAddress: r.source_address,
  hash: r.hash,
});

export const toAccessLogEntry = (r: AccessLogRow): AccessLogEntryResponse => ({
  occurredAt: r.occurred_at,
  action: r.action,
  resourceType: r.resource_type,
  actor: { kind: r.actor_kind, role: r.actor_role, name: r.actor_name },
});
