import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { CALL_MODALITIES, CallModality } from '../connection-call.entity';
import { INSTANT_MAX_LENGTH, IsInstant, RestorePlus } from '../../common/time/instant';

export class AvailabilityQuery {
  /** Start of the range (ISO 8601 with offset). */
  @ApiProperty({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-12-01T00:00:00-05:00' })
  @RestorePlus()
  @IsInstant()
  from!: string;

  /** End of the range, after `from`, at most 31 days later and within the booking horizon. */
  @ApiProperty({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-12-08T00:00:00-05:00' })
  @RestorePlus()
  @IsInstant()
  to!: string;

  @ApiProperty({ enum: CALL_MODALITIES, enumName: 'CallModality', example: 'video' })
  @IsIn(CALL_MODALITIES)
  modality!: CallModality;

  /** Only this therapist's slots. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  therapistId?: string;
}
