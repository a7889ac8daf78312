-- Rendered by `npm run queries` from src/**/sign-ins.queries.ts; CI fails when this file is stale.

-- sign-ins.issueRefreshToken[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "00000000-0000-4000-8000-00000000000b"
--   $3 = <bytes>
--   $4 = 2026-03-01T14:00:00.000Z
--   $5 = 2026-04-01T14:00:00.000Z
INSERT INTO refresh_tokens (user_id, family_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5);

-- sign-ins.useRefreshToken[1] (no scope)
--   $1 = <bytes>
UPDATE refresh_tokens SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          RETURNING user_id, family_id;

-- sign-ins.rotationInGrace[1] (no scope)
--   $1 = <bytes>
--   $2 = <bytes>
--   $3 = 10
SELECT n.user_id, n.family_id, n.created_at AS issued_at
           FROM refresh_tokens o JOIN refresh_tokens n ON n.token_hash = $2 AND n.family_id = o.family_id
          WHERE o.token_hash = $1 AND o.revoked_at IS NULL AND o.used_at > now() - make_interval(secs => $3)
            AND n.used_at IS NULL AND n.revoked_at IS NULL;

-- sign-ins.revokeFamilyOfUsedToken[1] (no scope)
--   $1 = <bytes>
UPDATE refresh_tokens SET revoked_at = now()
          WHERE revoked_at IS NULL
            AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND used_at IS NOT NULL);

-- sign-ins.endSignIn[1] (no scope)
--   $1 = <bytes>
UPDATE refresh_tokens SET revoked_at = now()
        WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1);

-- sign-ins.endSignIns[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = null
UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2;

-- sign-ins.endSignIns[2] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "00000000-0000-4000-8000-00000000000b"
UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2;
