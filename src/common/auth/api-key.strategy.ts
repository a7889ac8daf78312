import { Injectable, OnModuleInit } from '@nestjs/common';
import passport, { Strategy } from 'passport';
import { DataSource } from 'typeorm';
import { first } from '../../database/statement';
import { callerQueries } from './caller.queries';
import { Actor } from './roles';
import { hashToken } from './secret-token';

/** Minimal passport strategy that reads `X-API-Key`. */
class HeaderApiKeyStrategy extends Strategy {
  constructor(private readonly verify: (key: string) => Promise<Actor | false>) {
    super();
  }

  override authenticate(request: { headers: Record<string, string | string[] | undefined> }): void {
    const key = request.headers['x-api-key'];
    if (typeof key !== 'string' || !key) return this.fail(401);
    this.verify(key).then(
      (actor) => (actor ? this.success(actor) : this.fail(401)),
      (error: unknown) => this.error(error as Error),
    );
  }
}

/** Integration keys: looked up by hash; a revoked key stops working at once. */
@Injectable()
export class ApiKeyStrategy implements OnModuleInit {
  constructor(private readonly db: DataSource) {}

  onModuleInit(): void {
    passport.use('api-key', new HeaderApiKeyStrategy((key) => this.lookup(key)));
  }

  private async lookup(key: string): Promise<Actor | false> {
    if (key.length > 200) return false;
    // Every request with a key runs this: straight on the pool, like the access-token check.
    const found = await first(this.db, callerQueries.workingApiKey(hashToken(key)));
    return found ? { kind: 'apiKey', id: found.id, scopes: found.scopes } : false;
  }
}
