import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { COUPLE_STATUSES, CoupleStatus } from '../couple.entity';

export class ListCouplesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COUPLE_STATUSES, enumName: 'CoupleStatus' })
  @IsOptional()
  @IsIn(COUPLE_STATUSES)
  status?: CoupleStatus;

  /** Couples of this therapist (admins). */
  @IsOptional()
  @IsUUID()
  therapistId?: string;

  /** Couples this client belongs to. */
  @IsOptional()
  @IsUUID()
  clientId?: string;
}
