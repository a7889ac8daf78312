import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsUUID } from 'class-validator';
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
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  /** Exclusive. @example "2026-12-01T00:00:00-05:00" */
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}
