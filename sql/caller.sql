-- Rendered by `npm run queries` from src/**/caller.queries.ts; CI fails when this file is stale.

-- caller.signedInUser[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "00000000-0000-4000-8000-00000000000b"
SELECT u.id, u.role FROM users u
        WHERE u.id = $1 AND u.active
          AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = $2 AND r.user_id = u.id AND r.revoked_at IS NULL);

-- caller.workingApiKey[1] (no scope)
--   $1 = <bytes>
SELECT id, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL;
