import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../common/validation/validators';
import { CANCELLED_BY, CancelledBy } from '../therapy-session.entity';

export class CompleteSessionDto {
  /** Couple sessions: the partners who came (one or both). Individual sessions: the client, or omit. */
  @ApiPropertyOptional({ type: [String], format: 'uuid', example: ['8d3f1c2a-5b6e-4f70-9a81-2c3d4e5f6a7b'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attendedClientIds?: string[];
}

export class CancelSessionDto {
  /** Why; kept with the session for the record. @example "Client unwell" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ enum: CANCELLED_BY, enumName: 'CancelledBy', example: 'client' })
  @IsIn(CANCELLED_BY)
  cancelledBy!: CancelledBy;
}
