import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { E164, Trim } from '../../common/validation/validators';
import { CALL_MODALITIES, CallModality } from '../connection-call.entity';
import { INSTANT_MAX_LENGTH, IsInstant } from '../../common/time/instant';

export class BookConnectionCallDto {
  /** @example "Sam Rivera" */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  /** @example "sam.rivera@example.com" */
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** E.164. @example "+14165550123" */
  @ApiPropertyOptional({ pattern: E164.source, maxLength: 16, example: '+14165550123' })
  @IsOptional()
  @Matches(E164, { message: 'phone must be in E.164 form, e.g. +14165550123' })
  phone?: string;

  @ApiProperty({ enum: CALL_MODALITIES, enumName: 'CallModality', example: 'video' })
  @IsIn(CALL_MODALITIES)
  modality!: CallModality;

  /** One of the slots offered by GET /connection-calls/availability. */
  @ApiProperty({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-12-01T09:00:00-05:00' })
  @IsInstant()
  startsAt!: string;

  /** A specific therapist; otherwise one who is free at that time is chosen. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  therapistId?: string;

  /** A short note for the therapist. @example "We would like to work on communication." */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  message?: string;

  /** Consent to be contacted about this call; must be true. */
  @ApiProperty({ enum: [true], example: true })
  @Equals(true, { message: 'consentToContact must be true: the clinic needs your consent to contact you about the call' })
  consentToContact!: boolean;

  /** The person confirms they are in Ontario. */
  @ApiProperty({ example: true })
  @IsBoolean()
  inOntario!: boolean;
}

export class RescheduleConnectionCallDto {
  /** A free slot of the same therapist. */
  @ApiProperty({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-12-02T10:00:00-05:00' })
  @IsInstant()
  startsAt!: string;
}
