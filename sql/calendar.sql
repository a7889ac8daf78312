-- Rendered by `npm run queries` from src/**/calendar.queries.ts; CI fails when this file is stale.

-- calendar.replaceFeedToken[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = <bytes>
INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now();

-- calendar.feedOwner[1] (no scope)
--   $1 = <bytes>
SELECT f.user_id, u.role, u.display_name FROM calendar_feeds f JOIN users u ON u.id = f.user_id AND u.active WHERE f.token_hash = $1;

-- calendar.feedCalls[1] (scope: connection-call)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = 2026-03-01T14:00:00.000Z
SELECT c.id, c.starts_at, c.ends_at, c.modality, c.name, c.updated_at FROM connection_calls c
        WHERE c.therapist_id = $1 AND c.status <> 'cancelled' AND c.ends_at >= $2 ORDER BY c.starts_at, c.id LIMIT 2000;

-- calendar.feedSessions[1] (scope: session)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = 2026-03-01T14:00:00.000Z
SELECT s.id, lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url,
        u.display_name AS therapist_name, (SELECT c.legal_name FROM clients c WHERE c.id = s.client_id) AS client_name, s.updated_at,
        CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END AS client_ids
      FROM therapy_sessions s
      JOIN users u ON u.id = s.therapist_id
     WHERE s.therapist_id = $1 AND s.status <> 'cancelled' AND upper(s.during) >= $2::timestamptz AND lower(s.during) >= $2::timestamptz - interval '4 hours'
     ORDER BY lower(s.during), s.id LIMIT 2000;

-- calendar.feedSessions[2] (scope: session)
--   $1 = "00000000-0000-4000-8000-000000000003"
--   $2 = 2026-03-01T14:00:00.000Z
SELECT s.id, lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url,
        u.display_name AS therapist_name, (SELECT c.legal_name FROM clients c WHERE c.id = s.client_id) AS client_name, s.updated_at,
        CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END AS client_ids
      FROM therapy_sessions s
      JOIN users u ON u.id = s.therapist_id
     WHERE (s.client_id = ANY (ARRAY(SELECT sc.id FROM clients sc WHERE sc.portal_user_id = $1))
      OR s.couple_id = ANY (ARRAY(SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $1))) AND s.status <> 'cancelled' AND upper(s.during) >= $2::timestamptz AND lower(s.during) >= $2::timestamptz - interval '4 hours'
     ORDER BY lower(s.during), s.id LIMIT 2000;
