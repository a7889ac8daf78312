import { ApiProperty } from '@nestjs/swagger';
import { CALL_MODALITIES, CALL_STATUSES, CallModality, CallStatus } from '../connection-call.entity';

export class SlotResponse {
  /** @example "2026-12-01T09:00:00-05:00" */
  startsAt!: string;
  /** @example "2026-12-01T09:20:00-05:00" */
  endsAt!: string;
  /** Therapists free at this time (who, never why others are not). */
  therapistIds!: string[];
}

export class AvailabilityResponse {
  /** @example "America/Toronto" */
  timeZone!: string;
  /** @example 20 */
  callMinutes!: number;
  @ApiProperty({ type: [SlotResponse] })
  slots!: SlotResponse[];
}

export class CallTherapistResponse {
  id!: string;
  /** @example "Dana Morel" */
  displayName!: string;
}

/** The answer to a booking: shown once, with the secret manage link. */
export class BookedConnectionCallResponse {
  id!: string;
  /** @example "2026-12-01T09:00:00-05:00" */
  startsAt!: string;
  /** @example "2026-12-01T09:20:00-05:00" */
  endsAt!: string;
  @ApiProperty({ enum: CALL_MODALITIES, example: 'video' })
  modality!: CallModality;
  @ApiProperty({ enum: CALL_STATUSES, example: 'booked' })
  status!: CallStatus;
  therapist!: CallTherapistResponse;
  /** The person's link to view, cancel or reschedule; shown only here and in the confirmation email. @example "https://clinic.example/api/v1/connection-calls/manage/mt_…" */
  manageUrl!: string;
}

/** What the holder of a manage link sees: no internal ids. */
export class ManagedConnectionCallResponse {
  /** @example "2026-12-01T09:00:00-05:00" */
  startsAt!: string;
  /** @example "2026-12-01T09:20:00-05:00" */
  endsAt!: string;
  @ApiProperty({ enum: CALL_MODALITIES, example: 'video' })
  modality!: CallModality;
  @ApiProperty({ enum: CALL_STATUSES, example: 'booked' })
  status!: CallStatus;
  /** @example "Dana Morel" */
  therapistDisplayName!: string;
}

/** The staff view of a call. */
export class ConnectionCallResponse {
  id!: string;
  therapistId!: string;
  /** @example "2026-12-01T09:00:00-05:00" */
  startsAt!: string;
  /** @example "2026-12-01T09:20:00-05:00" */
  endsAt!: string;
  @ApiProperty({ enum: CALL_MODALITIES, example: 'video' })
  modality!: CallModality;
  @ApiProperty({ enum: CALL_STATUSES, example: 'booked' })
  status!: CallStatus;
  /** @example "Sam Rivera" */
  name!: string;
  /** @example "sam.rivera@example.com" */
  email!: string;
  /** @example "+14165550123" */
  phone!: string | null;
  message!: string | null;
  staffNotes!: string | null;
  /** The client record made from this call. */
  clientId!: string | null;
  cancelledAt!: Date | null;
  createdAt!: Date;
}
