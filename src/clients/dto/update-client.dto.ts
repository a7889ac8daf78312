import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { A_LETTER, Trim } from '../../common/validation/validators';
import { IsCalendarDate } from '../../common/time/instant';
import { CLIENT_STATUSES, ClientStatus } from '../client.entity';
import { ClientContactDto } from './create-client.dto';

/** Staff may change everything here; a client only the contact fields of ClientContactDto. */
export class UpdateClientDto extends ClientContactDto {
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(A_LETTER, { message: 'legalName must contain a letter' })
  legalName?: string;

  /** A correction: the previous date is kept and the change audited. */
  @ApiPropertyOptional({ format: 'date', example: '1988-04-17' })
  @IsOptional()
  @IsCalendarDate({ notAfterToday: true })
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: CLIENT_STATUSES, enumName: 'ClientStatus' })
  @IsOptional()
  @IsIn(CLIENT_STATUSES)
  status?: ClientStatus;

  /** Admins only: move the client to another therapist's caseload. */
  @IsOptional()
  @IsUUID()
  primaryTherapistId?: string;
}
