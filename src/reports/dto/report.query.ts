import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '../../common/time/instant';

export const REPORT_GROUPINGS = ['week', 'month'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The bounds and format every report takes: `[from, to)`, at most two years. */
export class ReportBoundsQuery {
  /** Start, inclusive: a date, from midnight in the clinic's zone. */
  @ApiProperty({ format: 'date', example: '2026-01-01', maxLength: 10, description: 'Start, inclusive: a date (from midnight in the clinic’s zone)' })
  @IsCalendarDate()
  from!: string;

  /** End, exclusive, after `from` and at most two years later. */
  @ApiProperty({ format: 'date', example: '2027-01-01', maxLength: 10, description: 'End, exclusive: a date after from, at most two years later (until midnight in the clinic’s zone)' })
  @IsCalendarDate()
  to!: string;

  /** `csv` streams text/csv (as does `Accept: text/csv`); default JSON. */
  @ApiPropertyOptional({ enum: REPORT_FORMATS, enumName: 'ReportFormat' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

/** The period every staff report covers: `[from, to)`, grouped in the clinic's zone. */
export class ReportQuery extends ReportBoundsQuery {
  /** Weeks start on Monday; weeks and months are the clinic's local calendar. */
  @ApiPropertyOptional({ enum: REPORT_GROUPINGS, enumName: 'ReportGrouping', default: 'month' })
  @IsOptional()
  @IsIn(REPORT_GROUPINGS)
  groupBy: ReportGrouping = 'month';
}

export const REPAIR_PERIODS = ['month', 'quarter', 'year'] as const;
export type RepairPeriod = (typeof REPAIR_PERIODS)[number];

/**
 * The de-identified repair report is published for whole calendar periods only: `from` and `to`
 * are the first days of a month, quarter or year (as `groupBy`) in the clinic's zone, and `to` is
 * at most the start of the period in progress. See docs/privacy.md.
 */
export class RepairReportQuery extends ReportBoundsQuery {
  @ApiPropertyOptional({ enum: REPAIR_PERIODS, enumName: 'RepairReportPeriod', default: 'month' })
  @IsOptional()
  @IsIn(REPAIR_PERIODS)
  groupBy: RepairPeriod = 'month';
}

/** Reports that can be narrowed to one therapist (a therapist always sees only themself). */
export class TherapistReportQuery extends ReportQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this therapist (admins and keys). A therapist asking for someone else gets 404.' })
  @IsOptional()
  @IsUUID()
  therapistId?: string;
}
