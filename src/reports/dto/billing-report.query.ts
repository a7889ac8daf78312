import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '../../common/time/instant';
import { REPORT_FORMATS, ReportFormat } from './report.query';

/** Receivables as they stood at the end of one local day, optionally for one therapist. */
export class ReceivablesAgingQuery {
  /** The day the balances stand at (until midnight after it in the clinic's zone); default today. */
  @ApiPropertyOptional({ format: 'date', example: '2026-03-31', maxLength: 10, description: 'Balances at the end of this day in the clinic’s zone; default today' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this therapist’s lines' })
  @IsOptional()
  @IsUUID()
  therapistId?: string;

  /** `csv` streams text/csv (as does `Accept: text/csv`); default JSON. */
  @ApiPropertyOptional({ enum: REPORT_FORMATS, enumName: 'ReportFormat' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
