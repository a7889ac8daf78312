import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/environment';
import { hashPassword, verifyPassword } from '../common/auth/passwords';
import { UserActor } from '../common/auth/roles';
import { hashToken, newSecretToken } from '../common/auth/secret-token';
import { Gone, Unprocessable } from '../common/problem/problem';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { accountMessage } from '../outbox/account-emails';
import { Outbox } from '../outbox/outbox.service';
import { normaliseEmail } from '../users/email';
import { ChangePasswordDto, PasswordResetDto, PasswordResetRequestedResponse } from './dto/password.dto';
import { LoginThrottle } from './login-throttle';

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
    const [user]: { email: string; password_hash: string | null }[] = await this.db.query('SELECT email, password_hash FROM users WHERE id = $1', [actor.id]);
    const attempt = await this.throttle.admit(user.email);
    if (!user.password_hash || !(await verifyPassword(user.password_hash, dto.currentPassword))) {
      await this.throttle.failed(user.email, attempt);
      throw new Unprocessable('wrong-password', 'The current password is wrong.');
    }
    await this.throttle.succeeded(user.email);
    const passwordHash = await hashPassword(dto.newPassword);
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [actor.id, passwordHash]);
      await endSignIns(tx, actor.id, actor.sessionId);
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
      const [user]: { id: string }[] = await tx.query('SELECT id FROM users WHERE email = $1 AND active', [address]);
      if (!user) return;
      // A newer link replaces an unused one.
      await tx.query('UPDATE password_resets SET expires_at = now() WHERE user_id = $1 AND used_at IS NULL AND expires_at > now()', [user.id]);
      await tx.query('INSERT INTO password_resets (user_id, token_hash, expires_at) VALUES ($1, $2, $3)', [user.id, hashToken(token), expiresAt]);
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
      const [reset]: { id: string; user_id: string; used: boolean; expired: boolean }[] = await tx.query(
        `SELECT r.id, r.user_id, r.used_at IS NOT NULL AS used, r.expires_at <= now() OR NOT u.active AS expired
           FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1 FOR UPDATE OF r`,
        [hashToken(dto.token)],
      );
      if (!reset) throw new Gone('reset-invalid', 'This reset link is not valid; ask for a new one.');
      if (reset.used) throw new Gone('reset-used', 'This reset link has already been used; ask for a new one if needed.');
      if (reset.expired) throw new Gone('reset-expired', 'This reset link has expired; ask for a new one.');
      await tx.query('UPDATE password_resets SET used_at = now() WHERE id = $1', [reset.id]);
      await tx.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [reset.user_id, passwordHash]);
      await endSignIns(tx, reset.user_id);
    });
  }
}

/** Revokes every sign-in of the user but `keep`: their refresh tokens and, through them, their access tokens. */
function endSignIns(tx: EntityManager, userId: string, keep?: string): Promise<unknown> {
  return tx.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2', [userId, keep ?? null]);
}
