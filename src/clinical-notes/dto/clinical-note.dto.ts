import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { Trim } from '../../common/validation/validators';
import { MAX_NOTE_LENGTH } from '../clinical-note.entity';

/** Versions are PostgreSQL `integer`s. */
const MAX_INT32 = 2_147_483_647;

/** The first note of a session, or a correction of its current version. */
export class WriteClinicalNoteDto {
  /** @example "Partners practised mirroring; A. named feeling unheard about household tasks." */
  @ApiProperty({ minLength: 1, maxLength: MAX_NOTE_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NOTE_LENGTH)
  text!: string;

  /** For a correction: the current version being corrected. @example 1 */
  @ApiPropertyOptional({ format: 'int32', minimum: 1, maximum: MAX_INT32, example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INT32)
  correctsVersion?: number;

  /** Required with `correctsVersion`: why the record is corrected. @example "Wrong date of the reported argument" */
  @ValidateIf((o: WriteClinicalNoteDto) => o.correctsVersion !== undefined || o.reason !== undefined)
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason?: string;
}

export class ClinicalNoteVersionResponse {
  /** @example 1 */
  version!: number;
  @ApiProperty({ maxLength: MAX_NOTE_LENGTH })
  text!: string;
  @ApiProperty({ format: 'uuid' })
  authorId!: string;
  /** @example "Dr. Maya Okafor" */
  @ApiProperty({ maxLength: 200 })
  authorName!: string;
  writtenAt!: Date;
  @ApiProperty({ nullable: true, type: Number, example: null })
  correctsVersion!: number | null;
  @ApiProperty({ nullable: true, type: String, example: null, maxLength: 500 })
  reason!: string | null;
}

/** The current text of a session's note and every version, the original first. */
export class ClinicalNoteResponse {
  @ApiProperty({ format: 'uuid' })
  sessionId!: string;
  /** @example 2 */
  currentVersion!: number;
  @ApiProperty({ maxLength: MAX_NOTE_LENGTH })
  text!: string;
  @ApiProperty({ type: [ClinicalNoteVersionResponse] })
  versions!: ClinicalNoteVersionResponse[];
}
