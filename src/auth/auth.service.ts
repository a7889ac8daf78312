import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/environment';
import { ACCESS_TOKEN_TYPE } from '../common/auth/credentials';
import { verifyAgainstNothing, verifyPassword } from '../common/auth/passwords';
import { UserActor } from '../common/auth/roles';
import { hashToken, newSecretToken } from '../common/auth/secret-token';
import { NotFound, Unauthorized } from '../common/problem/problem';
import { affected, first, Queryable, rows } from '../database/statement';
import { UserResponse } from '../users/dto/user.response';
import { normaliseEmail } from '../users/email';
import { toUserResponse } from '../users/users.mapper';
import { AccountRow, usersQueries } from '../users/users.queries';
import { TokenResponse } from './dto/token.response';
import { LoginThrottle } from './login-throttle';
import { signInsQueries } from './sign-ins.queries';

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
    const user = await first(this.db, usersQueries.accountToSignIn(normaliseEmail(email)));
    const valid = user?.password_hash ? await verifyPassword(user.password_hash, password) : await verifyAgainstNothing(password);
    if (!user || !valid || !user.active) {
      await this.throttle.failed(email, attempt);
      throw new Unauthorized(WRONG_CREDENTIALS);
    }
    await this.throttle.succeeded(email);
    return this.issueTokens(this.db, user, randomUUID());
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
      const [used] = await rows(tx, signInsQueries.useRefreshToken(tokenHash));
      if (used) {
        const user = await first(tx, usersQueries.activeAccount(used.user_id));
        return user ? this.issueTokens(tx, user, used.family_id, { refreshToken: successor, issuedAt: wholeSeconds(new Date()) }) : undefined;
      }
      const replayed = await first(
        tx,
        signInsQueries.rotationInGrace(tokenHash, hashToken(successor), this.config.get('REFRESH_GRACE_SECONDS', { infer: true })),
      );
      if (replayed) {
        const user = await first(tx, usersQueries.activeAccount(replayed.user_id));
        return user ? this.tokenResponse(user, replayed.family_id, successor, replayed.issued_at) : undefined;
      }
      await affected(tx, signInsQueries.revokeFamilyOfUsedToken(tokenHash));
      return undefined;
    });
    if (!outcome) throw new Unauthorized('The refresh token is not valid; sign in again.');
    return outcome;
  }

  /** Revokes the refresh token's whole family: every token handed out since that sign-in. */
  async logout(refreshToken: string): Promise<void> {
    await affected(this.db, signInsQueries.endSignIn(hashToken(refreshToken)));
  }

  async me(actor: UserActor): Promise<UserResponse> {
    const user = await first(this.db, usersQueries.account(actor.id));
    if (!user) throw new NotFound('user');
    return toUserResponse(user);
  }

  /**
   * A new sign-in (or its rotation) for `user`; `db` may be a caller's transaction, to include it.
   * A rotation passes the successor token and the issue instant, so a replay in the grace period
   * can answer the very same pair.
   */
  async issueTokens(
    db: Queryable,
    user: AccountRow,
    familyId: string,
    { refreshToken = newSecretToken('rt_'), issuedAt = wholeSeconds(new Date()) } = {},
  ): Promise<TokenResponse> {
    const days = this.config.get('REFRESH_TOKEN_TTL_DAYS', { infer: true });
    await affected(
      db,
      signInsQueries.issueRefreshToken({
        user_id: user.id,
        family_id: familyId,
        token_hash: hashToken(refreshToken),
        created_at: issuedAt,
        expires_at: new Date(issuedAt.getTime() + days * 86_400_000),
      }),
    );
    return this.tokenResponse(user, familyId, refreshToken, issuedAt);
  }

  /** Deterministic for one refresh token and instant: HS256 signatures are, and the claims are all given. */
  private async tokenResponse(user: AccountRow, familyId: string, refreshToken: string, issuedAt: Date): Promise<TokenResponse> {
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
}

const wholeSeconds = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);
