import { ApiProperty } from '@nestjs/swagger';
import { AvailabilityWindowDto } from './availability.dto';

export class WeeklyAvailabilityResponse {
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  /** @example "America/Toronto" */
  @ApiProperty({ maxLength: 64 })
  timeZone!: string;
  @ApiProperty({ type: [AvailabilityWindowDto], maxItems: 50 })
  windows!: AvailabilityWindowDto[];
}

/** What the public sees of a bookable therapist: no personal health information. */
export class PublicTherapistResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** @example "Dana Morel" */
  @ApiProperty({ maxLength: 200 })
  displayName!: string;
  /** @example "RP" */
  @ApiProperty({ maxLength: 100 })
  credentials!: string;
  /** @example ["en", "fr"] */
  @ApiProperty({ type: [String], maxItems: 10, maxLength: 3, pattern: '^[a-z]{2,3}$' })
  languages!: string[];
  @ApiProperty({ maxLength: 2000 })
  bio!: string;
}
