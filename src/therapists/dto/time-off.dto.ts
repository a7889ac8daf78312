import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/validation/validators';
import { IsIsoInstant } from '../../connection-calls/dto/iso-instant';

export class CreateTimeOffDto {
  @ApiProperty({ example: '2026-12-24T00:00:00-05:00' })
  @IsIsoInstant()
  startsAt!: string;

  /** After startsAt, at most a year later. */
  @ApiProperty({ example: '2027-01-02T00:00:00-05:00' })
  @IsIsoInstant()
  endsAt!: string;

  /** Staff-facing; never shown publicly. @example "Holidays" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class TimeOffResponse {
  id!: string;
  therapistId!: string;
  /** @example "2026-12-24T00:00:00-05:00" */
  startsAt!: string;
  /** @example "2027-01-02T00:00:00-05:00" */
  endsAt!: string;
  /** @example "Holidays" */
  reason!: string | null;
  createdAt!: Date;
}
