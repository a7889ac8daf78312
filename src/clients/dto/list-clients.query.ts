import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { CLIENT_STATUSES, ClientStatus } from '../client.entity';

export class ListClientsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CLIENT_STATUSES, enumName: 'ClientStatus' })
  @IsOptional()
  @IsIn(CLIENT_STATUSES)
  status?: ClientStatus;

  /** Only this therapist's caseload (admins). */
  @IsOptional()
  @IsUUID()
  therapistId?: string;

  /** Part of a legal or preferred name. @example "trem" */
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;

  /** Include archived records. */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeArchived?: boolean;
}
