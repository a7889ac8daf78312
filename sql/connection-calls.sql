-- Rendered by `npm run queries` from src/**/connection-calls.queries.ts; CI fails when this file is stale.

-- connection-calls.bookableCalendars[1] (no scope)
--   $1 = 2026-03-01T14:00:00.000Z
--   $2 = 2026-04-01T14:00:00.000Z
--   $3 = null
SELECT u.id,
              coalesce((SELECT json_agg(json_build_object('weekday', w.weekday, 'start', to_char(w.starts_at, 'HH24:MI'), 'end', to_char(w.ends_at, 'HH24:MI')))
                          FROM availability_windows w WHERE w.therapist_id = u.id), '[]') AS windows,
              (SELECT string_agg((extract(epoch FROM lower(r)) * 1000)::bigint || ',' || (extract(epoch FROM upper(r)) * 1000)::bigint, ',')
                 FROM unnest((SELECT range_agg(b.during) FROM busy_times b
                               WHERE b.therapist_id = u.id AND b.released_at IS NULL
                                 AND b.during && tstzrange($1, $2, '[)'))) r) AS busy
         FROM users u JOIN therapist_profiles p ON p.user_id = u.id
        WHERE u.role = 'therapist' AND u.active AND p.takes_connection_calls AND ($3::uuid IS NULL OR u.id = $3::uuid)
        ORDER BY u.id;

-- connection-calls.bookableCalendars[2] (no scope)
--   $1 = 2026-03-01T14:00:00.000Z
--   $2 = 2026-04-01T14:00:00.000Z
--   $3 = "00000000-0000-4000-8000-000000000002"
SELECT u.id,
              coalesce((SELECT json_agg(json_build_object('weekday', w.weekday, 'start', to_char(w.starts_at, 'HH24:MI'), 'end', to_char(w.ends_at, 'HH24:MI')))
                          FROM availability_windows w WHERE w.therapist_id = u.id), '[]') AS windows,
              (SELECT string_agg((extract(epoch FROM lower(r)) * 1000)::bigint || ',' || (extract(epoch FROM upper(r)) * 1000)::bigint, ',')
                 FROM unnest((SELECT range_agg(b.during) FROM busy_times b
                               WHERE b.therapist_id = u.id AND b.released_at IS NULL
                                 AND b.during && tstzrange($1, $2, '[)'))) r) AS busy
         FROM users u JOIN therapist_profiles p ON p.user_id = u.id
        WHERE u.role = 'therapist' AND u.active AND p.takes_connection_calls AND ($3::uuid IS NULL OR u.id = $3::uuid)
        ORDER BY u.id;

-- connection-calls.bookableLoads[1] (exemption: public-booking)
--   $1 = 2026-03-01T14:00:00.000Z
--   $2 = 2026-04-01T14:00:00.000Z
--   $3 = "00000000-0000-4000-8000-000000000002"
SELECT u.id,
              coalesce((SELECT json_agg(json_build_object('weekday', w.weekday, 'start', to_char(w.starts_at, 'HH24:MI'), 'end', to_char(w.ends_at, 'HH24:MI')))
                          FROM availability_windows w WHERE w.therapist_id = u.id), '[]') AS windows,
              (SELECT string_agg((extract(epoch FROM lower(r)) * 1000)::bigint || ',' || (extract(epoch FROM upper(r)) * 1000)::bigint, ',')
                 FROM unnest((SELECT range_agg(b.during) FROM busy_times b
                               WHERE b.therapist_id = u.id AND b.released_at IS NULL
                                 AND b.during && tstzrange($1, $2, '[)'))) r) AS busy,
              u.display_name, u.email,
              (SELECT count(*)::int FROM connection_calls c
                WHERE c.therapist_id = u.id AND c.status <> 'cancelled' AND c.starts_at >= now() AND c.starts_at < now() + interval '30 days') AS upcoming,
              (SELECT max(c.created_at) FROM connection_calls c WHERE c.therapist_id = u.id) AS last_booked_at
         FROM users u JOIN therapist_profiles p ON p.user_id = u.id
        WHERE u.role = 'therapist' AND u.active AND p.takes_connection_calls AND ($3::uuid IS NULL OR u.id = $3::uuid)
        ORDER BY u.id;

-- connection-calls.bookableLoads[2] (exemption: public-booking)
--   $1 = 2026-03-01T14:00:00.000Z
--   $2 = 2026-04-01T14:00:00.000Z
--   $3 = "00000000-0000-4000-8000-000000000002"
--   $4 = "00000000-0000-4000-8000-00000000000b"
SELECT u.id,
              coalesce((SELECT json_agg(json_build_object('weekday', w.weekday, 'start', to_char(w.starts_at, 'HH24:MI'), 'end', to_char(w.ends_at, 'HH24:MI')))
                          FROM availability_windows w WHERE w.therapist_id = u.id), '[]') AS windows,
              (SELECT string_agg((extract(epoch FROM lower(r)) * 1000)::bigint || ',' || (extract(epoch FROM upper(r)) * 1000)::bigint, ',')
                 FROM unnest((SELECT range_agg(b.during) FROM busy_times b
                               WHERE b.therapist_id = u.id AND b.released_at IS NULL AND b.id <> $4::uuid
                                 AND b.during && tstzrange($1, $2, '[)'))) r) AS busy,
              u.display_name, u.email,
              (SELECT count(*)::int FROM connection_calls c
                WHERE c.therapist_id = u.id AND c.status <> 'cancelled' AND c.starts_at >= now() AND c.starts_at < now() + interval '30 days') AS upcoming,
              (SELECT max(c.created_at) FROM connection_calls c WHERE c.therapist_id = u.id) AS last_booked_at
         FROM users u JOIN therapist_profiles p ON p.user_id = u.id
        WHERE u.role = 'therapist' AND u.active AND p.takes_connection_calls AND ($3::uuid IS NULL OR u.id = $3::uuid)
        ORDER BY u.id;

-- connection-calls.lockEmail[1] (no scope)
--   $1 = "connection-call-email:sam.rivera@example.com"
SELECT pg_advisory_xact_lock(hashtext($1));

-- connection-calls.openBookings[1] (exemption: public-booking)
--   $1 = "sam.rivera@example.com"
--   $2 = <bytes>
SELECT count(*) FILTER (WHERE requester_hash = $2)::int AS mine, count(*)::int AS all
         FROM connection_calls WHERE email = $1 AND status = 'booked' AND starts_at > now();

-- connection-calls.insertCall[1] (exemption: public-booking)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "00000000-0000-4000-8000-00000000000b"
--   $3 = 2026-03-01T14:00:00.000Z
--   $4 = 2026-04-01T14:00:00.000Z
--   $5 = "video"
--   $6 = "Sam Rivera"
--   $7 = "sam.rivera@example.com"
--   $8 = null
--   $9 = null
--   $10 = <bytes>
--   $11 = null
--   $12 = <bytes>
WITH c AS (
           INSERT INTO connection_calls (therapist_id, busy_time_id, starts_at, ends_at, modality, name, email, phone, message, manage_token_hash, booked_by_key_id, requester_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *)
         SELECT c.id, c.therapist_id, t.display_name AS therapist_name, t.email AS therapist_email, c.busy_time_id,
  c.starts_at, c.ends_at, c.modality, c.status, c.name, c.email, c.phone, c.message, c.staff_notes, c.client_id,
  c.cancelled_at, c.created_at FROM c JOIN users t ON t.id = c.therapist_id;

-- connection-calls.replaceManageToken[1] (exemption: public-booking)
--   $1 = <bytes>
--   $2 = "00000000-0000-4000-8000-000000000009"
UPDATE connection_calls SET manage_token_hash = $1, updated_at = now() WHERE id = $2;

-- connection-calls.managedCall[1] (exemption: bearer-token)
--   $1 = <bytes>
SELECT c.id, c.therapist_id, t.display_name AS therapist_name, t.email AS therapist_email, c.busy_time_id,
  c.starts_at, c.ends_at, c.modality, c.status, c.name, c.email, c.phone, c.message, c.staff_notes, c.client_id,
  c.cancelled_at, c.created_at FROM connection_calls c JOIN users t ON t.id = c.therapist_id WHERE c.manage_token_hash = $1;

-- connection-calls.lockManagedCall[1] (exemption: bearer-token)
--   $1 = <bytes>
SELECT c.id, c.therapist_id, t.display_name AS therapist_name, t.email AS therapist_email, c.busy_time_id,
  c.starts_at, c.ends_at, c.modality, c.status, c.name, c.email, c.phone, c.message, c.staff_notes, c.client_id,
  c.cancelled_at, c.created_at FROM connection_calls c JOIN users t ON t.id = c.therapist_id WHERE c.manage_token_hash = $1 FOR UPDATE OF c;

-- connection-calls.cancelCall[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000009"
UPDATE connection_calls SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = $1 RETURNING status, cancelled_at;

-- connection-calls.moveCall[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000009"
--   $2 = 2026-03-01T14:00:00.000Z
--   $3 = 2026-04-01T14:00:00.000Z
UPDATE connection_calls SET starts_at = $2, ends_at = $3, updated_at = now() WHERE id = $1;

-- connection-calls.staffCalls[1] (scope: connection-call)
SELECT c.id, c.therapist_id, t.display_name AS therapist_name, t.email AS therapist_email, c.busy_time_id,
  c.starts_at, c.ends_at, c.modality, c.status, c.name, c.email, c.phone, c.message, c.staff_notes, c.client_id,
  c.cancelled_at, c.created_at, ARRAY[(c.starts_at)::text, (c.id)::text] AS page_key FROM connection_calls c JOIN users t ON t.id = c.therapist_id
      WHERE TRUE AND TRUE ORDER BY c.starts_at ASC, c.id ASC LIMIT 21;

-- connection-calls.staffCalls[2] (scope: connection-call)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "booked"
--   $3 = "2026-03-01T09:00:00-05:00"
--   $4 = "2026-04-01T10:00:00-04:00"
--   $5 = "2026-03-02 09:00:00-05"
--   $6 = "00000000-0000-4000-8000-000000000009"
SELECT c.id, c.therapist_id, t.display_name AS therapist_name, t.email AS therapist_email, c.busy_time_id,
  c.starts_at, c.ends_at, c.modality, c.status, c.name, c.email, c.phone, c.message, c.staff_notes, c.client_id,
  c.cancelled_at, c.created_at, ARRAY[(c.starts_at)::text, (c.id)::text] AS page_key FROM connection_calls c JOIN users t ON t.id = c.therapist_id
      WHERE c.therapist_id = $1 AND c.status = $2 AND c.starts_at >= $3::timestamptz AND c.starts_at < $4::timestamptz AND (c.starts_at, c.id) > ($5::timestamptz, $6::uuid) ORDER BY c.starts_at ASC, c.id ASC LIMIT 21;

-- connection-calls.staffCall[1] (scope: connection-call)
--   $1 = "00000000-0000-4000-8000-000000000009"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT c.id, c.therapist_id, t.display_name AS therapist_name, t.email AS therapist_email, c.busy_time_id,
  c.starts_at, c.ends_at, c.modality, c.status, c.name, c.email, c.phone, c.message, c.staff_notes, c.client_id,
  c.cancelled_at, c.created_at FROM connection_calls c JOIN users t ON t.id = c.therapist_id
      WHERE c.id = $1 AND c.therapist_id = $2;

-- connection-calls.lockStaffCall[1] (scope: connection-call)
--   $1 = "00000000-0000-4000-8000-000000000009"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT c.id, c.therapist_id, t.display_name AS therapist_name, t.email AS therapist_email, c.busy_time_id,
  c.starts_at, c.ends_at, c.modality, c.status, c.name, c.email, c.phone, c.message, c.staff_notes, c.client_id,
  c.cancelled_at, c.created_at FROM connection_calls c JOIN users t ON t.id = c.therapist_id
        WHERE c.id = $1 AND c.therapist_id = $2 FOR UPDATE OF c;

-- connection-calls.recordOutcome[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000009"
--   $2 = "completed"
--   $3 = "Booked a first session."
UPDATE connection_calls SET status = $2, staff_notes = $3, updated_at = now() WHERE id = $1;

-- connection-calls.clientFromCall[1] (exemption: after-scoped-check)
--   $1 = "Sam Rivera"
--   $2 = "sam.rivera@example.com"
--   $3 = null
--   $4 = "1988-04-02"
--   $5 = "00000000-0000-4000-8000-000000000002"
INSERT INTO clients (legal_name, email, phone, date_of_birth, primary_therapist_id) VALUES ($1, $2, $3, $4, $5) RETURNING id;

-- connection-calls.linkClient[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000009"
--   $2 = "00000000-0000-4000-8000-000000000004"
UPDATE connection_calls SET client_id = $2, updated_at = now() WHERE id = $1;
