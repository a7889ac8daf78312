import { ApiProperty } from '@nestjs/swagger';
import { CALL_MODALITIES, CALL_STATUSES, CallModality, CallStatus } from '../connection-call.entity';

export class SlotResponse {
  /** @example "2026-12-01T09:00:00-05:00" */
  @ApiProperty({ type: String, format: 'date-time' })
  startsAt!: string;
  /** @example "2026-12-01T09:20:00-05:00" */
  @ApiProperty({ type: String, format: 'date-time' })
  endsAt!: string;
  /** Therapists free at this time (who, never why others are not). */
  @ApiProperty({ type: [String], format: 'uuid' })
  therapistIds!: string[];
}

export class AvailabilityResponse {
  /** @example "America/Toronto" */
  @ApiProperty({ maxLength: 64 })
  timeZone!: string;
  /** @example 20 */
  callMinutes!: number;
  @ApiProperty({ type: [SlotResponse] })
  slots!: SlotResponse[];
}

export class CallTherapistResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** @example "Dana Morel" */
  @ApiProperty({ maxLength: 200 })
  displayName!: string;
}

/** When and how a call happens, and where it stands: common to every view of a call. */
export class CallScheduleResponse {
  /** @example "2026-12-01T09:00:00-05:00" */
  @ApiProperty({ type: String, format: 'date-time' })
  startsAt!: string;
  /** @example "2026-12-01T09:20:00-05:00" */
  @ApiProperty({ type: String, format: 'date-time' })
  endsAt!: string;
  @ApiProperty({ enum: CALL_MODALITIES, example: 'video' })
  modality!: CallModality;
  @ApiProperty({ enum: CALL_STATUSES, example: 'booked' })
  status!: CallStatus;
}

/** The answer to a booking: shown once, with the secret manage link. */
export class BookedConnectionCallResponse extends CallScheduleResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  therapist!: CallTherapistResponse;
  /** The person's link to view, cancel or reschedule; shown only here and in the confirmation email. @example "https://clinic.example/api/v1/connection-calls/manage/mt_3q2-7wEVr9bX1kqf0uS5yZ8mJd4TnHcLgA6pWeRiYoM" */
  @ApiProperty({ maxLength: 2048, format: 'uri' })
  manageUrl!: string;
}

/** What the holder of a manage link sees: no internal ids. */
export class ManagedConnectionCallResponse extends CallScheduleResponse {
  /** @example "Dana Morel" */
  @ApiProperty({ maxLength: 200 })
  therapistDisplayName!: string;
}

/** The staff view of a call. */
export class ConnectionCallResponse extends CallScheduleResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  /** @example "Sam Rivera" */
  @ApiProperty({ maxLength: 200 })
  name!: string;
  /** @example "sam.rivera@example.com" */
  @ApiProperty({ maxLength: 254, format: 'email' })
  email!: string;
  /** @example "+14165550123" */
  @ApiProperty({ type: String, nullable: true, maxLength: 16, pattern: '^\\+[1-9]\\d{6,14}$' })
  phone!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 500 })
  message!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 2000 })
  staffNotes!: string | null;
  /** The client record made from this call. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  clientId!: string | null;
  cancelledAt!: Date | null;
  createdAt!: Date;
}
