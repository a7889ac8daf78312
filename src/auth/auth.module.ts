import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthenticationGuard } from '../common/auth/authentication.guard';
import { Credentials } from '../common/auth/credentials';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { InvitationsService } from './invitations.service';
import { LoginThrottle } from './login-throttle';
import { PasswordsService } from './passwords.service';
import { SignInRateGuard } from './sign-in-rate.guard';

@Module({
  imports: [JwtModule.register({})],
  controllers: [AuthController],
  providers: [
    AuthService,
    InvitationsService,
    PasswordsService,
    LoginThrottle,
    SignInRateGuard,
    Credentials,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  // InvitationsService: POST /clients/{id}/invitation calls invite().
  exports: [AuthService, InvitationsService],
})
export class AuthModule {}
