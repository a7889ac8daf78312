import { ApiProperty } from '@nestjs/swagger';
import { AvailabilityWindowDto } from './availability.dto';

export class WeeklyAvailabilityResponse {
  therapistId!: string;
  /** @example "America/Toronto" */
  timeZone!: string;
  @ApiProperty({ type: [AvailabilityWindowDto] })
  windows!: AvailabilityWindowDto[];
}

/** What the public sees of a bookable therapist: no personal health information. */
export class PublicTherapistResponse {
  id!: string;
  /** @example "Dana Morel" */
  displayName!: string;
  /** @example "RP" */
  credentials!: string;
  /** @example ["en", "fr"] */
  languages!: string[];
  bio!: string;
}
