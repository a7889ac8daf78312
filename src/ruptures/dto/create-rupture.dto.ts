import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { INSTANT_MAX_LENGTH, IsInstant } from '../../common/time/instant';
import { Trim } from '../../common/validation/validators';
import { RUPTURE_KINDS, RUPTURE_SEVERITIES, RuptureKind, RuptureSeverity } from '../rupture.entity';
import { MAX_THEME_LENGTH, MAX_THEMES, normaliseThemes } from '../rupture-themes';

/** Normalises a list of themes before it is checked; anything else is left for the validators to refuse. */
export const NormaliseThemes = () =>
  Transform(({ value }) => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? normaliseThemes(value) : value));

export class CreateRuptureDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-03T07:45:00-05:00', description: 'When connection broke; ISO 8601 with offset, not in the future' })
  @IsInstant()
  @MaxLength(INSTANT_MAX_LENGTH)
  occurredAt!: string;

  /** What happened, in the reporter's words. PHI. @example "I reached for their hand at breakfast and they kept scrolling." */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  description!: string;

  @ApiProperty({ enum: RUPTURE_SEVERITIES, enumName: 'RuptureSeverity', example: 'minor' })
  @IsIn(RUPTURE_SEVERITIES)
  severity!: RuptureSeverity;

  @ApiProperty({ enum: RUPTURE_KINDS, enumName: 'RuptureKind', example: 'missed_bid' })
  @IsIn(RUPTURE_KINDS)
  kind!: RuptureKind;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_THEMES,
    example: ['money', 'morning routine'],
    description: `Free tags; trimmed, lower-cased, inner spaces collapsed and duplicates removed (at most ${MAX_THEMES}, each 1–${MAX_THEME_LENGTH} characters)`,
  })
  @IsOptional()
  @NormaliseThemes()
  @IsArray()
  @ArrayMaxSize(MAX_THEMES)
  @IsString({ each: true })
  @MaxLength(MAX_THEME_LENGTH, { each: true })
  themes?: string[];

  /** The therapy session where it came up, if any. */
  @IsOptional()
  @IsUUID()
  sessionId?: string;
}
