import { queryModule } from '../../database/query-module';
import { SAMPLE_ID } from '../../database/query-samples';
import { Row } from '../../database/schema.generated';
import { statement } from '../../database/statement';

/** Which key: the caller it belongs to and the key itself. */
export type IdempotencyKeyId = Pick<Row<'idempotency_keys'>, 'scope' | 'key'>;

/** The request that holds a key, and its answer once it is done. */
export type HeldKey = Pick<Row<'idempotency_keys'>, 'request_hash' | 'state' | 'response_status'> & {
  /** What the first request stored for replays: always an object. */
  response_body: object | null;
};

export const idempotencyQueries = queryModule(
  'idempotency',
  {
    /**
     * Claims a key for one attempt. Expired keys, and claims whose lease ran out (a crashed
     * attempt), are taken over in the same statement; a key held otherwise claims nothing.
     */
    claim(id: IdempotencyKeyId, claim: { requestHash: Buffer; claimId: string; ttlHours: number; leaseSeconds: number }) {
      return statement(
        `INSERT INTO idempotency_keys AS k (scope, key, request_hash, state, claim_id, expires_at)
       VALUES ($1, $2, $3, 'in_progress', $4, now() + make_interval(hours => $5))
       ON CONFLICT (scope, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, state = 'in_progress', claim_id = EXCLUDED.claim_id, response_status = NULL,
              response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE k.expires_at <= now() OR (k.state = 'in_progress' AND k.created_at < now() - make_interval(secs => $6))
       RETURNING 1`,
        [id.scope, id.key, claim.requestHash, claim.claimId, claim.ttlHours, claim.leaseSeconds],
      );
    },

    /** The request holding a key. */
    held(id: IdempotencyKeyId) {
      return statement<HeldKey>('SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2', [id.scope, id.key]);
    },

    /** Records the answer under the attempt's own claim; touches nothing when the claim was taken over. */
    recordAnswer(id: IdempotencyKeyId, claimId: string, status: number, stored: object) {
      return statement(
        `UPDATE idempotency_keys SET state = 'done', claim_id = NULL, response_status = $4, response_body = $5::jsonb
            WHERE scope = $1 AND key = $2 AND claim_id = $3 AND state = 'in_progress'`,
        [id.scope, id.key, claimId, status, JSON.stringify(stored)],
      );
    },

    /** Releases the attempt's claim after an error, so a corrected retry runs afresh. */
    release(id: IdempotencyKeyId, claimId: string) {
      return statement(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND claim_id = $3 AND state = 'in_progress'`, [id.scope, id.key, claimId]);
    },

    /** Keys past their time to live, with their stored answers. */
    deleteExpired() {
      return statement(`DELETE FROM idempotency_keys WHERE expires_at <= now()`, [], 'worker');
    },
  },
  {
    claim: [[{ scope: `user:${SAMPLE_ID.admin}`, key: 'key-1' }, { requestHash: Buffer.alloc(32), claimId: SAMPLE_ID.other, ttlHours: 24, leaseSeconds: 30 }]],
    held: [[{ scope: `user:${SAMPLE_ID.admin}`, key: 'key-1' }]],
    recordAnswer: [[{ scope: `user:${SAMPLE_ID.admin}`, key: 'key-1' }, SAMPLE_ID.other, 201, { ids: [SAMPLE_ID.client] }]],
    release: [[{ scope: `user:${SAMPLE_ID.admin}`, key: 'key-1' }, SAMPLE_ID.other]],
    deleteExpired: [[]],
  },
);
