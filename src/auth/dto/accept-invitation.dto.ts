import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsNewPassword } from '../../common/auth/passwords';

export class AcceptInvitationDto {
  /** The token from the invitation link (the part after `#token=`). @example "iv_3q2-7wEvxQ8mJ5v0yZr1m0B6S5oWcTgHkq0a1dX2b4c" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  /** At least 12 characters. @example "our garden in the fall" */
  @IsNewPassword()
  password!: string;

  /** How the portal greets the client. @example "Sam Rivera" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;
}

/** What the clients module passes to InvitationsService.invite. */
export interface InvitationRequest {
  clientId: string;
  email: string;
}
