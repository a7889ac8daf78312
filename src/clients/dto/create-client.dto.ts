import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Nullable } from '../../common/validation/presence';
import { A_LETTER, CANADIAN_POSTAL_CODE, E164, NormalisePostalCode, Trim } from '../../common/validation/validators';
import { IsCalendarDate } from '../../common/time/instant';
import { CLIENT_STATUSES, ClientStatus, PROVINCES, Province } from '../client.entity';

export class AddressDto {
  /** @example "120 Elgin Street" */
  @Nullable()
  @Trim()
  @IsString()
  @MaxLength(200)
  line1?: string | null;

  /** @example "Unit 4" */
  @Nullable()
  @Trim()
  @IsString()
  @MaxLength(200)
  line2?: string | null;

  /** @example "Ottawa" */
  @Nullable()
  @Trim()
  @IsString()
  @MaxLength(100)
  city?: string | null;

  @ApiPropertyOptional({ enum: PROVINCES, enumName: 'Province', default: 'ON' })
  @IsOptional()
  @IsIn(PROVINCES)
  province?: Province;

  /** Canadian postal code. @example "K1P 5K7" */
  @ApiPropertyOptional({ type: String, nullable: true, pattern: CANADIAN_POSTAL_CODE.source, maxLength: 7, example: 'K1P 5K7' })
  @Nullable()
  @NormalisePostalCode()
  @Matches(CANADIAN_POSTAL_CODE, { message: 'postalCode must be a Canadian postal code such as K1P 5K7' })
  postalCode?: string | null;
}

export class EmergencyContactDto {
  /** @example "Sam Ortiz" */
  @Nullable()
  @Trim()
  @IsString()
  @MaxLength(200)
  name?: string | null;

  /** E.164. @example "+16135550123" */
  @ApiPropertyOptional({ type: String, nullable: true, pattern: E164.source, maxLength: 16, example: '+16135550123' })
  @Nullable()
  @Matches(E164, { message: 'phone must be in E.164 form, such as +16135550123' })
  phone?: string | null;

  /** @example "sibling" */
  @Nullable()
  @Trim()
  @IsString()
  @MaxLength(100)
  relationship?: string | null;
}

/** The fields a client may change on their own record. */
export class ClientContactDto {
  /** @example "Alex" */
  @Nullable()
  @Trim()
  @IsString()
  @MaxLength(200)
  preferredName?: string | null;

  /** @example "they/them" */
  @Nullable()
  @Trim()
  @IsString()
  @MaxLength(50)
  pronouns?: string | null;

  /** @example "alex.tremblay@example.ca" */
  @Nullable()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  /** E.164. @example "+16135550188" */
  @ApiPropertyOptional({ type: String, nullable: true, pattern: E164.source, maxLength: 16, example: '+16135550188' })
  @Nullable()
  @Matches(E164, { message: 'phone must be in E.164 form, such as +16135550188' })
  phone?: string | null;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ type: EmergencyContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmergencyContactDto)
  emergencyContact?: EmergencyContactDto;
}

export class CreateClientDto extends ClientContactDto {
  /** @example "Alexandra Tremblay" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(A_LETTER, { message: 'legalName must contain a letter' })
  legalName!: string;

  /** @example "1988-04-17" */
  @ApiProperty({ format: 'date', example: '1988-04-17' })
  @IsCalendarDate({ notAfterToday: true })
  dateOfBirth!: string;

  @ApiPropertyOptional({ enum: CLIENT_STATUSES, enumName: 'ClientStatus', default: 'active' })
  @IsOptional()
  @IsIn(CLIENT_STATUSES)
  status?: ClientStatus;

  /** Defaults to the therapist creating the record; admins must name one. */
  @IsOptional()
  @IsUUID()
  primaryTherapistId?: string;
}
