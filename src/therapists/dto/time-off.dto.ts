import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/validation/validators';
import { INSTANT_MAX_LENGTH, IsInstant } from '../../common/time/instant';

export class CreateTimeOffDto {
  @ApiProperty({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-12-24T00:00:00-05:00' })
  @IsInstant()
  startsAt!: string;

  /** After startsAt, at most a year later. */
  @ApiProperty({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2027-01-02T00:00:00-05:00' })
  @IsInstant()
  endsAt!: string;

  /** Staff-facing; never shown publicly. @example "Holidays" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class TimeOffResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  /** @example "2026-12-24T00:00:00-05:00" */
  @ApiProperty({ type: String, format: 'date-time' })
  startsAt!: string;
  /** @example "2027-01-02T00:00:00-05:00" */
  @ApiProperty({ type: String, format: 'date-time' })
  endsAt!: string;
  /** @example "Holidays" */
  @ApiProperty({ type: String, nullable: true, maxLength: 200 })
  reason!: string | null;
  createdAt!: Date;
}
