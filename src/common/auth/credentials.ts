import { createSecretKey, KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { verify, VerifyOptions } from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/environment';
import { first } from '../../database/statement';
import { callerQueries } from './caller.queries';
import { Actor } from './roles';
import { hashToken } from './secret-token';

/** The JOSE `typ` of access tokens (RFC 9068); refresh tokens are opaque and never JWTs. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

const isUuid = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value);

/**
 * Who a credential belongs to. A credential that is not valid gives undefined (401); a lookup the
 * database did not answer throws, since it says nothing about the credential (503, never 401).
 */
@Injectable()
export class Credentials {
  // A KeyObject, made once: given a string, jsonwebtoken first tries to parse it as a PEM public
  // key on every verification, which throws and cost ~0.7 ms of CPU per request (docs/performance.md).
  private readonly secret: KeyObject;
  private readonly accessToken: VerifyOptions & { complete: true };

  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly db: DataSource,
  ) {
    this.secret = createSecretKey(Buffer.from(config.get('JWT_SECRET', { infer: true })));
    // The verified header comes with the claims, so `typ` is checked without decoding the token twice.
    this.accessToken = {
      algorithms: ['HS256'],
      issuer: config.get('JWT_ISSUER', { infer: true }),
      audience: config.get('JWT_AUDIENCE', { infer: true }),
      complete: true,
    };
  }

  /**
   * A bearer access token (RFC 8725): HS256 only, `iss`, `aud`, `exp` and `typ` checked, and the
   * user still active with the sign-in (`sid`) not ended, so deactivation, logout and a password
   * change take effect on the next request.
   */
  async ofAccessToken(token: string): Promise<Actor | undefined> {
    let sub: unknown;
    let sid: unknown;
    try {
      const verified = verify(token, this.secret, this.accessToken);
      if (verified.header.typ !== ACCESS_TOKEN_TYPE || typeof verified.payload !== 'object') return undefined;
      ({ sub, sid } = verified.payload as { sub?: unknown; sid?: unknown });
    } catch {
      return undefined; // malformed, badly signed, expired, or for another issuer or audience
    }
    if (!isUuid(sub) || !isUuid(sid)) return undefined;
    // Every authenticated request runs this one statement, straight on the pool.
    const user = await first(this.db, callerQueries.signedInUser(sub, sid));
    return user ? { kind: 'user', id: user.id, role: user.role, sessionId: sid } : undefined;
  }

  /** An integration key (`X-API-Key`), looked up by its hash: a revoked key stops working at once. */
  async ofApiKey(key: string): Promise<Actor | undefined> {
    if (!key || key.length > 200) return undefined;
    const found = await first(this.db, callerQueries.workingApiKey(hashToken(key)));
    return found ? { kind: 'apiKey', id: found.id, scopes: found.scopes } : undefined;
  }
}
