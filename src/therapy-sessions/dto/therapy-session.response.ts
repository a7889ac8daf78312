import { ApiProperty } from '@nestjs/swagger';
import { SESSION_STATUSES, SessionStatus } from '../session-status';
import { CANCELLED_BY, CancelledBy, MODALITIES, Modality } from '../therapy-session.entity';

/** A session as its participants see it: never any clinical note. */
export class TherapySessionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  /** @example "Dr. Maya Okafor" */
  @ApiProperty({ maxLength: 200 })
  therapistName!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  coupleId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  clientId!: string | null;
  /** The clients concerned: the client, or both partners. */
  @ApiProperty({ type: [String], format: 'uuid', maxItems: 2 })
  clientIds!: string[];
  /** In the clinic's zone. */
  @ApiProperty({ format: 'date-time', example: '2026-12-01T10:00:00-05:00' })
  startsAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T11:00:00-05:00' })
  endsAt!: string;
  @ApiProperty({ enum: MODALITIES, enumName: 'Modality' })
  modality!: Modality;
  @ApiProperty({ nullable: true, type: String, example: '120 Elgin Street, Suite 4, Ottawa, ON K1P 5K7', maxLength: 300 })
  location!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null, maxLength: 500 })
  videoUrl!: string | null;
  @ApiProperty({ enum: SESSION_STATUSES, enumName: 'SessionStatus' })
  status!: SessionStatus;
  @ApiProperty({ type: [String], format: 'uuid', maxItems: 2 })
  attendedClientIds!: string[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  seriesId!: string | null;
  @ApiProperty({ nullable: true, type: Date })
  completedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date })
  cancelledAt!: Date | null;
  @ApiProperty({ enum: CANCELLED_BY, enumName: 'CancelledBy', nullable: true })
  cancelledBy!: CancelledBy | null;
  /** Staff only; null for clients. */
  @ApiProperty({ nullable: true, type: String, maxLength: 500 })
  cancellationReason!: string | null;
  /** Cancelled inside the late-cancellation window. */
  @ApiProperty({ nullable: true, type: Boolean })
  lateCancellation!: boolean | null;
  createdAt!: Date;
  updatedAt!: Date;
}

/** What a booking created: one session, or every occurrence of a series. */
export class ScheduledSessionsResponse {
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  seriesId!: string | null;
  @ApiProperty({ type: [TherapySessionResponse], maxItems: 52 })
  sessions!: TherapySessionResponse[];
}
