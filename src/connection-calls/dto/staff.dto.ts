import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { CALL_STATUSES, CallStatus } from '../connection-call.entity';
import { INSTANT_MAX_LENGTH, IsAfterInstantIn, IsCalendarDate, IsInstant, RestorePlus } from '../../common/time/instant';

export class ListConnectionCallsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CALL_STATUSES, enumName: 'ConnectionCallStatus' })
  @IsOptional()
  @IsIn(CALL_STATUSES)
  status?: CallStatus;

  /** Calls starting at or after this instant. */
  @ApiPropertyOptional({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-12-01T00:00:00-05:00' })
  @IsOptional()
  @RestorePlus()
  @IsInstant()
  from?: string;

  /** Calls starting before this instant; after `from` when both are given. */
  @ApiPropertyOptional({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2027-01-01T00:00:00-05:00' })
  @IsOptional()
  @RestorePlus()
  @IsInstant()
  @IsAfterInstantIn('from')
  to?: string;
}

export const OUTCOMES = ['completed', 'no_show'] as const;

export class UpdateConnectionCallDto {
  /** How the call went; only once it has started. */
  @ApiPropertyOptional({ enum: OUTCOMES, enumName: 'ConnectionCallOutcome' })
  @IsOptional()
  @IsIn(OUTCOMES)
  status?: (typeof OUTCOMES)[number];

  /** Staff-only notes. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  staffNotes?: string;
}

export class ConvertConnectionCallDto {
  /** Required by the client record. @example "1988-04-02" */
  @ApiProperty({ format: 'date', example: '1988-04-02' })
  @IsCalendarDate({ notAfterToday: true })
  dateOfBirth!: string;
}
