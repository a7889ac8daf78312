import { ApiProperty } from '@nestjs/swagger';
import { INSTRUMENT_CODES, InstrumentCode } from '../instruments';
import { SCHEDULE_KINDS, ScheduleKind } from '../outcome-schedule';

export class InstrumentOptionResponse {
  /** @example "Very Happy" */
  @ApiProperty({ maxLength: 40 })
  label!: string;
  /** What choosing it scores. @example 4 */
  score!: number;
}

export class InstrumentItemResponse {
  /** @example 1 */
  number!: number;
  /** @example "Please indicate the degree of happiness, all things considered, of your relationship." */
  @ApiProperty({ maxLength: 200 })
  text!: string;
  /** In printed order: an answer is the position of the chosen option here (0 = first). */
  @ApiProperty({ type: [InstrumentOptionResponse], minItems: 6, maxItems: 7 })
  options!: InstrumentOptionResponse[];
}

export class InstrumentResponse {
  @ApiProperty({ enum: INSTRUMENT_CODES, enumName: 'OutcomeInstrument', example: 'csi-4' })
  code!: InstrumentCode;
  /** @example 1 */
  version!: number;
  /** `code@version`. @example "csi-4@1" */
  @ApiProperty({ maxLength: 20 })
  ref!: string;
  /** @example "Couples Satisfaction Index (CSI-4)" */
  @ApiProperty({ maxLength: 80 })
  title!: string;
  @ApiProperty({ maxLength: 400 })
  instructions!: string;
  @ApiProperty({ type: [InstrumentItemResponse], minItems: 4, maxItems: 16 })
  items!: InstrumentItemResponse[];
  /** Totals below it suggest notable relationship dissatisfaction. @example 13.5 */
  cutoff!: number;
  /** @example 0 */
  minTotal!: number;
  /** @example 21 */
  maxTotal!: number;
  /** @example "Funk, J. L., & Rogge, R. D. (2007). Journal of Family Psychology, 21(4), 572–583." */
  @ApiProperty({ maxLength: 300 })
  source!: string;
}

export class OutcomeAssignmentResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  coupleId!: string;
  @ApiProperty({ enum: INSTRUMENT_CODES, enumName: 'OutcomeInstrument', example: 'csi-4' })
  instrument!: InstrumentCode;
  @ApiProperty({ enum: SCHEDULE_KINDS, enumName: 'OutcomeScheduleKind', example: 'weeks' })
  schedule!: ScheduleKind;
  /** N for `sessions` and `weeks`. @example 4 */
  @ApiProperty({ type: Number, nullable: true, example: 4 })
  every!: number | null;
  /** Whether each partner sees the other's totals. @example false */
  sharesTotals!: boolean;
  assignedAt!: Date;
  /** The occasion now open: 0 at intake, one more per N sessions or weeks. @example 2 */
  currentOccasion!: number;
  /** For a partner: whether the current occasion waits for their answer; null for staff. @example true */
  @ApiProperty({ type: Boolean, nullable: true })
  dueForYou!: boolean | null;
}

export class OutcomeResultResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  assignmentId!: string;
  @ApiProperty({ format: 'uuid' })
  coupleId!: string;
  /** The partner who answered. */
  @ApiProperty({ format: 'uuid' })
  clientId!: string;
  /** Whether the reader is that partner. @example true */
  isYou!: boolean;
  /** The instrument and version it was answered on. @example "csi-4@1" */
  @ApiProperty({ maxLength: 20 })
  instrument!: string;
  /** @example 0 */
  occasion!: number;
  /** @example 12 */
  total!: number;
  /** @example 13.5 */
  cutoff!: number;
  /** @example true */
  belowCutoff!: boolean;
  /** Item number → position of the chosen option; null where the reader sees the total only. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', format: 'int32', minimum: 0, maximum: 6 }, nullable: true, example: { '1': 3, '2': 3, '3': 2, '4': 4 } })
  answers!: Record<string, number> | null;
  /** The response this one corrects. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  corrects!: string | null;
  /** The response that corrects this one; the latest of a chain is the one that counts. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  correctedBy!: string | null;
  answeredAt!: Date;
}
