import { ApiProperty } from '@nestjs/swagger';
import { MAX_THEME_LENGTH } from '../rupture-themes';
import { OPEN_STAGES } from '../repair-stages';
import { INSTRUMENT_CODES, InstrumentCode } from '../../outcomes/instruments';

export class OpenStageSummary {
  @ApiProperty({ enum: OPEN_STAGES, enumName: 'OpenRepairStage', example: 'recognized' })
  stage!: (typeof OPEN_STAGES)[number];
  /** @example 3 */
  count!: number;
  /** Whole days since the oldest open rupture at this stage occurred; null when none. @example 12 */
  @ApiProperty({ type: Number, nullable: true, example: 12 })
  oldestAgeDays!: number | null;
}

/** Open ruptures by whole days since they occurred. */
export class OpenAgeBuckets {
  /** Under 7 days. @example 2 */
  under7Days!: number;
  /** 7 to 29 days. @example 1 */
  days7To29!: number;
  /** 30 to 89 days. @example 0 */
  days30To89!: number;
  /** 90 days or more. @example 1 */
  days90OrMore!: number;
}

export class RepairRate {
  /** Completed ÷ all ruptures; null when there are none. @example 0.6667 */
  @ApiProperty({ type: Number, nullable: true, example: 0.6667 })
  overall!: number | null;
  /** The same over ruptures that occurred in the last 90 days. @example 0.5 */
  @ApiProperty({ type: Number, nullable: true, example: 0.5 })
  last90Days!: number | null;
}

export class RecurringTheme {
  /** @example "money" */
  @ApiProperty({ maxLength: MAX_THEME_LENGTH })
  theme!: string;
  /** Ruptures carrying it. @example 4 */
  count!: number;
  /** When the latest of them occurred. */
  lastSeen!: Date;
  /** How many of them are completed. @example 1 */
  repaired!: number;
}

export class MonthlyRepairCount {
  /** Calendar month in the clinic's time zone. @example "2026-11" */
  @ApiProperty({ maxLength: 7, pattern: '^[0-9]{4}-[0-9]{2}$' })
  month!: string;
  /** Ruptures that occurred in that month. @example 4 */
  reported!: number;
  /** Ruptures whose repair completed in that month. @example 2 */
  completed!: number;
}

export class SatisfactionTotal {
  /** The partner's latest total in the month. @example 12 */
  total!: number;
  /** Below the instrument's cutoff: notable dissatisfaction. @example true */
  belowCutoff!: boolean;
  /** Whether this partner is the reader. @example true */
  isYou!: boolean;
}

/** One calendar month of the satisfaction series, beside the month's repair figures. */
export class SatisfactionMonth {
  /** Calendar month in the clinic's time zone. @example "2026-11" */
  @ApiProperty({ maxLength: 7, pattern: '^[0-9]{4}-[0-9]{2}$' })
  month!: string;
  /** Partner A's latest total in the month; null when none was answered, or it is not shared with the reader. */
  @ApiProperty({ type: SatisfactionTotal, nullable: true })
  partnerA!: SatisfactionTotal | null;
  @ApiProperty({ type: SatisfactionTotal, nullable: true })
  partnerB!: SatisfactionTotal | null;
  /** |A − B| when both totals are there. @example 5 */
  @ApiProperty({ type: Number, nullable: true, example: 5 })
  gap!: number | null;
  /** Ruptures that occurred in the month. @example 3 */
  rupturesReported!: number;
  /** Repairs completed in the month. @example 1 */
  repairsCompleted!: number;
  /** Median hours from occurrence to completion over the repairs completed in the month. @example 40.5 */
  @ApiProperty({ type: Number, nullable: true, example: 40.5 })
  medianHoursToRepair!: number | null;
}

/** Each partner's relationship satisfaction on one instrument, month by month (docs/outcomes.md). */
export class SatisfactionSeries {
  @ApiProperty({ enum: INSTRUMENT_CODES, enumName: 'OutcomeInstrument', example: 'csi-4' })
  instrument!: InstrumentCode;
  /** Totals below it suggest notable relationship dissatisfaction. @example 13.5 */
  cutoff!: number;
  /** From the first month with a total or a repair event to the last. */
  @ApiProperty({ type: [SatisfactionMonth] })
  months!: SatisfactionMonth[];
}

export class RepairSummaryResponse {
  @ApiProperty({ format: 'uuid' })
  coupleId!: string;
  /** @example 9 */
  total!: number;
  /** @example 6 */
  completed!: number;
  @ApiProperty({ type: [OpenStageSummary], minItems: 3, maxItems: 3 })
  openByStage!: OpenStageSummary[];
  openByAge!: OpenAgeBuckets;
  repairRate!: RepairRate;
  /** Median hours from occurrence to first recognition, over recognised ruptures. @example 5.5 */
  @ApiProperty({ type: Number, nullable: true, example: 5.5 })
  medianHoursToRecognition!: number | null;
  /** Median hours from occurrence to completion, over completed ruptures. @example 52 */
  @ApiProperty({ type: Number, nullable: true, example: 52 })
  medianHoursToCompletion!: number | null;
  /** Mean number of attempts it took, over completed ruptures. @example 1.5 */
  @ApiProperty({ type: Number, nullable: true, example: 1.5 })
  attemptsPerCompletedRepair!: number | null;
  /** Themes seen in two or more ruptures, most frequent first (at most 20). */
  @ApiProperty({ type: [RecurringTheme], maxItems: 20 })
  recurringThemes!: RecurringTheme[];
  /** From the month of the first rupture to the month of the latest event, in `timeZone`. */
  @ApiProperty({ type: [MonthlyRepairCount] })
  months!: MonthlyRepairCount[];
  /** The partners' satisfaction totals the reader may see, per instrument, aligned by month with the repair figures. */
  @ApiProperty({ type: [SatisfactionSeries], maxItems: 2 })
  satisfaction!: SatisfactionSeries[];
  /** @example "America/Toronto" */
  @ApiProperty({ maxLength: 64 })
  timeZone!: string;
  generatedAt!: Date;
}
