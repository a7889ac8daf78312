import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { UserResponse } from '../users/dto/user.response';
import { AuthService } from './auth.service';
import { AcceptInvitationDto } from './dto/accept-invitation.dto';
import { ChangePasswordDto, PasswordResetDto, PasswordResetRequestDto, PasswordResetRequestedResponse } from './dto/password.dto';
import { PasswordsService } from './passwords.service';
import { LoginDto, RefreshDto } from './dto/login.dto';
import { TokenResponse } from './dto/token.response';
import { InvitationsService } from './invitations.service';
import { SignInRateLimit } from './sign-in-rate.guard';

const problem = { $ref: '#/components/schemas/ProblemDetails' };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly invitations: InvitationsService,
    private readonly passwords: PasswordsService,
  ) {}

  @Post('login')
  @Public()
  @SignInRateLimit()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password', schema: problem })
  login(@Body() body: LoginDto): Promise<TokenResponse> {
    return this.auth.login(body.email, body.password);
  }

  @Post('refresh')
  @Public()
  @SignInRateLimit()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (the old one stops working)' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Unknown, used, revoked or expired refresh token' })
  refresh(@Body() body: RefreshDto): Promise<TokenResponse> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('invitations/accept')
  @Public()
  @SignInRateLimit()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept a client portal invitation: set a password and sign in', description: 'Each invitation works once, until it expires.' })
  @ApiOkResponse({ type: TokenResponse, description: 'The new client account, signed in' })
  @ApiBadRequestResponse({ description: 'Password shorter than 12 characters, or a missing field', schema: problem })
  @ApiGoneResponse({ description: 'The invitation was already used, has expired, or is not valid', schema: problem })
  @ApiConflictResponse({ description: 'An account with the invitation\'s email already exists', schema: problem })
  acceptInvitation(@Body() body: AcceptInvitationDto): Promise<TokenResponse> {
    return this.invitations.accept(body);
  }

  @Post('logout')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a refresh token and every token refreshed from the same sign-in' })
  @ApiNoContentResponse({ description: 'Revoked (also when it already was)' })
  logout(@Body() body: RefreshDto): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }

  @Post('password')
  @Roles('admin', 'therapist', 'client')
  @SignInRateLimit()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change your password', description: 'Every other sign-in of yours ends; this one goes on. Wrong current passwords count towards the sign-in lockout.' })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiBadRequestResponse({ description: 'New password shorter than 12 characters, or a missing field', schema: problem })
  @ApiUnprocessableEntityResponse({ description: 'The current password is wrong', schema: problem })
  changePassword(@CurrentActor() actor: UserActor, @Body() body: ChangePasswordDto): Promise<void> {
    return this.passwords.change(actor, body);
  }

  @Post('password-reset/request')
  @Public()
  @SignInRateLimit()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Ask for a password reset link by email', description: 'The answer is the same whether or not the email has an account; the link goes only to that email, works once, and expires.' })
  @ApiAcceptedResponse({ type: PasswordResetRequestedResponse })
  @ApiBadRequestResponse({ description: 'Not an email', schema: problem })
  requestPasswordReset(@Body() body: PasswordResetRequestDto): Promise<PasswordResetRequestedResponse> {
    return this.passwords.requestReset(body.email);
  }

  @Post('password-reset')
  @Public()
  @SignInRateLimit()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with the token from a reset link', description: 'Every sign-in of the account ends; sign in with the new password.' })
  @ApiNoContentResponse({ description: 'Password set' })
  @ApiBadRequestResponse({ description: 'New password shorter than 12 characters, or a missing field', schema: problem })
  @ApiGoneResponse({ description: 'The reset link was already used, has expired, or is not valid', schema: problem })
  resetPassword(@Body() body: PasswordResetDto): Promise<void> {
    return this.passwords.reset(body);
  }

  @Get('me')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentActor() actor: UserActor): Promise<UserResponse> {
    return this.auth.me(actor);
  }
}
