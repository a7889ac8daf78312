import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/environment';
import { ACCESS_TOKEN_TYPE } from '../common/auth/jwt.strategy';
import { verifyAgainstNothing, verifyPassword } from '../common/auth/passwords';
import { UserActor } from '../common/auth/roles';
import { hashToken, newSecretToken } from '../common/auth/secret-token';
import { NotFound, Unauthorized } from '../common/problem/problem';
import { updateReturning } from '../database/sql-params';
import { UserResponse } from '../users/dto/user.response';
import { normaliseEmail } from '../users/email';
import { User } from '../users/user.entity';
import { toUserResponse } from '../users/users.mapper';
import { TokenResponse } from './dto/token.response';
import { LoginThrottle } from './login-throttle';
import { RefreshToken } from './refresh-token.entity';

const WRONG_CREDENTIALS = 'The email or password is wrong.';

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Unknown email, wrong password and inactive account answer alike, in about the same time,
   * and count alike towards the email's lock. The attempt is counted before the password is checked.
   */
  async login(email: string, password: string): Promise<TokenResponse> {
    const attempt = await this.throttle.admit(email);
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .leftJoinAndSelect('u.therapistProfile', 'p')
      .where('u.email = :email', { email: normaliseEmail(email) })
      .getOne();
    const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
    if (!user || !valid || !user.active) {
      await this.throttle.failed(email, attempt);
      throw new Unauthorized(WRONG_CREDENTIALS);
    }
    await this.throttle.succeeded(email);
    return this.issueTokens(this.db.manager, user, randomUUID());
  }

  /**
   * Rotates a refresh token. A token presented again within REFRESH_GRACE_SECONDS of its first
   * use (two tabs refreshing at once) gets the same new pair, as long as that pair is unused;
   * presented later, it means it leaked: the whole family is revoked, and both the thief and the
   * owner must sign in again (RFC 9700 §4.14.2).
   */
  async refresh(refreshToken: string): Promise<TokenResponse> {
    const tokenHash = hashToken(refreshToken);
    const successor = this.successorOf(refreshToken);
    const outcome = await this.db.transaction(async (tx) => {
      // Of two concurrent refreshes, the second waits here for the first to commit, then sees the token used.
      const used = await updateReturning<{ user_id: string; family_id: string }>(
        tx,
        `UPDATE refresh_tokens SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          RETURNING user_id, family_id`,
        [tokenHash],
      );
      if (used[0]) {
        const user = await this.activeUser(tx, used[0].user_id);
        return user ? this.issueTokens(tx, user, used[0].family_id, { refreshToken: successor, issuedAt: wholeSeconds(new Date()) }) : undefined;
      }
      const replayed: { user_id: string; family_id: string; issued_at: Date }[] = await tx.query(
        `SELECT n.user_id, n.family_id, n.created_at AS issued_at
           FROM refresh_tokens o JOIN refresh_tokens n ON n.token_hash = $2 AND n.family_id = o.family_id
          WHERE o.token_hash = $1 AND o.revoked_at IS NULL AND o.used_at > now() - make_interval(secs => $3)
            AND n.used_at IS NULL AND n.revoked_at IS NULL`,
        [tokenHash, hashToken(successor), this.config.get('REFRESH_GRACE_SECONDS', { infer: true })],
      );
      if (replayed[0]) {
        const user = await this.activeUser(tx, replayed[0].user_id);
        return user ? this.tokenResponse(user, replayed[0].family_id, successor, replayed[0].issued_at) : undefined;
      }
      await tx.query(
        `UPDATE refresh_tokens SET revoked_at = now()
          WHERE revoked_at IS NULL
            AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND used_at IS NOT NULL)`,
        [tokenHash],
      );
      return undefined;
    });
    if (!outcome) throw new Unauthorized('The refresh token is not valid; sign in again.');
    return outcome;
  }

  /** Revokes the refresh token's whole family: every token handed out since that sign-in. */
  async logout(refreshToken: string): Promise<void> {
    await this.db.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [hashToken(refreshToken)],
    );
  }

  async me(actor: UserActor): Promise<UserResponse> {
    const user = await this.db.getRepository(User).findOne({ where: { id: actor.id }, relations: { therapistProfile: true } });
    if (!user) throw new NotFound('user');
    return toUserResponse(user);
  }

  /**
   * A new sign-in (or its rotation) for `user`; `manager` lets a caller's transaction include it.
   * A rotation passes the successor token and the issue instant, so a replay in the grace period
   * can answer the very same pair.
   */
  async issueTokens(
    manager: EntityManager,
    user: User,
    familyId: string,
    { refreshToken = newSecretToken('rt_'), issuedAt = wholeSeconds(new Date()) } = {},
  ): Promise<TokenResponse> {
    const days = this.config.get('REFRESH_TOKEN_TTL_DAYS', { infer: true });
    await manager.getRepository(RefreshToken).insert({
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      createdAt: issuedAt,
      expiresAt: new Date(issuedAt.getTime() + days * 86_400_000),
    });
    return this.tokenResponse(user, familyId, refreshToken, issuedAt);
  }

  /** Deterministic for one refresh token and instant: HS256 signatures are, and the claims are all given. */
  private async tokenResponse(user: User, familyId: string, refreshToken: string, issuedAt: Date): Promise<TokenResponse> {
    const expiresIn = this.config.get('ACCESS_TOKEN_TTL_SECONDS', { infer: true });
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role, sid: familyId, iat: Math.floor(issuedAt.getTime() / 1000) },
      {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: ACCESS_TOKEN_TYPE },
        expiresIn,
        issuer: this.config.get('JWT_ISSUER', { infer: true }),
        audience: this.config.get('JWT_AUDIENCE', { infer: true }),
        jwtid: this.derive('access-token-id', refreshToken).slice(0, 22),
        secret: this.config.get('JWT_SECRET', { infer: true }),
      },
    );
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn, user: toUserResponse(user) };
  }

  /** The token that replaces `refreshToken`: only someone holding it (and the server key) can compute it. */
  private successorOf(refreshToken: string): string {
    return `rt_${this.derive('refresh-successor', refreshToken)}`;
  }

  private derive(purpose: string, secret: string): string {
    return createHmac('sha256', this.config.get('JWT_SECRET', { infer: true })).update(`${purpose}:${secret}`).digest('base64url');
  }

  private activeUser(manager: EntityManager, id: string): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { id, active: true }, relations: { therapistProfile: true } });
  }
}

const wholeSeconds = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);
