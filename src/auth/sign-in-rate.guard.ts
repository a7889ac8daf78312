import { applyDecorators, CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { RETRY_AFTER_HEADER } from '../common/http/api-responses';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/environment';
import { TooManyRequests } from '../common/problem/problem';
import { RateLimiter } from '../common/rate-limit/rate-limiter';

/**
 * LOGIN_RATE_PER_MINUTE requests per source address and route, shared by every API process.
 * The address is Fastify's `request.ip`: X-Forwarded-For only when TRUST_PROXY is on.
 */
@Injectable()
export class SignInRateGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const route = request.routeOptions?.url ?? request.url;
    const limit = this.config.get('LOGIN_RATE_PER_MINUTE', { infer: true });
    const decision = await this.limiter.consume(`sign-in:${route}:${request.ip}`, limit, 60);
    if (!decision.allowed) {
      throw new TooManyRequests(decision.retryAfterSeconds, 'Too many sign-in requests from your address; try again shortly.');
    }
    return true;
  }
}

/** Puts the route under the per-address sign-in limit and documents its 429. */
export const SignInRateLimit = () =>
  applyDecorators(
    UseGuards(SignInRateGuard),
    ApiTooManyRequestsResponse({
      description: 'Too many requests from this address, or too many failed sign-ins for this email',
      headers: RETRY_AFTER_HEADER,
      schema: { $ref: '#/components/schemas/ProblemDetails' },
    }),
  );

