-- Rendered by `npm run queries` from src/**/therapists.queries.ts; CI fails when this file is stale.

-- therapists.reachableTherapist[1] (scope: therapist-calendar)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT 1 FROM users u WHERE u.id = $1 AND u.role = 'therapist' AND u.id = $2;

-- therapists.reachableTherapist[2] (scope: therapist-calendar)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT 1 FROM users u WHERE u.id = $1 AND u.role = 'therapist' AND TRUE;

-- therapists.weeklyWindows[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT weekday, to_char(starts_at, 'HH24:MI') AS start, to_char(ends_at, 'HH24:MI') AS end
         FROM availability_windows WHERE therapist_id = $1 ORDER BY weekday, starts_at;

-- therapists.replaceWindows[1.1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
DELETE FROM availability_windows WHERE therapist_id = $1;

-- therapists.replaceWindows[1.2] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "[{\"weekday\":2,\"start\":\"09:00\",\"end\":\"12:00\"}]"
INSERT INTO availability_windows (therapist_id, weekday, starts_at, ends_at)
           SELECT $1, w.weekday, w.start::time, w."end"::time FROM jsonb_to_recordset($2::jsonb) AS w(weekday int, start text, "end" text);

-- therapists.replaceWindows[2] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
DELETE FROM availability_windows WHERE therapist_id = $1;

-- therapists.bookableTherapists[1] (no scope)
SELECT u.id, u.display_name AS "displayName", p.credentials, p.languages, p.bio, ARRAY[(u.display_name)::text, (u.id)::text] AS page_key
         FROM users u JOIN therapist_profiles p ON p.user_id = u.id
        WHERE u.role = 'therapist' AND u.active AND p.takes_connection_calls AND TRUE
        ORDER BY u.display_name ASC, u.id ASC LIMIT 21;

-- therapists.bookableTherapists[2] (no scope)
--   $1 = "Dana Morel"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT u.id, u.display_name AS "displayName", p.credentials, p.languages, p.bio, ARRAY[(u.display_name)::text, (u.id)::text] AS page_key
         FROM users u JOIN therapist_profiles p ON p.user_id = u.id
        WHERE u.role = 'therapist' AND u.active AND p.takes_connection_calls AND (u.display_name, u.id) > ($1::text, $2::uuid)
        ORDER BY u.display_name ASC, u.id ASC LIMIT 21;
