-- Rendered by `npm run queries` from src/**/passwords.queries.ts; CI fails when this file is stale.

-- passwords.currentPassword[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT email, password_hash FROM users WHERE id = $1;

-- passwords.setPassword[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "$argon2id$…"
UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1;

-- passwords.activeAccountWithEmail[1] (no scope)
--   $1 = "dana@clinic.example"
SELECT id FROM users WHERE email = $1 AND active;

-- passwords.endUnusedResets[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
UPDATE password_resets SET expires_at = now() WHERE user_id = $1 AND used_at IS NULL AND expires_at > now();

-- passwords.createReset[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = <bytes>
--   $3 = 2026-04-01T14:00:00.000Z
INSERT INTO password_resets (user_id, token_hash, expires_at) VALUES ($1, $2, $3);

-- passwords.resetByToken[1] (no scope)
--   $1 = <bytes>
SELECT r.id, r.user_id, r.used_at IS NOT NULL AS used, r.expires_at <= now() OR NOT u.active AS expired
           FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1 FOR UPDATE OF r;

-- passwords.resetUsed[1] (no scope)
--   $1 = "00000000-0000-4000-8000-00000000000b"
UPDATE password_resets SET used_at = now() WHERE id = $1;
