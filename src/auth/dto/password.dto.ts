import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { IsNewPassword } from '../../common/auth/passwords';

export class ChangePasswordDto {
  /** @example "correct horse battery staple" */
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword!: string;

  /** At least 12 characters. @example "our garden in the fall" */
  @IsNewPassword()
  newPassword!: string;
}

export class PasswordResetRequestDto {
  /** The account's email; the answer is the same whether or not it has one. @example "dana.morel@clinic.example" */
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class PasswordResetDto {
  /** The token from the reset link (the part after `#token=`). @example "pr_3q2-7wEvxQ8mJ5v0yZr1m0B6S5oWcTgHkq0a1dX2b4c" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  /** At least 12 characters. @example "our garden in the fall" */
  @IsNewPassword()
  newPassword!: string;
}

/** The same answer for every reset request, so it never tells which emails have accounts. */
export class PasswordResetRequestedResponse {
  /** @example "If an account has this email, a reset link is on its way to it." */
  @MaxLength(200)
  detail!: string;
}
