import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { Actor, UserActor } from '../common/auth/roles';
import { hashToken, newSecretToken } from '../common/auth/secret-token';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination/pagination';
import { InvalidRequest, NotFound, Unauthorized } from '../common/problem/problem';
import { ApiKey } from './api-key.entity';
import { toApiKeyResponse } from './api-keys.mapper';
import { ApiKeyResponse, CreatedApiKeyResponse, CurrentApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

const KEY_PREFIX = 'ck_';
// `ck_` and 7 random characters: enough to tell keys apart, far too little to guess one.
const SHOWN_PREFIX_LENGTH = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Integration keys, managed by admins. Only revoked, never deleted, so audit events keep their key. */
@Injectable()
export class ApiKeysService {
  constructor(private readonly db: DataSource) {}

  async create(actor: UserActor, dto: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    const key = newSecretToken(KEY_PREFIX);
    const saved = await this.db.getRepository(ApiKey).save({
      name: dto.name,
      prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
      keyHash: hashToken(key),
      scopes: dto.scopes,
      createdBy: actor.id,
    });
    return { ...toApiKeyResponse(saved), key };
  }

  /** Keys that work, newest first. */
  async list(_actor: UserActor, query: PageQuery): Promise<Page<ApiKeyResponse>> {
    const qb = this.db
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .where('k.revokedAt IS NULL')
      .orderBy('k.createdAt', 'DESC')
      .addOrderBy('k.id', 'DESC')
      .take(query.limit + 1);
    if (query.cursor) {
      // The cursor is the last id; its created_at is read back in full microsecond precision.
      const [id] = decodeCursor(query.cursor, 1);
      if (typeof id !== 'string' || !UUID.test(id)) throw new InvalidRequest('The cursor is not one this API issued.');
      qb.andWhere('(k.created_at, k.id) < (SELECT c.created_at, c.id FROM api_keys c WHERE c.id = :id)', { id });
    }
    const rows = await qb.getMany();
    return toPage(rows, query.limit, (k) => [k.id], toApiKeyResponse);
  }

  /** Revokes at once: the key's next request is a 401. */
  async revoke(_actor: UserActor, id: string): Promise<void> {
    const result = await this.db.getRepository(ApiKey).update({ id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    if (!result.affected) throw new NotFound('API key');
  }

  async current(actor: Actor): Promise<CurrentApiKeyResponse> {
    if (actor.kind !== 'apiKey') throw new Unauthorized('Send the key to check in X-API-Key.');
    const key = await this.db.getRepository(ApiKey).findOne({ where: { id: actor.id } });
    if (!key) throw new Unauthorized();
    return { id: key.id, name: key.name, scopes: key.scopes };
  }
}
