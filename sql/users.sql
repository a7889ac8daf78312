-- Rendered by `npm run queries` from src/**/users.queries.ts; CI fails when this file is stale.

-- users.accounts[1] (no scope)
SELECT u.id, u.email, u.role, u.display_name, u.active, u.created_at, u.updated_at,
       p.credentials, p.crpo_number, p.languages, p.bio, p.takes_connection_calls, ARRAY[(u.email)::text, (u.id)::text] AS page_key
           FROM users u LEFT JOIN therapist_profiles p ON p.user_id = u.id
          WHERE TRUE AND TRUE
          ORDER BY u.email ASC, u.id ASC LIMIT 21;

-- users.accounts[2] (no scope)
--   $1 = "therapist"
--   $2 = "dana@clinic.example"
--   $3 = "00000000-0000-4000-8000-000000000002"
SELECT u.id, u.email, u.role, u.display_name, u.active, u.created_at, u.updated_at,
       p.credentials, p.crpo_number, p.languages, p.bio, p.takes_connection_calls, ARRAY[(u.email)::text, (u.id)::text] AS page_key
           FROM users u LEFT JOIN therapist_profiles p ON p.user_id = u.id
          WHERE u.role = $1 AND (u.email, u.id) > ($2::text, $3::uuid)
          ORDER BY u.email ASC, u.id ASC LIMIT 21;

-- users.account[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT u.id, u.email, u.role, u.display_name, u.active, u.created_at, u.updated_at,
       p.credentials, p.crpo_number, p.languages, p.bio, p.takes_connection_calls
           FROM users u LEFT JOIN therapist_profiles p ON p.user_id = u.id WHERE u.id = $1;

-- users.activeAccount[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT u.id, u.email, u.role, u.display_name, u.active, u.created_at, u.updated_at,
       p.credentials, p.crpo_number, p.languages, p.bio, p.takes_connection_calls
           FROM users u LEFT JOIN therapist_profiles p ON p.user_id = u.id WHERE u.id = $1 AND u.active;

-- users.lockActiveTherapist[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT u.id FROM users u WHERE u.id = $1 AND u.role = 'therapist' AND u.active FOR SHARE;

-- users.accountToSignIn[1] (no scope)
--   $1 = "dana@clinic.example"
SELECT u.id, u.email, u.role, u.display_name, u.active, u.created_at, u.updated_at,
       p.credentials, p.crpo_number, p.languages, p.bio, p.takes_connection_calls, u.password_hash
           FROM users u LEFT JOIN therapist_profiles p ON p.user_id = u.id WHERE u.email = $1;

-- users.emailTaken[1] (no scope)
--   $1 = "dana@clinic.example"
SELECT 1 FROM users WHERE email = $1;

-- users.anyAdmin[1] (no scope)
SELECT 1 FROM users WHERE role = 'admin' LIMIT 1;

-- users.lockAdminCreation[1] (no scope)
--   $1 = 7413002
SELECT pg_advisory_xact_lock($1);

-- users.purgedPortalAccount[1] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000003"
SELECT EXISTS (SELECT 1 FROM clients c WHERE c.portal_user_id = $1 AND c.purged_at IS NOT NULL AND TRUE) AS purged;

-- users.createAccount[1] (no scope)
--   $1 = "dana@clinic.example"
--   $2 = "therapist"
--   $3 = "Dana Morel"
--   $4 = "$argon2id$…"
INSERT INTO users (email, role, display_name, password_hash) VALUES ($1, $2, $3, $4)
         RETURNING id, email, role, display_name, active, created_at, updated_at,
                   NULL AS credentials, NULL AS crpo_number, NULL AS languages, NULL AS bio, NULL AS takes_connection_calls;

-- users.createTherapistProfile[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "RP"
--   $3 = "10234"
--   $4 = ["en","fr"]
--   $5 = ""
--   $6 = false
INSERT INTO therapist_profiles (user_id, credentials, crpo_number, languages, bio, takes_connection_calls) VALUES ($1, $2, $3, $4, $5, $6);

-- users.updateAccount[1] (no scope)
--   $1 = "Dana Morel"
--   $2 = "00000000-0000-4000-8000-000000000002"
UPDATE users SET display_name = $1, updated_at = now() WHERE id = $2;

-- users.updateAccount[2] (no scope)
--   $1 = false
--   $2 = 2026-03-01T14:00:00.000Z
--   $3 = "00000000-0000-4000-8000-000000000002"
UPDATE users SET active = $1, deactivated_at = $2, updated_at = now() WHERE id = $3;

-- users.updateTherapistProfile[1] (no scope)
--   $1 = "Works with couples."
--   $2 = true
--   $3 = "00000000-0000-4000-8000-000000000002"
UPDATE therapist_profiles SET bio = $1, takes_connection_calls = $2 WHERE user_id = $3;
