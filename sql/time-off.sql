-- Rendered by `npm run queries` from src/**/time-off.queries.ts; CI fails when this file is stale.

-- time-off.insert[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "00000000-0000-4000-8000-00000000000b"
--   $3 = 2026-03-01T14:00:00.000Z
--   $4 = 2026-04-01T14:00:00.000Z
--   $5 = "Holidays"
--   $6 = "00000000-0000-4000-8000-000000000002"
INSERT INTO time_off (therapist_id, busy_time_id, starts_at, ends_at, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *;

-- time-off.current[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT o.*, ARRAY[(o.starts_at)::text, (o.id)::text] AS page_key FROM time_off o WHERE o.therapist_id = $1 AND o.released_at IS NULL AND o.ends_at > now() AND TRUE ORDER BY o.starts_at ASC, o.id ASC LIMIT 21;

-- time-off.current[2] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "2026-12-24 00:00:00-05"
--   $3 = "00000000-0000-4000-8000-00000000000b"
SELECT o.*, ARRAY[(o.starts_at)::text, (o.id)::text] AS page_key FROM time_off o WHERE o.therapist_id = $1 AND o.released_at IS NULL AND o.ends_at > now() AND (o.starts_at, o.id) > ($2::timestamptz, $3::uuid) ORDER BY o.starts_at ASC, o.id ASC LIMIT 21;

-- time-off.release[1] (no scope)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "00000000-0000-4000-8000-000000000002"
UPDATE time_off SET released_at = now() WHERE id = $1 AND therapist_id = $2 AND released_at IS NULL RETURNING *;
