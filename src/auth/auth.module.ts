import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ApiKeyStrategy } from '../common/auth/api-key.strategy';
import { AuthenticationGuard } from '../common/auth/authentication.guard';
import { JwtStrategy } from '../common/auth/jwt.strategy';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';

@Module({
  imports: [PassportModule, JwtModule.register({})],
  controllers: [AuthController],
  providers: [AuthService, JwtStrategy, ApiKeyStrategy, { provide: APP_GUARD, useClass: AuthenticationGuard }],
  exports: [AuthService],
})
export class AuthModule {}
