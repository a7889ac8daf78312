import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/environment';
import { hashPassword, verifyPassword } from '../common/auth/passwords';
import { UserActor } from '../common/auth/roles';
import { hashToken, newSecretToken } from '../common/auth/secret-token';
import { Gone, Unprocessable } from '../common/problem/problem';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { accountMessage } from '../outbox/account-emails';
import { Outbox } from '../outbox/outbox.service';
import { affected, first, rows } from '../database/statement';
import { normaliseEmail } from '../users/email';
import { ACCOUNT_PROBLEMS } from './auth.problems';
import { ChangePasswordDto, PasswordResetDto, PasswordResetRequestedResponse } from './dto/password.dto';
import { LoginThrottle } from './login-throttle';
import { passwordsQueries } from './passwords.queries';
import { signInsQueries } from './sign-ins.queries';

/** Reset emails one address may receive per hour; beyond, requests are answered alike and send nothing. */
const RESETS_PER_HOUR = 3;
const RESET_REQUESTED: PasswordResetRequestedResponse = { detail: 'If an account has this email, a reset link is on its way to it.' };

/** Changing a password, and resetting a forgotten one through a single-use link sent to the account's email. */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly throttle: LoginThrottle,
    private readonly limiter: RateLimiter,
    private readonly outbox: Outbox,
  ) {}

  /**
   * A signed-in user changes their password; every other sign-in of theirs ends. A wrong current
   * password counts towards the email's sign-in lockout, exactly like a failed login.
   */
  async change(actor: UserActor, dto: ChangePasswordDto): Promise<void> {
    const [user] = await rows(this.db, passwordsQueries.currentPassword(actor.id));
    const attempt = await this.throttle.admit(user.email);
    if (!user.password_hash || !(await verifyPassword(user.password_hash, dto.currentPassword))) {
      await this.throttle.failed(user.email, attempt);
      throw new Unprocessable(ACCOUNT_PROBLEMS['wrong-password'], 'The current password is wrong.');
    }
    await this.throttle.succeeded(user.email);
    const passwordHash = await hashPassword(dto.newPassword);
    await this.db.transaction(async (tx) => {
      await affected(tx, passwordsQueries.setPassword(actor.id, passwordHash));
      await affected(tx, signInsQueries.endSignIns(actor.id, actor.sessionId));
    });
  }

  /** Always the same answer; an active account with this email gets a reset link by email. */
  async requestReset(email: string): Promise<PasswordResetRequestedResponse> {
    const address = normaliseEmail(email);
    const allowed = await this.limiter.consume(`password-reset:${address}`, RESETS_PER_HOUR, 3600);
    if (!allowed.allowed) return RESET_REQUESTED;
    const token = newSecretToken('pr_');
    const expiresAt = new Date(Date.now() + this.config.get('PASSWORD_RESET_TTL_MINUTES', { infer: true }) * 60_000);
    const base = this.config.get('PUBLIC_BASE_URL', { infer: true }).replace(/\/+$/, '');
    await this.db.transaction(async (tx) => {
      const user = await first(tx, passwordsQueries.activeAccountWithEmail(address));
      if (!user) return;
      await affected(tx, passwordsQueries.endUnusedResets(user.id));
      await affected(tx, passwordsQueries.createReset({ user_id: user.id, token_hash: hashToken(token), expires_at: expiresAt }));
      // In the fragment, so the token never reaches a server log or a Referer header.
      await this.outbox.enqueue(tx, [accountMessage.passwordReset(address, `${base}/reset-password#token=${token}`, expiresAt)]);
    });
    return RESET_REQUESTED;
  }

  /** Sets a new password with a reset token (once, before it expires); every sign-in of the account ends. */
  async reset(dto: PasswordResetDto): Promise<void> {
    // Hashed before the transaction, so the row lock is held for milliseconds, not for argon2.
    const passwordHash = await hashPassword(dto.newPassword);
    await this.db.transaction(async (tx) => {
      const reset = await first(tx, passwordsQueries.resetByToken(hashToken(dto.token)));
      if (!reset) throw new Gone(ACCOUNT_PROBLEMS['reset-invalid'], 'This reset link is not valid; ask for a new one.');
      if (reset.used) throw new Gone(ACCOUNT_PROBLEMS['reset-used'], 'This reset link has already been used; ask for a new one if needed.');
      if (reset.expired) throw new Gone(ACCOUNT_PROBLEMS['reset-expired'], 'This reset link has expired; ask for a new one.');
      await affected(tx, passwordsQueries.resetUsed(reset.id));
      await affected(tx, passwordsQueries.setPassword(reset.user_id, passwordHash));
      await affected(tx, signInsQueries.endSignIns(reset.user_id));
    });
  }
}
