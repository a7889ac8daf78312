import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/validation/validators';
import { CONSENT_DECISIONS, CONSENT_PURPOSES, ConsentDecision, ConsentPurpose } from '../consent.entity';

export class RecordConsentDto {
  @ApiProperty({ enum: CONSENT_PURPOSES, enumName: 'ConsentPurpose', example: 'joint_record_release' })
  @IsIn(CONSENT_PURPOSES)
  purpose!: ConsentPurpose;

  @ApiProperty({ enum: CONSENT_DECISIONS, enumName: 'ConsentDecision', example: 'granted' })
  @IsIn(CONSENT_DECISIONS)
  decision!: ConsentDecision;

  /** How the consent was given or withdrawn. @example "Signed form, scanned to the file" */
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  note?: string;
}
