-- Rendered by `npm run queries` from src/**/reports.queries.ts; CI fails when this file is stale.

-- reports.settings[1] (no scope)
SELECT set_config('work_mem', '64MB', true), set_config('statement_timeout', '30s', true);

-- reports.sessions[1] (scope: report)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "month"
--   $4 = "America/Toronto"
--   $5 = "00000000-0000-4000-8000-000000000002"
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $4::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $4::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $4::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $4::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc($3::text, $1::timestamptz AT TIME ZONE $4::text), $2::timestamptz AT TIME ZONE $4::text, (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $4::text AS starts, (p + (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AT TIME ZONE $4::text AS ends) AS e
  ), booked AS (
    -- Counted per (therapist, status, duration) first: a period's hours are then count × the hours of each
    -- duration, the same sum as adding every session's hours, without numeric arithmetic on every row.
    SELECT b.p, b.therapist_id, sum(b.n)::int AS sessions,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'scheduled'), 0)::int AS scheduled,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'completed'), 0)::int AS completed,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'cancelled'), 0)::int AS cancelled,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'cancelled' AND b.late_cancellation), 0)::int AS late_cancelled,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'no_show'), 0)::int AS no_show,
           coalesce(sum(b.n * (extract(epoch FROM b.duration) / 3600)) FILTER (WHERE b.status <> 'cancelled'), 0) AS booked_hours
      FROM (SELECT pr.p, s.therapist_id, s.status, s.late_cancellation, upper(s.during) - lower(s.during) AS duration, count(*) AS n
              FROM periods pr JOIN therapy_sessions s ON lower(s.during) >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND lower(s.during) < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (lower(s.during) >= pr.starts + pr.lo_margin AND lower(s.during) < pr.ends - pr.hi_margin OR date_trunc($3::text, lower(s.during) AT TIME ZONE $4::text) = pr.p) AND s.therapist_id = $5::uuid
             GROUP BY 1, 2, 3, 4, 5) b
     GROUP BY 1, 2
  ), available AS (
    SELECT date_trunc($3::text, d.day::timestamp) AS p, w.therapist_id,
           sum(extract(epoch FROM least(x.ends, $2::timestamptz) - greatest(x.starts, $1::timestamptz)) / 3600) AS hours
      FROM (SELECT ($1::timestamptz AT TIME ZONE $4::text)::date + i AS day
              FROM generate_series(0, ($2::timestamptz AT TIME ZONE $4::text)::date - ($1::timestamptz AT TIME ZONE $4::text)::date) AS i) AS d
      JOIN availability_windows w ON w.weekday = extract(isodow FROM d.day) AND w.therapist_id = $5::uuid
      CROSS JOIN LATERAL (SELECT (d.day + w.starts_at) AT TIME ZONE $4::text AS starts, (d.day + w.ends_at) AT TIME ZONE $4::text AS ends) x
     WHERE x.ends > $1::timestamptz AND x.starts < $2::timestamptz
     GROUP BY 1, 2
  ), figures AS (
    SELECT p, therapist_id, b.sessions, b.scheduled, b.completed, b.cancelled, b.late_cancelled, b.no_show, b.booked_hours, a.hours AS available_hours
      FROM booked b FULL JOIN available a USING (p, therapist_id)
  ), names AS (
    SELECT u.id, u.display_name FROM users u WHERE u.id = ANY(ARRAY(SELECT DISTINCT f.therapist_id FROM figures f))
  )
  SELECT to_char(f.p, 'YYYY-MM-DD') AS period, f.therapist_id, u.display_name AS therapist_name,
         coalesce(f.sessions, 0) AS sessions, coalesce(f.scheduled, 0) AS scheduled, coalesce(f.completed, 0) AS completed,
         coalesce(f.cancelled, 0) AS cancelled, coalesce(f.late_cancelled, 0) AS late_cancelled, coalesce(f.no_show, 0) AS no_show,
         round(coalesce(f.booked_hours, 0)::numeric, 2) AS booked_hours, round(coalesce(f.available_hours, 0)::numeric, 2) AS available_hours,
         round((coalesce(f.booked_hours, 0) / nullif(f.available_hours, 0))::numeric, 4) AS utilisation
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY f.p, u.display_name, f.therapist_id;

-- reports.sessions[2] (scope: report)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "week"
--   $4 = "America/Toronto"
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $4::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $4::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $4::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $4::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc($3::text, $1::timestamptz AT TIME ZONE $4::text), $2::timestamptz AT TIME ZONE $4::text, (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $4::text AS starts, (p + (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AT TIME ZONE $4::text AS ends) AS e
  ), booked AS (
    -- Counted per (therapist, status, duration) first: a period's hours are then count × the hours of each
    -- duration, the same sum as adding every session's hours, without numeric arithmetic on every row.
    SELECT b.p, b.therapist_id, sum(b.n)::int AS sessions,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'scheduled'), 0)::int AS scheduled,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'completed'), 0)::int AS completed,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'cancelled'), 0)::int AS cancelled,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'cancelled' AND b.late_cancellation), 0)::int AS late_cancelled,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'no_show'), 0)::int AS no_show,
           coalesce(sum(b.n * (extract(epoch FROM b.duration) / 3600)) FILTER (WHERE b.status <> 'cancelled'), 0) AS booked_hours
      FROM (SELECT pr.p, s.therapist_id, s.status, s.late_cancellation, upper(s.during) - lower(s.during) AS duration, count(*) AS n
              FROM periods pr JOIN therapy_sessions s ON lower(s.during) >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND lower(s.during) < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (lower(s.during) >= pr.starts + pr.lo_margin AND lower(s.during) < pr.ends - pr.hi_margin OR date_trunc($3::text, lower(s.during) AT TIME ZONE $4::text) = pr.p)
             GROUP BY 1, 2, 3, 4, 5) b
     GROUP BY 1, 2
  ), available AS (
    SELECT date_trunc($3::text, d.day::timestamp) AS p, w.therapist_id,
           sum(extract(epoch FROM least(x.ends, $2::timestamptz) - greatest(x.starts, $1::timestamptz)) / 3600) AS hours
      FROM (SELECT ($1::timestamptz AT TIME ZONE $4::text)::date + i AS day
              FROM generate_series(0, ($2::timestamptz AT TIME ZONE $4::text)::date - ($1::timestamptz AT TIME ZONE $4::text)::date) AS i) AS d
      JOIN availability_windows w ON w.weekday = extract(isodow FROM d.day)
      CROSS JOIN LATERAL (SELECT (d.day + w.starts_at) AT TIME ZONE $4::text AS starts, (d.day + w.ends_at) AT TIME ZONE $4::text AS ends) x
     WHERE x.ends > $1::timestamptz AND x.starts < $2::timestamptz
     GROUP BY 1, 2
  ), figures AS (
    SELECT p, therapist_id, b.sessions, b.scheduled, b.completed, b.cancelled, b.late_cancelled, b.no_show, b.booked_hours, a.hours AS available_hours
      FROM booked b FULL JOIN available a USING (p, therapist_id)
  ), names AS (
    SELECT u.id, u.display_name FROM users u WHERE u.id = ANY(ARRAY(SELECT DISTINCT f.therapist_id FROM figures f))
  )
  SELECT to_char(f.p, 'YYYY-MM-DD') AS period, f.therapist_id, u.display_name AS therapist_name,
         coalesce(f.sessions, 0) AS sessions, coalesce(f.scheduled, 0) AS scheduled, coalesce(f.completed, 0) AS completed,
         coalesce(f.cancelled, 0) AS cancelled, coalesce(f.late_cancelled, 0) AS late_cancelled, coalesce(f.no_show, 0) AS no_show,
         round(coalesce(f.booked_hours, 0)::numeric, 2) AS booked_hours, round(coalesce(f.available_hours, 0)::numeric, 2) AS available_hours,
         round((coalesce(f.booked_hours, 0) / nullif(f.available_hours, 0))::numeric, 4) AS utilisation
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY f.p, u.display_name, f.therapist_id;

-- reports.sessions[3] (scope: report)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "month"
--   $4 = "America/Toronto"
--   $5 = "00000000-0000-4000-8000-000000000002"
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $4::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $4::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $4::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $4::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc($3::text, $1::timestamptz AT TIME ZONE $4::text), $2::timestamptz AT TIME ZONE $4::text, (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $4::text AS starts, (p + (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AT TIME ZONE $4::text AS ends) AS e
  ), booked AS (
    -- Counted per (therapist, status, duration) first: a period's hours are then count × the hours of each
    -- duration, the same sum as adding every session's hours, without numeric arithmetic on every row.
    SELECT b.p, b.therapist_id, sum(b.n)::int AS sessions,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'scheduled'), 0)::int AS scheduled,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'completed'), 0)::int AS completed,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'cancelled'), 0)::int AS cancelled,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'cancelled' AND b.late_cancellation), 0)::int AS late_cancelled,
           coalesce(sum(b.n) FILTER (WHERE b.status = 'no_show'), 0)::int AS no_show,
           coalesce(sum(b.n * (extract(epoch FROM b.duration) / 3600)) FILTER (WHERE b.status <> 'cancelled'), 0) AS booked_hours
      FROM (SELECT pr.p, s.therapist_id, s.status, s.late_cancellation, upper(s.during) - lower(s.during) AS duration, count(*) AS n
              FROM periods pr JOIN therapy_sessions s ON lower(s.during) >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND lower(s.during) < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (lower(s.during) >= pr.starts + pr.lo_margin AND lower(s.during) < pr.ends - pr.hi_margin OR date_trunc($3::text, lower(s.during) AT TIME ZONE $4::text) = pr.p) AND s.therapist_id = $5::uuid
             GROUP BY 1, 2, 3, 4, 5) b
     GROUP BY 1, 2
  ), available AS (
    SELECT date_trunc($3::text, d.day::timestamp) AS p, w.therapist_id,
           sum(extract(epoch FROM least(x.ends, $2::timestamptz) - greatest(x.starts, $1::timestamptz)) / 3600) AS hours
      FROM (SELECT ($1::timestamptz AT TIME ZONE $4::text)::date + i AS day
              FROM generate_series(0, ($2::timestamptz AT TIME ZONE $4::text)::date - ($1::timestamptz AT TIME ZONE $4::text)::date) AS i) AS d
      JOIN availability_windows w ON w.weekday = extract(isodow FROM d.day) AND w.therapist_id = $5::uuid
      CROSS JOIN LATERAL (SELECT (d.day + w.starts_at) AT TIME ZONE $4::text AS starts, (d.day + w.ends_at) AT TIME ZONE $4::text AS ends) x
     WHERE x.ends > $1::timestamptz AND x.starts < $2::timestamptz
     GROUP BY 1, 2
  ), figures AS (
    SELECT p, therapist_id, b.sessions, b.scheduled, b.completed, b.cancelled, b.late_cancelled, b.no_show, b.booked_hours, a.hours AS available_hours
      FROM booked b FULL JOIN available a USING (p, therapist_id)
  ), names AS (
    SELECT u.id, u.display_name FROM users u WHERE u.id = ANY(ARRAY(SELECT DISTINCT f.therapist_id FROM figures f))
  )
  SELECT to_char(f.p, 'YYYY-MM-DD') AS period, f.therapist_id, u.display_name AS therapist_name,
         coalesce(f.sessions, 0) AS sessions, coalesce(f.scheduled, 0) AS scheduled, coalesce(f.completed, 0) AS completed,
         coalesce(f.cancelled, 0) AS cancelled, coalesce(f.late_cancelled, 0) AS late_cancelled, coalesce(f.no_show, 0) AS no_show,
         round(coalesce(f.booked_hours, 0)::numeric, 2) AS booked_hours, round(coalesce(f.available_hours, 0)::numeric, 2) AS available_hours,
         round((coalesce(f.booked_hours, 0) / nullif(f.available_hours, 0))::numeric, 4) AS utilisation
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY f.p, u.display_name, f.therapist_id;

-- reports.connectionCalls[1] (scope: report)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "month"
--   $4 = "America/Toronto"
--   $5 = "00000000-0000-4000-8000-000000000002"
WITH calls AS MATERIALIZED (
    -- Materialized: each call's client is looked up once, not once per count that uses it.
    SELECT c.therapist_id, c.starts_at, c.created_at, c.modality, c.status,
           c.client_id IS NOT NULL AND (SELECT cl.created_at FROM clients cl WHERE cl.id = c.client_id) <= c.starts_at + interval '60 days' AS converted
      FROM connection_calls c
     WHERE c.starts_at >= $1::timestamptz AND c.starts_at < $2::timestamptz AND c.therapist_id = $5::uuid
  ), figures AS (
    SELECT date_trunc($3::text, c.starts_at AT TIME ZONE $4::text) AS p, c.therapist_id,
           count(*)::int AS bookings,
           count(*) FILTER (WHERE c.modality = 'phone')::int AS phone,
           count(*) FILTER (WHERE c.modality = 'video')::int AS video,
           count(*) FILTER (WHERE c.modality = 'in_person')::int AS in_person,
           count(*) FILTER (WHERE c.status = 'booked')::int AS upcoming,
           count(*) FILTER (WHERE c.status = 'cancelled')::int AS cancelled,
           count(*) FILTER (WHERE c.status = 'no_show')::int AS no_show,
           count(*) FILTER (WHERE c.status = 'completed')::int AS completed,
           count(*) FILTER (WHERE c.converted)::int AS converted,
           round(count(*) FILTER (WHERE c.converted)::numeric
                 / nullif(count(*) FILTER (WHERE c.status <> 'cancelled'), 0), 4) AS conversion_rate,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.starts_at - c.created_at) / 3600)::numeric, 2) AS median_lead_hours
      FROM calls c
     GROUP BY 1, 2
  ), names AS (
    SELECT u.id, u.display_name FROM users u WHERE u.id = ANY(ARRAY(SELECT DISTINCT f.therapist_id FROM figures f))
  )
  SELECT to_char(f.p, 'YYYY-MM-DD') AS period, f.therapist_id, u.display_name AS therapist_name, f.bookings, f.phone, f.video, f.in_person,
         f.upcoming, f.cancelled, f.no_show, f.completed, f.converted, f.conversion_rate, f.median_lead_hours
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY f.p, u.display_name, f.therapist_id;

-- reports.connectionCalls[2] (scope: report)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "month"
--   $4 = "America/Toronto"
WITH calls AS MATERIALIZED (
    -- Materialized: each call's client is looked up once, not once per count that uses it.
    SELECT c.therapist_id, c.starts_at, c.created_at, c.modality, c.status,
           c.client_id IS NOT NULL AND (SELECT cl.created_at FROM clients cl WHERE cl.id = c.client_id) <= c.starts_at + interval '60 days' AS converted
      FROM connection_calls c
     WHERE c.starts_at >= $1::timestamptz AND c.starts_at < $2::timestamptz
  ), figures AS (
    SELECT date_trunc($3::text, c.starts_at AT TIME ZONE $4::text) AS p, c.therapist_id,
           count(*)::int AS bookings,
           count(*) FILTER (WHERE c.modality = 'phone')::int AS phone,
           count(*) FILTER (WHERE c.modality = 'video')::int AS video,
           count(*) FILTER (WHERE c.modality = 'in_person')::int AS in_person,
           count(*) FILTER (WHERE c.status = 'booked')::int AS upcoming,
           count(*) FILTER (WHERE c.status = 'cancelled')::int AS cancelled,
           count(*) FILTER (WHERE c.status = 'no_show')::int AS no_show,
           count(*) FILTER (WHERE c.status = 'completed')::int AS completed,
           count(*) FILTER (WHERE c.converted)::int AS converted,
           round(count(*) FILTER (WHERE c.converted)::numeric
                 / nullif(count(*) FILTER (WHERE c.status <> 'cancelled'), 0), 4) AS conversion_rate,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.starts_at - c.created_at) / 3600)::numeric, 2) AS median_lead_hours
      FROM calls c
     GROUP BY 1, 2
  ), names AS (
    SELECT u.id, u.display_name FROM users u WHERE u.id = ANY(ARRAY(SELECT DISTINCT f.therapist_id FROM figures f))
  )
  SELECT to_char(f.p, 'YYYY-MM-DD') AS period, f.therapist_id, u.display_name AS therapist_name, f.bookings, f.phone, f.video, f.in_person,
         f.upcoming, f.cancelled, f.no_show, f.completed, f.converted, f.conversion_rate, f.median_lead_hours
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY f.p, u.display_name, f.therapist_id;
