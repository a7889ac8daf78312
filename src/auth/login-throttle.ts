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

  /**
   * Counts the attempt before any password is checked (one atomic increment in the shared
   * store), so a burst of parallel attempts verifies at most LOGIN_MAX_FAILURES passwords:
   * 429 while the email is locked or once the count is past the limit, whatever the password.
   * Answers the attempt's place in the window, for `failed()`.
   */
  async admit(email: string): Promise<number> {
    const lock = await this.limiter.peek(lockKey(email), 1);
    if (!lock.allowed) throw locked(lock.retryAfterSeconds);
    const attempt = await this.limiter.hit(failureKey(email), this.lockSeconds());
    if (attempt.count > this.config.get('LOGIN_MAX_FAILURES', { infer: true })) throw locked(Math.max(1, attempt.secondsLeft));
    return attempt.count;
  }

  /**
   * The admitted attempt failed: the one that reaches the limit locks the email for the full
   * period. The count is left to expire, not reset, so no attempt racing the lock starts afresh.
   */
  async failed(email: string, attempt: number): Promise<void> {
    if (attempt < this.config.get('LOGIN_MAX_FAILURES', { infer: true })) return;
    await this.limiter.hit(lockKey(email), this.lockSeconds());
  }

  succeeded(email: string): Promise<void> {
    return this.limiter.reset(failureKey(email));
  }

  private lockSeconds(): number {
    return this.config.get('LOGIN_LOCK_MINUTES', { infer: true }) * 60;
  }
}

const locked = (retryAfterSeconds: number) => new TooManyRequests(retryAfterSeconds, 'Too many failed sign-ins for this email; try again later.');
const failureKey = (email: string) => `login-failures:${normaliseEmail(email)}`;
const lockKey = (email: string) => `login-lock:${normaliseEmail(email)}`;
