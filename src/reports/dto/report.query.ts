import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '../../common/time/instant';

export const REPORT_GROUPINGS = ['week', 'month'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The period every report covers: `[from, to)`, at most two years, grouped in the clinic's zone. */
export class ReportQuery {
  /** Start, inclusive: a date, from midnight in the clinic's zone. */
  @ApiProperty({ format: 'date', example: '2026-01-01', maxLength: 10, description: 'Start, inclusive: a date (from midnight in the clinic’s zone)' })
  @IsCalendarDate()
  from!: string;

  /** End, exclusive, after `from` and at most two years later. */
  @ApiProperty({ format: 'date', example: '2027-01-01', maxLength: 10, description: 'End, exclusive: a date after from, at most two years later (until midnight in the clinic’s zone)' })
  @IsCalendarDate()
  to!: string;

  /** Weeks start on Monday; weeks and months are the clinic's local calendar. */
  @ApiPropertyOptional({ enum: REPORT_GROUPINGS, enumName: 'ReportGrouping', default: 'month' })
  @IsOptional()
  @IsIn(REPORT_GROUPINGS)
  groupBy: ReportGrouping = 'month';

  /** `csv` streams text/csv (as does `Accept: text/csv`); default JSON. */
  @ApiPropertyOptional({ enum: REPORT_FORMATS, enumName: 'ReportFormat' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

/** Reports that can be narrowed to one therapist (a therapist always sees only themself). */
export class TherapistReportQuery extends ReportQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this therapist (admins and keys). A therapist asking for someone else gets 404.' })
  @IsOptional()
  @IsUUID()
  therapistId?: string;
}
