import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsAfterInstantIn, IsInstant, RestorePlus } from '../../common/time/instant';
import { PageQuery } from '../../common/pagination/pagination';
import { AUDIT_ACTIONS, AuditAction } from '../../common/audit/audit-trail';

export class ListAuditEventsQuery extends PageQuery {
  /** Events concerning this client. */
  @IsOptional()
  @IsUUID()
  clientId?: string;

  /** Events by this user or key. */
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  /** @example "2026-11-01T00:00:00-04:00" */
  @ApiPropertyOptional({ format: 'date-time', maxLength: 40, example: '2026-11-01T00:00:00-04:00' })
  @IsOptional()
  @RestorePlus()
  @IsInstant()
  from?: string;

  /** Exclusive. @example "2026-12-01T00:00:00-05:00" */
  @ApiPropertyOptional({ format: 'date-time', maxLength: 40, description: 'Exclusive; after `from` when both are given', example: '2026-12-01T00:00:00-05:00' })
  @IsOptional()
  @RestorePlus()
  @IsInstant()
  @IsAfterInstantIn('from')
  to?: string;
}
