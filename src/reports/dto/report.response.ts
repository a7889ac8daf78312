import { ApiProperty } from '@nestjs/swagger';
import { INSTRUMENT_CODES, InstrumentCode } from '../../outcomes/instruments';
import { SESSION_BANDS, SessionBand } from '../outcome-report.queries';
import { MAX_THEME_LENGTH } from '../../ruptures/rupture-themes';
import { RUPTURE_KINDS } from '../../ruptures/rupture.entity';
import { REPAIR_PERIODS, REPORT_GROUPINGS, RepairPeriod, ReportGrouping } from './report.query';

const REPORT_PERIOD_UNITS = [...REPORT_GROUPINGS, ...REPAIR_PERIODS.filter((u) => u !== 'month')];

/** What every report answers besides its rows. */
export class ReportEnvelope {
  /** The start asked for, in the clinic's zone. @example "2026-01-01T00:00:00.000-05:00" */
  @ApiProperty({ format: 'date-time', maxLength: 29 })
  from!: string;
  /** The end asked for (exclusive), in the clinic's zone. @example "2027-01-01T00:00:00.000-05:00" */
  @ApiProperty({ format: 'date-time', maxLength: 29 })
  to!: string;
  @ApiProperty({ enum: REPORT_PERIOD_UNITS, enumName: 'ReportPeriodUnit', example: 'month' })
  groupBy!: ReportGrouping | RepairPeriod;
  /** The zone periods are cut in. @example "America/Toronto" */
  @ApiProperty({ maxLength: 64 })
  timeZone!: string;
}

export class SessionReportRow {
  /** First local day of the period (a Monday for weeks). @example "2026-03-01" */
  @ApiProperty({ format: 'date', maxLength: 10 })
  period!: string;
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  /** @example "Dr. Maya Singh" */
  @ApiProperty({ maxLength: 200 })
  therapistName!: string;
  /** Sessions starting in the period, whatever their status. @example 42 */
  sessions!: number;
  /** Still scheduled. @example 6 */
  scheduled!: number;
  /** @example 30 */
  completed!: number;
  /** All cancellations (late + on time). @example 4 */
  cancelled!: number;
  /** Cancelled inside the late-cancellation window. @example 1 */
  lateCancelled!: number;
  /** @example 3 */
  onTimeCancelled!: number;
  /** @example 2 */
  noShow!: number;
  /** Hours of sessions that were not cancelled (scheduled, completed, no-show). @example 31.67 */
  bookedHours!: number;
  /** Hours of the weekly availability windows that fall in the period (and in [from, to)). @example 40 */
  availableHours!: number;
  /** bookedHours ÷ availableHours; null without availability. @example 0.7917 */
  @ApiProperty({ type: Number, nullable: true, example: 0.7917 })
  utilisation!: number | null;
}

export class SessionReportResponse extends ReportEnvelope {
  @ApiProperty({ type: [SessionReportRow] })
  rows!: SessionReportRow[];
}

export class ConnectionCallReportRow {
  /** First local day of the period (a Monday for weeks), by the call's start. @example "2026-03-01" */
  @ApiProperty({ format: 'date', maxLength: 10 })
  period!: string;
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  /** @example "Dr. Maya Singh" */
  @ApiProperty({ maxLength: 200 })
  therapistName!: string;
  /** Calls booked to start in the period, whatever became of them. @example 25 */
  bookings!: number;
  /** @example 10 */
  phone!: number;
  /** @example 12 */
  video!: number;
  /** @example 3 */
  inPerson!: number;
  /** Booked and not yet held. @example 2 */
  upcoming!: number;
  /** @example 3 */
  cancelled!: number;
  /** @example 2 */
  noShow!: number;
  /** @example 18 */
  completed!: number;
  /** Calls whose caller became a client at most 60 days after the call. @example 6 */
  convertedWithin60Days!: number;
  /** convertedWithin60Days ÷ calls not cancelled; null when all were cancelled. @example 0.2727 */
  @ApiProperty({ type: Number, nullable: true, example: 0.2727 })
  conversionRate!: number | null;
  /** Median hours from booking to the call's start. @example 52.5 */
  @ApiProperty({ type: Number, nullable: true, example: 52.5 })
  medianLeadTimeHours!: number | null;
}

export class ConnectionCallReportResponse extends ReportEnvelope {
  @ApiProperty({ type: [ConnectionCallReportRow] })
  rows!: ConnectionCallReportRow[];
}

export class CountedTheme {
  /** @example "money" */
  @ApiProperty({ maxLength: MAX_THEME_LENGTH })
  theme!: string;
  /** Recurrences carrying this theme in the period. @example 41 */
  count!: number;
}

export class CountedKind {
  @ApiProperty({ enum: RUPTURE_KINDS, enumName: 'RuptureKind', example: 'dismissive_tone' })
  kind!: string;
  /** @example 57 */
  count!: number;
}

/** Clinic-wide and de-identified: no names or ids; a period covering fewer than 5 couples is suppressed. */
export class RepairReportRow {
  /** First local day of the period (a Monday for weeks), by when the rupture occurred. @example "2026-03-01" */
  @ApiProperty({ format: 'date', maxLength: 10 })
  period!: string;
  /** True when fewer than 5 couples are behind the period: every figure is then null and the lists empty. */
  suppressed!: boolean;
  /** Distinct couples with a rupture in the period. @example 120 */
  @ApiProperty({ type: Number, nullable: true, example: 120 })
  couples!: number | null;
  /** @example 830 */
  @ApiProperty({ type: Number, nullable: true, example: 830 })
  ruptures!: number | null;
  /** Of them, repaired (completion confirmed by both partners). @example 415 */
  @ApiProperty({ type: Number, nullable: true, example: 415 })
  completed!: number | null;
  /** completed ÷ ruptures. @example 0.5 */
  @ApiProperty({ type: Number, nullable: true, example: 0.5 })
  repairRate!: number | null;
  /** Median hours from the rupture to its recognition (recognised ones). @example 20.5 */
  @ApiProperty({ type: Number, nullable: true, example: 20.5 })
  medianHoursToRecognition!: number | null;
  /** Median hours from the rupture to completion (completed ones). @example 130.25 */
  @ApiProperty({ type: Number, nullable: true, example: 130.25 })
  medianHoursToCompletion!: number | null;
  /** Repair attempts per completed repair. @example 1.5 */
  @ApiProperty({ type: Number, nullable: true, example: 1.5 })
  attemptsPerCompletedRepair!: number | null;
  /** The 5 most common recurring themes, each seen in at least 5 couples. */
  @ApiProperty({ type: [CountedTheme], maxItems: 5 })
  recurringThemes!: CountedTheme[];
  /** The 5 most common kinds of rupture, each seen in at least 5 couples. */
  @ApiProperty({ type: [CountedKind], maxItems: 5 })
  kinds!: CountedKind[];
}

export class RepairReportResponse extends ReportEnvelope {
  @ApiProperty({ type: [RepairReportRow] })
  rows!: RepairReportRow[];
}

/**
 * One period, instrument and band of completed sessions of the outcome report (docs/outcomes.md):
 * couples that started below the instrument's cutoff and how many of them ended above it, beside
 * the repair completion rate of those that moved and of those that did not. Names no one.
 */
export class OutcomeReportRow {
  /** The first local day of the period. @example "2026-03-01" */
  @ApiProperty({ format: 'date', maxLength: 10 })
  period!: string;
  @ApiProperty({ enum: INSTRUMENT_CODES, enumName: 'OutcomeInstrument', example: 'csi-4' })
  instrument!: InstrumentCode;
  /** Completed sessions between the couple's first and latest measurement. */
  @ApiProperty({ enum: SESSION_BANDS.map((b) => b.band), enumName: 'OutcomeSessionsBand', example: '6-11' })
  sessionsBand!: SessionBand;
  /** Behind fewer than 5 couples (or a month of it is, for a quarter or year): every figure null. @example false */
  suppressed!: boolean;
  /** Couples measured in the period that started below the cutoff. @example 12 */
  @ApiProperty({ type: Number, nullable: true, example: 12 })
  couples!: number | null;
  /** Of them, couples whose partners all ended at or above the cutoff. @example 5 */
  @ApiProperty({ type: Number, nullable: true, example: 5 })
  movedAboveCutoff!: number | null;
  /** movedAboveCutoff ÷ couples. @example 0.4167 */
  @ApiProperty({ type: Number, nullable: true, example: 0.4167 })
  shareMoved!: number | null;
  /** Mean repair completion rate, between first and latest measurement, of the couples that moved (null under 5 such couples with ruptures). @example 0.72 */
  @ApiProperty({ type: Number, nullable: true, example: 0.72 })
  repairRateMoved!: number | null;
  /** The same for the couples that did not move. @example 0.41 */
  @ApiProperty({ type: Number, nullable: true, example: 0.41 })
  repairRateStayed!: number | null;
}

export class OutcomeReportResponse extends ReportEnvelope {
  @ApiProperty({ type: [OutcomeReportRow] })
  rows!: OutcomeReportRow[];
}
