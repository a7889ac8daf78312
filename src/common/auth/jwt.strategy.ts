import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { decode } from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/environment';
import { Actor, Role } from './roles';

/** The JOSE `typ` of access tokens (RFC 9068); refresh tokens are opaque and never JWTs. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/**
 * Bearer access tokens (RFC 8725): HS256 only, `iss`, `aud` and `typ` checked, and the user
 * must still be active, so deactivation takes effect on the next request.
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
      secretOrKeyProvider: (_request: unknown, rawJwt: string, done: (err: Error | null, secret?: Buffer) => void) => {
        const header = decode(rawJwt, { complete: true })?.header;
        if (header?.typ !== ACCESS_TOKEN_TYPE) return done(new Error('not an access token'));
        done(null, secret as unknown as Buffer); // passport-jwt passes it to jsonwebtoken, which takes a KeyObject
      },
    });
  }

  async validate(payload: { sub?: unknown }): Promise<Actor | false> {
    if (typeof payload.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sub)) return false;
    const rows: { id: string; role: Role }[] = await this.db.query(
      'SELECT id, role FROM users WHERE id = $1 AND active',
      [payload.sub],
    );
    return rows[0] ? { kind: 'user', id: rows[0].id, role: rows[0].role } : false;
  }
}
