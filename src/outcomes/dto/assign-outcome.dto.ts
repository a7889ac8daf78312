import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { INSTRUMENT_CODES, InstrumentCode } from '../instruments';
import { MAX_SCHEDULE_EVERY } from '../outcome-assignment.entity';
import { SCHEDULE_KINDS, ScheduleKind } from '../outcome-schedule';

/** Assign a questionnaire to both partners of a couple: once at intake, or again every N sessions or weeks. */
export class AssignOutcomeDto {
  @ApiProperty({ enum: INSTRUMENT_CODES, enumName: 'OutcomeInstrument', example: 'csi-4' })
  @IsIn(INSTRUMENT_CODES)
  instrument!: InstrumentCode;

  /** `once`: at intake only; `sessions`: at intake and every `every` completed sessions; `weeks`: at intake and every `every` weeks. */
  @ApiProperty({ enum: SCHEDULE_KINDS, enumName: 'OutcomeScheduleKind', example: 'weeks' })
  @IsIn(SCHEDULE_KINDS)
  schedule!: ScheduleKind;

  /** N for `sessions` and `weeks`; left out for `once`. @example 4 */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SCHEDULE_EVERY, format: 'int32' })
  @ValidateIf((o: AssignOutcomeDto) => o.schedule !== 'once' || o.every !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_SCHEDULE_EVERY)
  every?: number;

  /** Show each partner the other's totals (never their item answers). Off unless the couple's therapist chooses (403 for anyone else). @example false */
  @IsOptional()
  @IsBoolean()
  sharesTotals?: boolean;
}

export class UpdateOutcomeAssignmentDto {
  /** Show each partner the other's totals (never their item answers): the couple's therapist turns it on (403 for anyone else); an admin may turn it off. @example true */
  @IsBoolean()
  sharesTotals!: boolean;
}
