import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { Trim } from '../../common/validation/validators';
import { MAX_NOTE_LENGTH } from '../clinical-note.entity';

/** The first note of a session, or a correction of its current version. */
export class WriteClinicalNoteDto {
  /** @example "Partners practised mirroring; A. named feeling unheard about household tasks." */
  @ApiProperty({ minLength: 1, maxLength: MAX_NOTE_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NOTE_LENGTH)
  text!: string;

  /** For a correction: the current version being corrected. @example 1 */
  @IsOptional()
  @IsInt()
  @Min(1)
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
  text!: string;
  authorId!: string;
  /** @example "Dr. Maya Okafor" */
  authorName!: string;
  writtenAt!: Date;
  @ApiProperty({ nullable: true, type: Number, example: null })
  correctsVersion!: number | null;
  @ApiProperty({ nullable: true, type: String, example: null })
  reason!: string | null;
}

/** The current text of a session's note and every version, the original first. */
export class ClinicalNoteResponse {
  sessionId!: string;
  /** @example 2 */
  currentVersion!: number;
  text!: string;
  @ApiProperty({ type: [ClinicalNoteVersionResponse] })
  versions!: ClinicalNoteVersionResponse[];
}
