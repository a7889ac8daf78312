import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../common/validation/validators';

/** A partner's own answer. There is no partner field: the partner is always the caller. */
export class ConfirmRepairDto {
  /** Whether you feel repaired after this attempt. @example true */
  @IsBoolean()
  feelsRepaired!: boolean;

  /** PHI. @example "I felt heard this time." */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment?: string;
}
