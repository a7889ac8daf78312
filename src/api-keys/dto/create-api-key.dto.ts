import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { SCOPES, Scope } from '../../common/auth/roles';

export class CreateApiKeyDto {
  /** Which integration holds the key. @example "Website booking widget" */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: SCOPES, enumName: 'Scope', isArray: true, example: ['bookings:write'], maxItems: SCOPES.length })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(SCOPES.length)
  @IsIn(SCOPES, { each: true })
  scopes!: Scope[];
}
