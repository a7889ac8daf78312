import { IsEmail, IsOptional, MaxLength } from 'class-validator';

export class InviteClientDto {
  /** Where to send the invitation; defaults to the email on the client record. @example "alex@example.ca" */
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}
