-- Rendered by `npm run queries` from src/**/repair-periods.queries.ts; CI fails when this file is stale.

-- repair-periods.periods[1] (no scope)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "month"
--   $4 = "America/Toronto"
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $4::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $4::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $4::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $4::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc($3::text, $1::timestamptz AT TIME ZONE $4::text), $2::timestamptz AT TIME ZONE $4::text, (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $4::text AS starts, (p + (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AT TIME ZONE $4::text AS ends) AS e
  )
  SELECT pr.p::text AS p, to_char(pr.p, 'YYYY-MM-DD') AS period, b.lo, b.hi, f.fingerprint::text AS fingerprint, b.whole,
         coalesce(k.lo = b.lo AND k.hi = b.hi AND k.fingerprint = f.fingerprint, false) AS kept, k.figures
    FROM periods pr
   CROSS JOIN LATERAL (SELECT greatest($1::timestamptz, pr.starts - pr.lo_margin) AS lo, least($2::timestamptz, pr.ends + pr.hi_margin) AS hi,
                              pr.starts - pr.lo_margin >= $1::timestamptz AND pr.ends + pr.hi_margin <= $2::timestamptz AS whole) b
   CROSS JOIN LATERAL (SELECT coalesce(sum(v.version), 0) AS fingerprint FROM rupture_day_versions v
                        WHERE v.day BETWEEN (b.lo AT TIME ZONE 'UTC')::date AND (b.hi AT TIME ZONE 'UTC')::date) f
    LEFT JOIN repair_report_periods k ON k.zone = $4::text AND k.unit = $3::text AND k.period = pr.p AND k.whole = b.whole
   ORDER BY pr.p;

-- repair-periods.periods[2] (no scope)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "quarter"
--   $4 = "America/Toronto"
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $4::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $4::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $4::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $4::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc($3::text, $1::timestamptz AT TIME ZONE $4::text), $2::timestamptz AT TIME ZONE $4::text, (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $4::text AS starts, (p + (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AT TIME ZONE $4::text AS ends) AS e
  )
  SELECT pr.p::text AS p, to_char(pr.p, 'YYYY-MM-DD') AS period, b.lo, b.hi, f.fingerprint::text AS fingerprint, b.whole,
         coalesce(k.lo = b.lo AND k.hi = b.hi AND k.fingerprint = f.fingerprint, false) AS kept, k.figures
    FROM periods pr
   CROSS JOIN LATERAL (SELECT greatest($1::timestamptz, pr.starts - pr.lo_margin) AS lo, least($2::timestamptz, pr.ends + pr.hi_margin) AS hi,
                              pr.starts - pr.lo_margin >= $1::timestamptz AND pr.ends + pr.hi_margin <= $2::timestamptz AS whole) b
   CROSS JOIN LATERAL (SELECT coalesce(sum(v.version), 0) AS fingerprint FROM rupture_day_versions v
                        WHERE v.day BETWEEN (b.lo AT TIME ZONE 'UTC')::date AND (b.hi AT TIME ZONE 'UTC')::date) f
    LEFT JOIN repair_report_periods k ON k.zone = $4::text AND k.unit = $3::text AND k.period = pr.p AND k.whole = b.whole
   ORDER BY pr.p;

-- repair-periods.figures[1] (exemption: de-identified-report)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "month"
--   $4 = "America/Toronto"
--   $5 = ["2026-03-01 00:00:00"]
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $4::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $4::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $4::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $4::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc($3::text, $1::timestamptz AT TIME ZONE $4::text), $2::timestamptz AT TIME ZONE $4::text, (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $4::text AS starts, (p + (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AT TIME ZONE $4::text AS ends) AS e
     WHERE p = ANY($5::timestamp[])
  ), r AS MATERIALIZED (
    SELECT pr.p, r.couple_id, r.stage = 'completed' AS done, r.kind, r.recurring_themes,
           CASE WHEN r.stage = 'completed'
                THEN (SELECT a.sequence FROM repair_attempts a WHERE a.rupture_id = r.id AND a.status = 'completed' LIMIT 1) END AS attempts,
           (extract(epoch FROM r.recognized_at - r.occurred_at) / 3600)::float8 AS h_rec,
           (extract(epoch FROM r.completed_at - r.occurred_at) / 3600)::float8 AS h_comp
      FROM periods pr JOIN ruptures r ON r.occurred_at >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND r.occurred_at < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (r.occurred_at >= pr.starts + pr.lo_margin AND r.occurred_at < pr.ends - pr.hi_margin OR date_trunc($3::text, r.occurred_at AT TIME ZONE $4::text) = pr.p)
  ), totals AS (
    SELECT p, count(*)::int AS ruptures, count(*) FILTER (WHERE done)::int AS completed,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY h_rec)::numeric, 2) AS median_rec,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY h_comp)::numeric, 2) AS median_comp,
           round(avg(attempts), 2) AS per_repair
      FROM r GROUP BY p
  ), couples AS (
    SELECT p, count(*)::int AS couples FROM (SELECT DISTINCT p, couple_id FROM r) x GROUP BY p
  ), themes AS (
    SELECT p, json_agg(json_build_object('theme', theme, 'count', n) ORDER BY n DESC, theme) AS list
      FROM (SELECT p, theme, n, row_number() OVER (PARTITION BY p ORDER BY n DESC, theme) AS rank
              FROM (SELECT p, theme, sum(k)::int AS n, count(*) AS couples
                      FROM (SELECT r.p, t AS theme, r.couple_id, count(*) AS k FROM r, unnest(r.recurring_themes) AS t GROUP BY 1, 2, 3) c
                     GROUP BY 1, 2) x
             WHERE couples >= 5) y
     WHERE rank <= 5 GROUP BY p
  ), kind_counts AS (
    SELECT p, kind, n, couples >= 5 AND row_number() OVER (PARTITION BY p ORDER BY n DESC, kind) <= 5 AS listed
      FROM (SELECT p, kind, sum(k)::int AS n, count(*) AS couples
              FROM (SELECT p, kind, couple_id, count(*) AS k FROM r GROUP BY 1, 2, 3) c GROUP BY 1, 2) x
  ), unlisted AS (
    -- Kinds always add up to the ruptures: what is left out is the total minus the list, so it must
    -- itself be behind MIN_COUPLES couples, or the whole list is left out (complementary suppression).
    SELECT r.p, count(DISTINCT r.couple_id) AS couples FROM r JOIN kind_counts kc ON kc.p = r.p AND kc.kind = r.kind AND NOT kc.listed GROUP BY r.p
  ), kinds AS (
    SELECT p, json_agg(json_build_object('kind', kind, 'count', n) ORDER BY n DESC, kind) AS list
      FROM kind_counts kc
     WHERE listed AND NOT EXISTS (SELECT 1 FROM unlisted u WHERE u.p = kc.p AND u.couples < 5)
     GROUP BY p
  )
  SELECT to_char(t.p, 'YYYY-MM-DD') AS period, c.couples, t.ruptures, t.completed, t.median_rec, t.median_comp, t.per_repair,
         coalesce(th.list, '[]') AS themes, coalesce(k.list, '[]') AS kinds
    FROM totals t JOIN couples c USING (p) LEFT JOIN themes th USING (p) LEFT JOIN kinds k USING (p)
   ORDER BY t.p;

-- repair-periods.keep[1] (no scope)
--   $1 = "America/Toronto"
--   $2 = "month"
--   $3 = "[{\"p\":\"2026-03-01 00:00:00\",\"whole\":true,\"lo\":\"2026-03-01T14:00:00.000Z\",\"hi\":\"2026-04-01T14:00:00.000Z\",\"fingerprint\":\"1\",\"figures\":null}]"
INSERT INTO repair_report_periods (zone, unit, period, whole, lo, hi, fingerprint, figures)
  SELECT $1, $2, (e->>'p')::timestamp, (e->>'whole')::boolean, (e->>'lo')::timestamptz, (e->>'hi')::timestamptz,
         (e->>'fingerprint')::bigint, nullif(e->'figures', 'null'::jsonb)
    FROM jsonb_array_elements($3::jsonb) e
  ON CONFLICT (zone, unit, period, whole) DO UPDATE
     SET lo = excluded.lo, hi = excluded.hi, fingerprint = excluded.fingerprint, figures = excluded.figures, computed_at = now()
   WHERE (repair_report_periods.lo, repair_report_periods.hi) <> (excluded.lo, excluded.hi) OR repair_report_periods.fingerprint < excluded.fingerprint;
