-- Rendered by `npm run queries` from src/**/idempotency.queries.ts; CI fails when this file is stale.

-- idempotency.claim[1] (no scope)
--   $1 = "user:00000000-0000-4000-8000-000000000001"
--   $2 = "key-1"
--   $3 = <bytes>
--   $4 = "00000000-0000-4000-8000-00000000000b"
--   $5 = 24
--   $6 = 30
INSERT INTO idempotency_keys AS k (scope, key, request_hash, state, claim_id, expires_at)
       VALUES ($1, $2, $3, 'in_progress', $4, now() + make_interval(hours => $5))
       ON CONFLICT (scope, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, state = 'in_progress', claim_id = EXCLUDED.claim_id, response_status = NULL,
              response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE k.expires_at <= now() OR (k.state = 'in_progress' AND k.created_at < now() - make_interval(secs => $6))
       RETURNING 1;

-- idempotency.held[1] (no scope)
--   $1 = "user:00000000-0000-4000-8000-000000000001"
--   $2 = "key-1"
SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2;

-- idempotency.recordAnswer[1] (no scope)
--   $1 = "user:00000000-0000-4000-8000-000000000001"
--   $2 = "key-1"
--   $3 = "00000000-0000-4000-8000-00000000000b"
--   $4 = 201
--   $5 = "{\"ids\":[\"00000000-0000-4000-8000-000000000004\"]}"
UPDATE idempotency_keys SET state = 'done', claim_id = NULL, response_status = $4, response_body = $5::jsonb
            WHERE scope = $1 AND key = $2 AND claim_id = $3 AND state = 'in_progress';

-- idempotency.release[1] (no scope)
--   $1 = "user:00000000-0000-4000-8000-000000000001"
--   $2 = "key-1"
--   $3 = "00000000-0000-4000-8000-00000000000b"
DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND claim_id = $3 AND state = 'in_progress';

-- idempotency.deleteExpired[1] (exemption: worker)
DELETE FROM idempotency_keys WHERE expires_at <= now();
