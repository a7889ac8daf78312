import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/environment';
import { first } from '../../database/statement';
import { callerQueries } from './caller.queries';
import { Actor } from './roles';

/** The JOSE `typ` of access tokens (RFC 9068); refresh tokens are opaque and never JWTs. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

const isUuid = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value);

/** What jsonwebtoken gives `validate` with `complete: true`: the verified header and claims. */
interface VerifiedToken {
  header?: { typ?: unknown };
  payload?: { sub?: unknown; sid?: unknown } | string;
}

/**
 * Bearer access tokens (RFC 8725): HS256 only, `iss`, `aud` and `typ` checked, and the user
 * must still be active and the sign-in (`sid`) not ended, so deactivation, logout and a password
 * change take effect on the next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly db: DataSource,
  ) {
    // A KeyObject, made once: given a string, jsonwebtoken first tries to parse it as a PEM public
    // key on every verification, which throws and cost ~0.7 ms of CPU per request (docs/performance.md).
    const secret = createSecretKey(Buffer.from(config.get('JWT_SECRET', { infer: true })));
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: ['HS256'],
      issuer: config.get('JWT_ISSUER', { infer: true }),
      audience: config.get('JWT_AUDIENCE', { infer: true }),
      ignoreExpiration: false,
      secretOrKey: secret as unknown as Buffer, // passport-jwt passes it to jsonwebtoken, which takes a KeyObject
      // The verified header comes with the claims, so `typ` is checked without decoding the token twice.
      jsonWebTokenOptions: { complete: true },
    });
  }

  async validate(token: VerifiedToken): Promise<Actor | false> {
    if (token.header?.typ !== ACCESS_TOKEN_TYPE) return false;
    const { sub, sid } = typeof token.payload === 'object' ? token.payload : {};
    if (!isUuid(sub) || !isUuid(sid)) return false;
    // Every authenticated request runs this one statement: straight on the pool, not through TypeORM's query runner.
    const user = await first(this.db, callerQueries.signedInUser(sub, sid));
    return user ? { kind: 'user', id: user.id, role: user.role, sessionId: sid } : false;
  }
}
