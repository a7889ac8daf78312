import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  /** @example "dana.morel@clinic.example" */
  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** @example "correct horse battery staple" */
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class RefreshDto {
  /** The opaque refresh token from login or the previous refresh. */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken!: string;
}
