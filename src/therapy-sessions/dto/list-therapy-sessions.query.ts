import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { SESSION_STATUSES, SessionStatus } from '../session-status';
import { INSTANT_MAX_LENGTH, IsAfterInstantIn, IsInstant, RestorePlus } from '../../common/time/instant';

export class ListTherapySessionsQuery extends PageQuery {
  /** Sessions of this therapist (admins). */
  @IsOptional()
  @IsUUID()
  therapistId?: string;

  @IsOptional()
  @IsUUID()
  coupleId?: string;

  /** Sessions this client takes part in: their individual ones and their couple's. */
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ enum: SESSION_STATUSES, enumName: 'SessionStatus' })
  @IsOptional()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  /** Sessions that end after this instant. */
  @ApiPropertyOptional({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-12-01T00:00:00-05:00' })
  @IsOptional()
  @RestorePlus()
  @IsInstant()
  from?: string;

  /** Sessions that start before this instant. */
  @ApiPropertyOptional({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2027-01-01T00:00:00-05:00' })
  @IsOptional()
  @RestorePlus()
  @IsInstant()
  @IsAfterInstantIn('from')
  to?: string;
}
