import { ApiProperty } from '@nestjs/swagger';
import { MAX_THEME_LENGTH } from '../rupture-themes';
import { OPEN_STAGES } from '../repair-stages';

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
  /** @example "America/Toronto" */
  @ApiProperty({ maxLength: 64 })
  timeZone!: string;
  generatedAt!: Date;
}
