import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, AuditAction } from '../../common/audit/audit-trail';

export class AuditEventResponse {
  /** Position in the chain. @example "1042" */
  @ApiProperty({ maxLength: 20, pattern: '^[0-9]+$' })
  seq!: string;
  occurredAt!: Date;
  @ApiProperty({ enum: ['user', 'apiKey', 'anonymous'] })
  actorKind!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 16 })
  actorRole!: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  action!: AuditAction;
  /** @example "client" */
  @ApiProperty({ maxLength: 40 })
  resourceType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  resourceId!: string | null;
  /** Whose information it was: one client, both partners, or every client a read or export touched. */
  @ApiProperty({ type: [String], format: 'uuid' })
  clientIds!: string[];
  @ApiProperty({ type: String, nullable: true, maxLength: 128 })
  requestId!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 45 })
  sourceAddress!: string | null;
  /** SHA-256 of the previous link and this event, hex. */
  @ApiProperty({ maxLength: 64, pattern: '^[0-9a-f]{64}$' })
  hash!: string;
}

export class AuditVerificationResponse {
  /** True when every sealed event and every seal checks out. */
  intact!: boolean;
  /** Sealed events checked. */
  checked!: number;
  /** The first event whose hash does not check out, or the first event of the first seal that does not. */
  @ApiProperty({ type: String, nullable: true, maxLength: 20, pattern: '^[0-9]+$' })
  firstBrokenSeq!: string | null;
  /** The last sealed event and the last seal's hash. Record these two somewhere safe: a later verify proves nothing up to them was changed. */
  @ApiProperty({ type: String, nullable: true, maxLength: 20, pattern: '^[0-9]+$' })
  lastSeq!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 64, pattern: '^[0-9a-f]{64}$' })
  lastHash!: string | null;
  /** Events recorded but not yet sealed (the sealer runs every AUDIT_SEAL_INTERVAL_MS). */
  @ApiProperty({ type: Number, minimum: 0 })
  unsealed!: number;
  /** How long the oldest unsealed event has waited, in seconds; 0 when every event is sealed. */
  @ApiProperty({ type: Number, minimum: 0 })
  sealingLagSeconds!: number;
}

export class AccessLogActor {
  @ApiProperty({ enum: ['user', 'apiKey', 'anonymous'] })
  kind!: string;
  /** admin, therapist or client. */
  @ApiProperty({ type: String, nullable: true, maxLength: 16 })
  role!: string | null;
  /** The staff member's name; "you" for the client's own access; null otherwise. */
  @ApiProperty({ type: String, nullable: true, maxLength: 200 })
  name!: string | null;
}

export class AccessLogEntryResponse {
  occurredAt!: Date;
  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  action!: AuditAction;
  /** @example "client" */
  @ApiProperty({ maxLength: 40 })
  resourceType!: string;
  actor!: AccessLogActor;
}
