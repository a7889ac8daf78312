import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, UserActor } from '../common/auth/roles';
import { hashToken, newSecretToken } from '../common/auth/secret-token';
import { Page, PageQuery } from '../common/pagination/pagination';
import { NotFound, Unauthorized } from '../common/problem/problem';
import { affected, first, rows } from '../database/statement';
import { toApiKeyResponse } from './api-keys.mapper';
import { API_KEY_ORDER, apiKeysQueries } from './api-keys.queries';
import { ApiKeyResponse, CreatedApiKeyResponse, CurrentApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

const KEY_PREFIX = 'ck_';
// `ck_` and 7 random characters: enough to tell keys apart, far too little to guess one.
const SHOWN_PREFIX_LENGTH = 10;

/** Integration keys, managed by admins. Only revoked, never deleted, so audit events keep their key. */
@Injectable()
export class ApiKeysService {
  constructor(private readonly db: DataSource) {}

  async create(actor: UserActor, dto: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    const key = newSecretToken(KEY_PREFIX);
    const [saved] = await rows(
      this.db,
      apiKeysQueries.create({ name: dto.name, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), key_hash: hashToken(key), scopes: dto.scopes, created_by: actor.id }),
    );
    return { ...toApiKeyResponse(saved), key };
  }

  /** Keys that work, newest first. */
  async list(_actor: UserActor, query: PageQuery): Promise<Page<ApiKeyResponse>> {
    const keys = await rows(this.db, apiKeysQueries.workingKeys(query));
    return API_KEY_ORDER.page(keys, query.limit, toApiKeyResponse);
  }

  /** Revokes at once: the key's next request is a 401. */
  async revoke(_actor: UserActor, id: string): Promise<void> {
    if (!(await affected(this.db, apiKeysQueries.revoke(id)))) throw new NotFound('API key');
  }

  async current(actor: Actor): Promise<CurrentApiKeyResponse> {
    if (actor.kind !== 'apiKey') throw new Unauthorized('Send the key to check in X-API-Key.');
    const key = await first(this.db, apiKeysQueries.key(actor.id));
    if (!key) throw new Unauthorized();
    return { id: key.id, name: key.name, scopes: key.scopes };
  }
}
