-- Rendered by `npm run queries` from src/**/invitations.queries.ts; CI fails when this file is stale.

-- invitations.endUnused[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000004"
UPDATE invitations SET expires_at = now() WHERE client_id = $1 AND accepted_at IS NULL AND expires_at > now();

-- invitations.create[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "sam@example.org"
--   $3 = <bytes>
--   $4 = 2026-04-01T14:00:00.000Z
--   $5 = "00000000-0000-4000-8000-000000000002"
INSERT INTO invitations (client_id, email, token_hash, expires_at, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, email, expires_at;

-- invitations.byToken[1] (exemption: bearer-token)
--   $1 = <bytes>
SELECT id, email, client_id, accepted_at IS NOT NULL AS accepted, expires_at <= now() AS expired
           FROM invitations WHERE token_hash = $1 FOR UPDATE;

-- invitations.accepted[1] (exemption: bearer-token)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "00000000-0000-4000-8000-000000000003"
UPDATE invitations SET accepted_at = now(), user_id = $2 WHERE id = $1;

-- invitations.linkPortalAccount[1] (exemption: bearer-token)
--   $1 = "00000000-0000-4000-8000-000000000003"
--   $2 = "00000000-0000-4000-8000-000000000004"
UPDATE clients SET portal_user_id = $1 WHERE id = $2 AND portal_user_id IS NULL RETURNING id;
