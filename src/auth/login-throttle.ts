import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/environment';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { TooManyRequests } from '../common/problem/problem';
import { normaliseEmail } from '../users/email';

/**
 * Locks an email after LOGIN_MAX_FAILURES failed sign-ins within LOGIN_LOCK_MINUTES, for
 * LOGIN_LOCK_MINUTES. Counted per email whether or not an account has it, so a lock says nothing
 * about which emails exist.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /** 429 while the email is locked, whatever the password. */
  async assertNotLocked(email: string): Promise<void> {
    const lock = await this.limiter.peek(lockKey(email), 1);
    if (!lock.allowed) {
      throw new TooManyRequests(lock.retryAfterSeconds, 'Too many failed sign-ins for this email; try again later.');
    }
  }

  async recordFailure(email: string): Promise<void> {
    const lockSeconds = this.config.get('LOGIN_LOCK_MINUTES', { infer: true }) * 60;
    const failures = await this.limiter.hit(failureKey(email), lockSeconds);
    if (failures.count < this.config.get('LOGIN_MAX_FAILURES', { infer: true })) return;
    // The lock gets its own window so it lasts the full period from the last failure.
    await this.limiter.hit(lockKey(email), lockSeconds);
    await this.limiter.reset(failureKey(email));
  }

  recordSuccess(email: string): Promise<void> {
    return this.limiter.reset(failureKey(email));
  }
}

const failureKey = (email: string) => `login-failures:${normaliseEmail(email)}`;
const lockKey = (email: string) => `login-lock:${normaliseEmail(email)}`;
