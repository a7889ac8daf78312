import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SESSION_EVENTS, SessionEvent } from '../../therapy-sessions/session-status';

export class FieldErrorDetails {
  /** @example "email" */
  @ApiProperty({ maxLength: 200 })
  field!: string;
  /** @example "email must be an email" */
  @ApiProperty({ maxLength: 1000 })
  message!: string;
}

/** A time that is already taken, in a `therapist-busy` conflict: RFC 3339 in the clinic's offset, to the second. */
export class BusyConflictDetails {
  @ApiProperty({ format: 'date-time', maxLength: 25, example: '2026-12-01T10:00:00-05:00' })
  requestedStartsAt!: string;
  @ApiProperty({ format: 'date-time', maxLength: 25, example: '2026-12-01T11:00:00-05:00' })
  requestedEndsAt!: string;
  @ApiProperty({ format: 'date-time', maxLength: 25, example: '2026-12-01T10:30:00-05:00' })
  busyFrom!: string;
  @ApiProperty({ format: 'date-time', maxLength: 25, example: '2026-12-01T11:30:00-05:00' })
  busyUntil!: string;
}

/** RFC 9457 problem details: the body of every error, with the extension members some problems add. */
export class ProblemDetails {
  @ApiProperty({ example: '/problems/validation', maxLength: 200 })
  type!: string;
  @ApiProperty({ example: 'Invalid request', maxLength: 200 })
  title!: string;
  @ApiProperty({ example: 400, minimum: 400, maximum: 599 })
  status!: number;
  @ApiProperty({ example: 'The request has 1 invalid field: email.', maxLength: 2000 })
  detail!: string;
  @ApiPropertyOptional({ example: 'urn:request:0b7c9c1e-3c53-4f4e-9b0b-2f1b0a8c9d11', maxLength: 200 })
  instance?: string;
  /** `validation`: each invalid field. */
  @ApiPropertyOptional({ type: [FieldErrorDetails], maxItems: 100 })
  errors?: FieldErrorDetails[];
  /** `rate-limited`: seconds to wait, as in the Retry-After header. */
  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: 86400, example: 42 })
  retryAfter?: number;
  /** `therapist-busy`: the times that are taken (a series lists each occurrence that collides). */
  @ApiPropertyOptional({ type: [BusyConflictDetails], maxItems: 52 })
  conflicts?: BusyConflictDetails[];
  /** `session-not-started`: the session's status. @example "scheduled" */
  @ApiPropertyOptional({ maxLength: 20 })
  sessionStatus?: string;
  /** `invalid-session-transition`: what the session's status still allows. */
  @ApiPropertyOptional({ enum: SESSION_EVENTS, enumName: 'SessionEvent', isArray: true, maxItems: SESSION_EVENTS.length, example: ['cancel', 'reschedule'] })
  allowed?: SessionEvent[];
  /** `clinical-note-exists`, `clinical-note-version-stale`: the note's current version. */
  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: 2147483647, example: 2 })
  currentVersion?: number;
  /** `joint-consent-missing`: the partners (client ids) whose consent is missing. */
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 2 })
  missingConsentFrom?: string[];
  /** Billing (`session-not-billable`, `session-already-billed`, `no-service-type`, `no-price-in-force`): the session that cannot be billed. */
  @ApiPropertyOptional({ format: 'uuid' })
  sessionId?: string;
  /** `retention-period`: the first day the record may be purged. */
  @ApiPropertyOptional({ format: 'date', maxLength: 10, example: '2036-11-20' })
  purgeableFrom?: string;
  /** `therapist-registration-missing`: the therapists (user ids) on the receipt without a CRPO registration number. */
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 100 })
  therapistIds?: string[];
}
