import { Scope } from '../common/auth/roles';
import { keyset, KeyedRow } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';

/** Scopes are written from the declared list only. */
type Scoped = { scopes: Scope[] };

/** A key as lists show it: never its hash. */
export type ApiKeyRow = Pick<Row<'api_keys'>, 'id' | 'name' | 'prefix' | 'created_at'> & Scoped;

const API_KEY_COLUMNS = 'k.id, k.name, k.prefix, k.scopes, k.created_at';

/** Newest first; the creation instant keeps its microseconds through the cursor. */
export const API_KEY_ORDER = keyset({ column: 'k.created_at', type: 'timestamptz', descending: true }, { column: 'k.id', type: 'uuid', descending: true });

/** Integration keys: only revoked, never deleted, so audit events keep their key. */
export const apiKeysQueries = queryModule(
  'api-keys',
  {
    create(key: Pick<Row<'api_keys'>, 'name' | 'prefix' | 'key_hash' | 'created_by'> & Scoped) {
      return statement<ApiKeyRow>(
        `INSERT INTO api_keys AS k (name, prefix, key_hash, scopes, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${API_KEY_COLUMNS}`,
        [key.name, key.prefix, key.key_hash, key.scopes, key.created_by],
      );
    },
    workingKeys(query: { cursor?: string; limit: number }) {
      const p = new SqlParams();
      return statement<ApiKeyRow & KeyedRow>(
        `SELECT ${API_KEY_COLUMNS}, ${API_KEY_ORDER.key} FROM api_keys k
          WHERE k.revoked_at IS NULL AND ${API_KEY_ORDER.after(query.cursor, p)}
          ORDER BY ${API_KEY_ORDER.orderBy} LIMIT ${API_KEY_ORDER.limit(query.limit)}`,
        p,
      );
    },
    revoke(id: string) {
      return statement('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
    },
    key(id: string) {
      return statement<Pick<Row<'api_keys'>, 'id' | 'name'> & Scoped>('SELECT id, name, scopes FROM api_keys WHERE id = $1', [id]);
    },
  },
  {
    create: [[{ name: 'Website booking widget', prefix: 'ck_Xq3v9Lm', key_hash: Buffer.alloc(32), scopes: ['bookings:write'], created_by: SAMPLE_ID.admin }]],
    workingKeys: [[{ limit: 20 }], [{ cursor: sampleCursor('2026-03-01 14:00:00.123456+00', SAMPLE_ID.apiKey), limit: 20 }]],
    revoke: [[SAMPLE_ID.apiKey]],
    key: [[SAMPLE_ID.apiKey]],
  },
);
