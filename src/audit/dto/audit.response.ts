import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, AuditAction } from '../../common/audit/audit-trail';

export class AuditEventResponse {
  /** Position in the chain. @example "1042" */
  seq!: string;
  occurredAt!: Date;
  @ApiProperty({ enum: ['user', 'apiKey', 'anonymous'] })
  actorKind!: string;
  actorId!: string | null;
  actorRole!: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  action!: AuditAction;
  /** @example "client" */
  resourceType!: string;
  resourceId!: string | null;
  clientIds!: string[];
  requestId!: string | null;
  sourceAddress!: string | null;
  /** SHA-256 of the previous link and this event, hex. */
  hash!: string;
}

export class AuditVerificationResponse {
  /** True when every link checks out. */
  intact!: boolean;
  /** Events checked. */
  checked!: number;
  /** The first event whose hash or link does not check out. */
  firstBrokenSeq!: string | null;
  /** Record these two somewhere safe: a later verify proves nothing before them was changed. */
  lastSeq!: string | null;
  lastHash!: string | null;
}

export class AccessLogActor {
  @ApiProperty({ enum: ['user', 'apiKey', 'anonymous'] })
  kind!: string;
  /** admin, therapist or client. */
  role!: string | null;
  /** The staff member's name; "you" for the client's own access; null otherwise. */
  name!: string | null;
}

export class AccessLogEntryResponse {
  occurredAt!: Date;
  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  action!: AuditAction;
  /** @example "client" */
  resourceType!: string;
  actor!: AccessLogActor;
}
