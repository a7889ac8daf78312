import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from '../../users/dto/user.response';

export class TokenResponse {
  /** Short-lived JWT for `Authorization: Bearer`. */
  @ApiProperty({ maxLength: 2048 })
  accessToken!: string;
  /** Opaque; exchange it at POST /auth/refresh. Each one works once. */
  @ApiProperty({ maxLength: 200 })
  refreshToken!: string;
  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';
  /** Seconds until the access token expires. @example 900 */
  expiresIn!: number;
  user!: UserResponse;
}
