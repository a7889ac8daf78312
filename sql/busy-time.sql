-- Rendered by `npm run queries` from src/**/busy-time.queries.ts; CI fails when this file is stale.

-- busy-time.reserve[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "session"
--   $3 = ["2026-03-01T14:00:00.000Z","2026-04-01T14:00:00.000Z"]
--   $4 = ["2026-03-01T15:00:00.000Z","2026-04-01T15:00:00.000Z"]
INSERT INTO busy_times (therapist_id, during, kind)
      SELECT $1::uuid, tstzrange(r.starts_at, r.ends_at, '[)'), $2
        FROM unnest($3::timestamptz[], $4::timestamptz[])
             WITH ORDINALITY AS r(starts_at, ends_at, n)
       ORDER BY r.n
      RETURNING id;

-- busy-time.move[1] (no scope)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = 2026-03-01T14:00:00.000Z
--   $3 = 2026-03-01T15:00:00.000Z
--   $4 = "00000000-0000-4000-8000-000000000002"
UPDATE busy_times SET during = tstzrange($2, $3, '[)') WHERE id = $1 AND therapist_id = $4 AND released_at IS NULL RETURNING id;

-- busy-time.release[1] (no scope)
--   $1 = "00000000-0000-4000-8000-00000000000b"
UPDATE busy_times SET released_at = coalesce(released_at, now()) WHERE id = $1;

-- busy-time.overlaps[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = ["2026-03-01T14:00:00.000Z","2026-04-01T14:00:00.000Z"]
--   $3 = ["2026-03-01T15:00:00.000Z","2026-04-01T15:00:00.000Z"]
--   $4 = null
SELECT r.starts_at, r.ends_at, lower(b.during) AS busy_from, upper(b.during) AS busy_until
         FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS r(starts_at, ends_at, n)
         JOIN busy_times b ON b.therapist_id = $1 AND b.released_at IS NULL
                          AND b.during && tstzrange(r.starts_at, r.ends_at, '[)')
                          AND b.id IS DISTINCT FROM $4::uuid
        ORDER BY r.n, lower(b.during);

-- busy-time.overlaps[2] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = ["2026-03-01T14:00:00.000Z","2026-04-01T14:00:00.000Z"]
--   $3 = ["2026-03-01T15:00:00.000Z","2026-04-01T15:00:00.000Z"]
--   $4 = "00000000-0000-4000-8000-00000000000b"
SELECT r.starts_at, r.ends_at, lower(b.during) AS busy_from, upper(b.during) AS busy_until
         FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS r(starts_at, ends_at, n)
         JOIN busy_times b ON b.therapist_id = $1 AND b.released_at IS NULL
                          AND b.during && tstzrange(r.starts_at, r.ends_at, '[)')
                          AND b.id IS DISTINCT FROM $4::uuid
        ORDER BY r.n, lower(b.during);
