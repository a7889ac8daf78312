import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Nullable } from '../../common/validation/presence';
import { IsNewPassword } from '../../common/auth/passwords';

export class TherapistProfileDto {
  /** @example "RP" */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  credentials!: string;

  /** CRPO registration number. @example "10234" */
  @ApiPropertyOptional({ type: String, nullable: true, pattern: '^[0-9]{3,10}$', maxLength: 10, example: '10234' })
  @Nullable()
  @Matches(/^[0-9]{3,10}$/, { message: 'crpoNumber must be 3 to 10 digits' })
  crpoNumber?: string | null;

  /** ISO 639-1 codes. @example ["en", "fr"] */
  @ApiPropertyOptional({ type: [String], pattern: '^[a-z]{2,3}$', maxLength: 3, maxItems: 10, example: ['en', 'fr'] })
  @IsOptional()
  @ArrayMaxSize(10)
  @Matches(/^[a-z]{2,3}$/, { each: true, message: 'each language must be an ISO 639 code such as "en"' })
  languages?: string[];

  /** @example "Works with couples on repair after breaches of trust." */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  bio?: string;

  @IsOptional()
  @IsBoolean()
  takesConnectionCalls?: boolean;
}

/** A staff account. Client portal accounts come from invitations instead. */
export class CreateUserDto {
  /** @example "dana.morel@clinic.example" */
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ['admin', 'therapist'], enumName: 'StaffRole', example: 'therapist' })
  @IsIn(['admin', 'therapist'])
  role!: 'admin' | 'therapist';

  /** @example "Dana Morel" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  /** At least 12 characters. */
  @IsNewPassword()
  password!: string;

  /** Required for therapists. */
  @ApiPropertyOptional({ type: TherapistProfileDto })
  @ValidateIf((o: CreateUserDto) => o.role === 'therapist' || o.therapistProfile !== undefined)
  @ValidateNested()
  @Type(() => TherapistProfileDto)
  therapistProfile?: TherapistProfileDto;
}
