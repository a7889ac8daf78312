-- Rendered by `npm run queries` from src/**/api-keys.queries.ts; CI fails when this file is stale.

-- api-keys.create[1] (no scope)
--   $1 = "Website booking widget"
--   $2 = "ck_Xq3v9Lm"
--   $3 = <bytes>
--   $4 = ["bookings:write"]
--   $5 = "00000000-0000-4000-8000-000000000001"
INSERT INTO api_keys AS k (name, prefix, key_hash, scopes, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING k.id, k.name, k.prefix, k.scopes, k.created_at;

-- api-keys.workingKeys[1] (no scope)
SELECT k.id, k.name, k.prefix, k.scopes, k.created_at, ARRAY[(k.created_at)::text, (k.id)::text] AS page_key FROM api_keys k
          WHERE k.revoked_at IS NULL AND TRUE
          ORDER BY k.created_at DESC, k.id DESC LIMIT 21;

-- api-keys.workingKeys[2] (no scope)
--   $1 = "2026-03-01 14:00:00.123456+00"
--   $2 = "00000000-0000-4000-8000-00000000000a"
SELECT k.id, k.name, k.prefix, k.scopes, k.created_at, ARRAY[(k.created_at)::text, (k.id)::text] AS page_key FROM api_keys k
          WHERE k.revoked_at IS NULL AND (k.created_at, k.id) < ($1::timestamptz, $2::uuid)
          ORDER BY k.created_at DESC, k.id DESC LIMIT 21;

-- api-keys.revoke[1] (no scope)
--   $1 = "00000000-0000-4000-8000-00000000000a"
UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL;

-- api-keys.key[1] (no scope)
--   $1 = "00000000-0000-4000-8000-00000000000a"
SELECT id, name, scopes FROM api_keys WHERE id = $1;
