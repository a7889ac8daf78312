import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../common/validation/validators';

/** The caller acknowledges the rupture; who they are comes from their sign-in, never the body. */
export class RecognizeRuptureDto {
  /** PHI. @example "Something happened between us at breakfast, and I want to understand it." */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  statement?: string;
}
