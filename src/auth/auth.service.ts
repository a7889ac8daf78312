import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
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
   * Rotates a refresh token. A token presented a second time means it leaked: the whole family
   * is revoked, and both the thief and the owner must sign in again.
   */
  async refresh(refreshToken: string): Promise<TokenResponse> {
    const tokenHash = hashToken(refreshToken);
    const outcome = await this.db.transaction(async (tx) => {
      const used = await updateReturning<{ user_id: string; family_id: string }>(
        tx,
        `UPDATE refresh_tokens SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          RETURNING user_id, family_id`,
        [tokenHash],
      );
      if (!used[0]) {
        await tx.query(
          `UPDATE refresh_tokens SET revoked_at = now()
            WHERE revoked_at IS NULL
              AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND used_at IS NOT NULL)`,
          [tokenHash],
        );
        return undefined;
      }
      const user = await tx.getRepository(User).findOne({
        where: { id: used[0].user_id, active: true },
        relations: { therapistProfile: true },
      });
      return user ? this.issueTokens(tx, user, used[0].family_id) : undefined;
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

  /** A new sign-in (or its rotation) for `user`; `manager` lets a caller's transaction include it. */
  async issueTokens(manager: EntityManager, user: User, familyId: string): Promise<TokenResponse> {
    const expiresIn = this.config.get('ACCESS_TOKEN_TTL_SECONDS', { infer: true });
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role },
      {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: ACCESS_TOKEN_TYPE },
        expiresIn,
        issuer: this.config.get('JWT_ISSUER', { infer: true }),
        audience: this.config.get('JWT_AUDIENCE', { infer: true }),
        jwtid: randomUUID(),
        secret: this.config.get('JWT_SECRET', { infer: true }),
      },
    );
    const refreshToken = newSecretToken('rt_');
    const days = this.config.get('REFRESH_TOKEN_TTL_DAYS', { infer: true });
    await manager.getRepository(RefreshToken).insert({
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + days * 86_400_000),
    });
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn, user: toUserResponse(user) };
  }
}
