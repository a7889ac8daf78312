import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { ApiVariants } from '../../common/http/api-variants';
import { Trim } from '../../common/validation/validators';
import { FREQUENCIES, Frequency } from '../recurrence';
import { Modality, MODALITIES } from '../therapy-session.entity';
import { INSTANT_MAX_LENGTH, IsInstant } from '../../common/time/instant';
import { IsOntarioLocation, OnlyForModality } from './session-validators';

export class RecurrenceDto {
  @ApiProperty({ enum: FREQUENCIES, enumName: 'RecurrenceFrequency', example: 'weekly' })
  @IsIn(FREQUENCIES)
  frequency!: Frequency;

  /** Occurrences in all, the first included (2–52). @example 10 */
  @ApiProperty({ format: 'int32', minimum: 2, maximum: 52, example: 10 })
  @IsInt()
  @Min(2)
  @Max(52)
  count!: number;
}

/** Where and how a session takes place: in person somewhere in Ontario, or online over a video link. */
export class SessionPlaceDto {
  @ApiProperty({ enum: MODALITIES, enumName: 'Modality', example: 'in_person' })
  @IsIn(MODALITIES)
  modality!: Modality;

  /** In-person sessions: the place, in Ontario. @example "120 Elgin Street, Suite 4, Ottawa, ON K1P 5K7" */
  @ValidateIf((o: SessionPlaceDto) => o.modality === 'in_person' || o.location !== undefined)
  @Trim()
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  @IsOntarioLocation()
  @OnlyForModality('in_person')
  location?: string;

  /** Online sessions: the video link (https). @example "https://video.clinic.example/room/4821" */
  @ValidateIf((o: SessionPlaceDto) => o.modality === 'online' || o.videoUrl !== undefined)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: true }, { message: 'videoUrl must be an https URL' })
  @MaxLength(500)
  @OnlyForModality('online')
  videoUrl?: string;
}

@ApiVariants('modality', [
  { name: 'CreateInPersonSession', values: ['in_person'], required: ['location'], refused: ['videoUrl'] },
  { name: 'CreateOnlineSession', values: ['online'], required: ['videoUrl'], refused: ['location'] },
])
export class CreateTherapySessionDto extends SessionPlaceDto {
  /** Admins name the therapist; a therapist books for themself. */
  @IsOptional()
  @IsUUID()
  therapistId?: string;

  /** A couple session: give this or `clientId`, not both. @example "8d3f1c2a-5b6e-4f70-9a81-2c3d4e5f6a7b" */
  @IsOptional()
  @IsUUID()
  coupleId?: string;

  /** An individual session: give this or `coupleId`, not both. */
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiProperty({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-12-01T10:00:00-05:00' })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-12-01T11:00:00-05:00' })
  @IsInstant()
  endsAt!: string;

  /** Book the same wall-clock time every week or every other week. */
  @ApiPropertyOptional({ type: RecurrenceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecurrenceDto)
  recurrence?: RecurrenceDto;
}

/** Move a scheduled session or change how it takes place. Changing modality needs the new place or link. */
export class UpdateTherapySessionDto {
  @ApiPropertyOptional({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-12-01T14:00:00-05:00' })
  @IsOptional()
  @IsInstant()
  startsAt?: string;

  /** Defaults to keeping the session's length when only `startsAt` changes. */
  @ApiPropertyOptional({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-12-01T15:00:00-05:00' })
  @IsOptional()
  @IsInstant()
  endsAt?: string;

  @ApiPropertyOptional({ enum: MODALITIES, enumName: 'Modality' })
  @IsOptional()
  @IsIn(MODALITIES)
  modality?: Modality;

  /** @example "120 Elgin Street, Suite 4, Ottawa, ON K1P 5K7" */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  @IsOntarioLocation()
  location?: string;

  /** @example "https://video.clinic.example/room/4821" */
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: true }, { message: 'videoUrl must be an https URL' })
  @MaxLength(500)
  videoUrl?: string;
}
