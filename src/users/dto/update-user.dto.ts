import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PartialType } from '@nestjs/swagger';
import { TherapistProfileDto } from './create-user.dto';

export class UpdateTherapistProfileDto extends PartialType(TherapistProfileDto) {}

export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  /** false deactivates the account: its tokens stop working at once. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: UpdateTherapistProfileDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateTherapistProfileDto)
  therapistProfile?: UpdateTherapistProfileDto;
}
