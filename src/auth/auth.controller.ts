import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { UserResponse } from '../users/dto/user.response';
import { AuthService } from './auth.service';
import { LoginDto, RefreshDto } from './dto/login.dto';
import { TokenResponse } from './dto/token.response';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password' })
  login(@Body() body: LoginDto): Promise<TokenResponse> {
    return this.auth.login(body.email, body.password);
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (the old one stops working)' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Unknown, used, revoked or expired refresh token' })
  refresh(@Body() body: RefreshDto): Promise<TokenResponse> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a refresh token and every token refreshed from the same sign-in' })
  @ApiNoContentResponse({ description: 'Revoked (also when it already was)' })
  logout(@Body() body: RefreshDto): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }

  @Get('me')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentActor() actor: UserActor): Promise<UserResponse> {
    return this.auth.me(actor);
  }
}
