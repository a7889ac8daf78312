import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsAfterInstantIn, IsInstant, RestorePlus } from '../../common/time/instant';
import { PageQuery } from '../../common/pagination/pagination';
import { REPAIR_STAGES, RepairStage } from '../repair-stages';
import { RUPTURE_SEVERITIES, RuptureSeverity } from '../rupture.entity';
import { MAX_THEME_LENGTH, normaliseTheme } from '../rupture-themes';

export class ListRupturesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REPAIR_STAGES, enumName: 'RepairStage' })
  @IsOptional()
  @IsIn(REPAIR_STAGES)
  stage?: RepairStage;

  @ApiPropertyOptional({ maxLength: MAX_THEME_LENGTH, example: 'money', description: 'Ruptures carrying this theme (normalised like stored themes)' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? normaliseTheme(value) : value))
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_THEME_LENGTH)
  theme?: string;

  @ApiPropertyOptional({ enum: RUPTURE_SEVERITIES, enumName: 'RuptureSeverity' })
  @IsOptional()
  @IsIn(RUPTURE_SEVERITIES)
  severity?: RuptureSeverity;

  @ApiPropertyOptional({ format: 'date-time', maxLength: 40, example: '2026-01-01T00:00:00-05:00', description: 'Occurred at or after' })
  @IsOptional()
  @RestorePlus()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', maxLength: 40, example: '2026-04-01T00:00:00-04:00', description: 'Occurred before; after `from` when both are given' })
  @IsOptional()
  @RestorePlus()
  @IsInstant()
  @IsAfterInstantIn('from')
  to?: string;
}
