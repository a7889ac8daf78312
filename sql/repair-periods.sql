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
--   $1 = "2026-02-28T00:00:00.000-05:00"
--   $2 = "2026-03-04T00:00:00.000-05:00"
--   $3 = "America/Toronto"
--   $4 = ["2026-03-01","2026-03-02"]
--   $5 = "month"
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $3::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $3::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $3::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $3::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc('day'::text, $1::timestamptz AT TIME ZONE $3::text), $2::timestamptz AT TIME ZONE $3::text, (CASE 'day'::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || 'day'::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $3::text AS starts, (p + (CASE 'day'::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || 'day'::text)::interval END)) AT TIME ZONE $3::text AS ends) AS e
     WHERE p = ANY($4::timestamp[])
  ), days AS MATERIALIZED (
    SELECT pr.*, f.fingerprint, EXISTS (SELECT 1 FROM repair_report_days k WHERE k.day = pr.p::date AND k.zone = $3::text AND k.fingerprint = f.fingerprint) AS kept
      FROM periods pr
     CROSS JOIN LATERAL (SELECT coalesce(sum(v.version), 0) AS fingerprint FROM rupture_day_versions v
                          WHERE v.day BETWEEN ((pr.starts - pr.lo_margin) AT TIME ZONE 'UTC')::date AND ((pr.ends + pr.hi_margin) AT TIME ZONE 'UTC')::date) f
  ), todo AS (SELECT * FROM days WHERE NOT kept), r AS MATERIALIZED (
    SELECT pr.p, r.couple_id, r.stage = 'completed' AS done, r.kind, r.recurring_themes,
           CASE WHEN r.stage = 'completed'
                THEN (SELECT a.sequence FROM repair_attempts a WHERE a.rupture_id = r.id AND a.status = 'completed' LIMIT 1) END AS attempts,
           (extract(epoch FROM r.recognized_at - r.occurred_at) / 3600)::float8 AS h_rec,
           (extract(epoch FROM r.completed_at - r.occurred_at) / 3600)::float8 AS h_comp
      FROM todo pr JOIN ruptures r ON r.occurred_at >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND r.occurred_at < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (r.occurred_at >= pr.starts + pr.lo_margin AND r.occurred_at < pr.ends - pr.hi_margin OR date_trunc('day'::text, r.occurred_at AT TIME ZONE $3::text) = pr.p)
  ), members AS (
    -- Every couple is numbered in the transaction that inserts it (migration RepairReportCoupleSets).
    SELECT m.p, m.key, c.number, count(*)::int AS n
      FROM (SELECT p, 'kind:' || kind AS key, couple_id FROM r
            UNION ALL SELECT r.p, 'theme:' || t, r.couple_id FROM r, unnest(r.recurring_themes) AS t) m
      JOIN repair_report_couples c ON c.couple_id = m.couple_id
     GROUP BY 1, 2, 3
  ), member_sets AS (
    -- All of a day's sets as long as its highest couple number rounded up to SET_WIDTH_STEP: most days of a merge then have the same width.
    SELECT x.p, x.key, sum(x.n)::int AS n, w.width,
           (string_agg(repeat('0', x.number - x.prev - 1) || '1', '' ORDER BY x.number) || repeat('0', w.width - max(x.number)))::varbit AS couples
      FROM (SELECT p, key, number, n, coalesce(lag(number) OVER (PARTITION BY p, key ORDER BY number), 0) AS prev FROM members) x
      JOIN (SELECT p, ((max(number) + 1023) / 1024) * 1024 AS width FROM members GROUP BY p) w USING (p)
     GROUP BY x.p, x.key, w.width
  ), fresh AS (
    SELECT d.p::date AS day, d.fingerprint, coalesce(t.ruptures, 0) AS ruptures, coalesce(t.completed, 0) AS completed,
           coalesce(t.attempts, 0) AS attempts, coalesce(t.repairs, 0) AS repairs,
           coalesce(t.hours_to_recognition, '{}') AS hours_to_recognition, coalesce(t.hours_to_completion, '{}') AS hours_to_completion,
           coalesce(cardinality(t.hours_to_recognition), 0) AS recognition_count, coalesce(cardinality(t.hours_to_completion), 0) AS completion_count,
           ARRAY(SELECT (t.hours_to_recognition)[i] FROM generate_series(32, cardinality(t.hours_to_recognition), 32) AS i ORDER BY i) AS recognition_sample, ARRAY(SELECT (t.hours_to_completion)[i] FROM generate_series(32, cardinality(t.hours_to_completion), 32) AS i ORDER BY i) AS completion_sample,
           coalesce(m.member_keys, '{}') AS member_keys, coalesce(m.member_ruptures, '{}') AS member_ruptures,
           coalesce(m.member_couple_sets, '{}') AS member_couple_sets, coalesce(m.member_width, 0) AS member_width
      FROM todo d
      LEFT JOIN (SELECT p, count(*)::int AS ruptures, count(*) FILTER (WHERE done)::int AS completed,
                        coalesce(sum(attempts), 0)::int AS attempts, count(attempts)::int AS repairs,
                        array_agg(h_rec ORDER BY h_rec) FILTER (WHERE h_rec IS NOT NULL) AS hours_to_recognition,
                        array_agg(h_comp ORDER BY h_comp) FILTER (WHERE h_comp IS NOT NULL) AS hours_to_completion
                   FROM r GROUP BY p) t USING (p)
      LEFT JOIN (SELECT p, array_agg(key ORDER BY key) AS member_keys, array_agg(n ORDER BY key) AS member_ruptures,
                        array_agg(couples ORDER BY key) AS member_couple_sets, max(width) AS member_width
                   FROM member_sets GROUP BY p) m USING (p)
  ), parts AS MATERIALIZED (
    SELECT date_trunc($5::text, d.p) AS p, k.ruptures, k.completed, k.attempts, k.repairs, k.hours_to_recognition, k.hours_to_completion,
           k.recognition_count, k.completion_count, k.recognition_sample, k.completion_sample, k.member_keys, k.member_ruptures, k.member_couple_sets, k.member_width
      FROM days d JOIN repair_report_days k ON d.kept AND k.day = d.p::date AND k.zone = $3::text
    UNION ALL
    SELECT date_trunc($5::text, f.day::timestamp), f.ruptures, f.completed, f.attempts, f.repairs, f.hours_to_recognition, f.hours_to_completion,
           f.recognition_count, f.completion_count, f.recognition_sample, f.completion_sample, f.member_keys, f.member_ruptures, f.member_couple_sets, f.member_width
      FROM fresh f
  ), totals AS (
    -- avg() of integers is their sum divided by their count, as numerics: the same figure.
    SELECT p, sum(ruptures)::int AS ruptures, sum(completed)::int AS completed, round(sum(attempts)::numeric / nullif(sum(repairs), 0), 2) AS per_repair
      FROM parts GROUP BY p HAVING sum(ruptures) > 0
  ), hours AS MATERIALIZED (
    SELECT p, 'rec' AS stage, hours_to_recognition AS h, recognition_count AS n, recognition_sample AS sample FROM parts
    UNION ALL
    SELECT p, 'comp', hours_to_completion, completion_count, completion_sample FROM parts
  ), ranks AS MATERIALIZED (
    SELECT p, stage, count(*) FILTER (WHERE n > 0) AS m, (sum(n) - 1) / 2 AS k1, sum(n) / 2 AS k2 FROM hours GROUP BY 1, 2 HAVING sum(n) > 0
  ), samples AS MATERIALIZED (
    SELECT p, stage, array_agg(x ORDER BY x) AS ys FROM hours, unnest(sample) AS x GROUP BY 1, 2
  ), bounds AS MATERIALIZED (
    SELECT p, stage, k1, k2,
           CASE WHEN a >= 1 THEN CASE WHEN width_bucket(ys[a], ys) <= a THEN ys[a] ELSE ys[array_position(ys, ys[a]) - 1] END END AS lo,
           ys[b] AS hi
      FROM (SELECT rk.p, rk.stage, rk.k1, rk.k2, sa.ys, floor((rk.k1 - rk.m * 31) / 32.0)::int AS a,
                   ceil((rk.k2 + 1) / 32.0)::int AS b
              FROM ranks rk LEFT JOIN samples sa USING (p, stage)) x
  ), cut AS (
    -- Located by the day's own samples, not its values, so each day's values are read once.
    SELECT b.p, b.stage, b.k1, b.k2, sum(w.below) OVER (PARTITION BY b.p, b.stage) AS below, h.h[w.below + 1 : w.upto] AS slice
      FROM bounds b JOIN hours h USING (p, stage)
     CROSS JOIN LATERAL (SELECT 32 * coalesce(width_bucket(b.lo, h.sample), 0) AS below,
                                coalesce(32 * (width_bucket(b.hi, h.sample) + 1) - 1, h.n) AS upto) w
     WHERE h.n > 0
  ), picked AS (
    SELECT p, stage, (k1 - below)::int + 1 AS i1, (k2 - below)::int + 1 AS i2, array_agg(x ORDER BY x) AS xs
      FROM cut, unnest(slice) AS x GROUP BY p, stage, k1, k2, below
  ), medians AS (
    SELECT p, round(max(v) FILTER (WHERE stage = 'rec')::numeric, 2) AS rec, round(max(v) FILTER (WHERE stage = 'comp')::numeric, 2) AS comp
      FROM (SELECT p, stage, CASE WHEN i1 = i2 THEN xs[i1] ELSE xs[i1] + (xs[i2] - xs[i1]) * 0.5::float8 END AS v FROM picked) x
     GROUP BY p
  ), width AS (
    SELECT max(member_width) AS w, repeat('0', max(member_width))::varbit AS zeros FROM parts
  ), m AS MATERIALIZED (
    -- Set-returning functions side by side step together; unnest(a, b, c) in FROM is several times slower here.
    SELECT pa.p, x.key, sum(x.n)::int AS n, bit_or(CASE WHEN length(x.s) = w.w THEN x.s ELSE x.s || substring(w.zeros FROM 1 FOR w.w - length(x.s)) END) AS s
      FROM parts pa, LATERAL (SELECT unnest(pa.member_keys) AS key, unnest(pa.member_ruptures) AS n, unnest(pa.member_couple_sets) AS s) x, width w
     GROUP BY 1, 2
  ), couples AS (
    -- Every rupture has a kind: the couples behind the kinds are all the period's couples.
    SELECT p, bit_count(bit_or(s))::int AS couples FROM m WHERE key LIKE 'kind:%' GROUP BY p
  ), groups AS (
    SELECT p, split_part(key, ':', 1) AS dim, substr(key, strpos(key, ':') + 1) AS name, n, bit_count(s) AS couples FROM m
  ), themes AS (
    SELECT p, json_agg(json_build_object('theme', name, 'count', n) ORDER BY n DESC, name) AS list
      FROM (SELECT p, name, n, row_number() OVER (PARTITION BY p ORDER BY n DESC, name) AS rank
              FROM groups WHERE dim = 'theme' AND couples >= 5) y
     WHERE rank <= 5 GROUP BY p
  ), kind_counts AS (
    SELECT p, name AS kind, n, couples >= 5 AND row_number() OVER (PARTITION BY p ORDER BY n DESC, name) <= 5 AS listed
      FROM groups WHERE dim = 'kind'
  ), unlisted AS (
    -- Kinds always add up to the ruptures: what is left out is the total minus the list, so it must
    -- itself be behind MIN_COUPLES couples, or the whole list is left out (complementary suppression).
    SELECT m.p, bit_count(bit_or(m.s)) AS couples FROM m JOIN kind_counts kc ON kc.p = m.p AND m.key = 'kind:' || kc.kind AND NOT kc.listed GROUP BY m.p
  ), kinds AS (
    SELECT p, json_agg(json_build_object('kind', kind, 'count', n) ORDER BY n DESC, kind) AS list
      FROM kind_counts kc
     WHERE listed AND NOT EXISTS (SELECT 1 FROM unlisted u WHERE u.p = kc.p AND u.couples < 5)
     GROUP BY p
  )
  SELECT to_char(t.p, 'YYYY-MM-DD') AS period, c.couples, t.ruptures, t.completed, md.rec AS median_rec, md.comp AS median_comp, t.per_repair,
         coalesce(th.list, '[]') AS themes, coalesce(k.list, '[]') AS kinds
    FROM totals t JOIN couples c USING (p) LEFT JOIN medians md USING (p) LEFT JOIN themes th USING (p) LEFT JOIN kinds k USING (p)
   ORDER BY t.p;

-- repair-periods.figures[2] (exemption: de-identified-report)
--   $1 = "2026-02-28T00:00:00.000-05:00"
--   $2 = "2026-04-04T00:00:00.000-04:00"
--   $3 = "America/Toronto"
--   $4 = ["2026-03-01","2026-04-02"]
--   $5 = "quarter"
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $3::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $3::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $3::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $3::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc('day'::text, $1::timestamptz AT TIME ZONE $3::text), $2::timestamptz AT TIME ZONE $3::text, (CASE 'day'::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || 'day'::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $3::text AS starts, (p + (CASE 'day'::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || 'day'::text)::interval END)) AT TIME ZONE $3::text AS ends) AS e
     WHERE p = ANY($4::timestamp[])
  ), days AS MATERIALIZED (
    SELECT pr.*, f.fingerprint, EXISTS (SELECT 1 FROM repair_report_days k WHERE k.day = pr.p::date AND k.zone = $3::text AND k.fingerprint = f.fingerprint) AS kept
      FROM periods pr
     CROSS JOIN LATERAL (SELECT coalesce(sum(v.version), 0) AS fingerprint FROM rupture_day_versions v
                          WHERE v.day BETWEEN ((pr.starts - pr.lo_margin) AT TIME ZONE 'UTC')::date AND ((pr.ends + pr.hi_margin) AT TIME ZONE 'UTC')::date) f
  ), todo AS (SELECT * FROM days WHERE NOT kept), parts AS MATERIALIZED (
    SELECT date_trunc($5::text, d.p) AS p, k.ruptures, k.completed, k.attempts, k.repairs, k.hours_to_recognition, k.hours_to_completion,
           k.recognition_count, k.completion_count, k.recognition_sample, k.completion_sample, k.member_keys, k.member_ruptures, k.member_couple_sets, k.member_width
      FROM days d JOIN repair_report_days k ON d.kept AND k.day = d.p::date AND k.zone = $3::text
  ), totals AS (
    -- avg() of integers is their sum divided by their count, as numerics: the same figure.
    SELECT p, sum(ruptures)::int AS ruptures, sum(completed)::int AS completed, round(sum(attempts)::numeric / nullif(sum(repairs), 0), 2) AS per_repair
      FROM parts GROUP BY p HAVING sum(ruptures) > 0
  ), hours AS MATERIALIZED (
    SELECT p, 'rec' AS stage, hours_to_recognition AS h, recognition_count AS n, recognition_sample AS sample FROM parts
    UNION ALL
    SELECT p, 'comp', hours_to_completion, completion_count, completion_sample FROM parts
  ), ranks AS MATERIALIZED (
    SELECT p, stage, count(*) FILTER (WHERE n > 0) AS m, (sum(n) - 1) / 2 AS k1, sum(n) / 2 AS k2 FROM hours GROUP BY 1, 2 HAVING sum(n) > 0
  ), samples AS MATERIALIZED (
    SELECT p, stage, array_agg(x ORDER BY x) AS ys FROM hours, unnest(sample) AS x GROUP BY 1, 2
  ), bounds AS MATERIALIZED (
    SELECT p, stage, k1, k2,
           CASE WHEN a >= 1 THEN CASE WHEN width_bucket(ys[a], ys) <= a THEN ys[a] ELSE ys[array_position(ys, ys[a]) - 1] END END AS lo,
           ys[b] AS hi
      FROM (SELECT rk.p, rk.stage, rk.k1, rk.k2, sa.ys, floor((rk.k1 - rk.m * 31) / 32.0)::int AS a,
                   ceil((rk.k2 + 1) / 32.0)::int AS b
              FROM ranks rk LEFT JOIN samples sa USING (p, stage)) x
  ), cut AS (
    -- Located by the day's own samples, not its values, so each day's values are read once.
    SELECT b.p, b.stage, b.k1, b.k2, sum(w.below) OVER (PARTITION BY b.p, b.stage) AS below, h.h[w.below + 1 : w.upto] AS slice
      FROM bounds b JOIN hours h USING (p, stage)
     CROSS JOIN LATERAL (SELECT 32 * coalesce(width_bucket(b.lo, h.sample), 0) AS below,
                                coalesce(32 * (width_bucket(b.hi, h.sample) + 1) - 1, h.n) AS upto) w
     WHERE h.n > 0
  ), picked AS (
    SELECT p, stage, (k1 - below)::int + 1 AS i1, (k2 - below)::int + 1 AS i2, array_agg(x ORDER BY x) AS xs
      FROM cut, unnest(slice) AS x GROUP BY p, stage, k1, k2, below
  ), medians AS (
    SELECT p, round(max(v) FILTER (WHERE stage = 'rec')::numeric, 2) AS rec, round(max(v) FILTER (WHERE stage = 'comp')::numeric, 2) AS comp
      FROM (SELECT p, stage, CASE WHEN i1 = i2 THEN xs[i1] ELSE xs[i1] + (xs[i2] - xs[i1]) * 0.5::float8 END AS v FROM picked) x
     GROUP BY p
  ), width AS (
    SELECT max(member_width) AS w, repeat('0', max(member_width))::varbit AS zeros FROM parts
  ), m AS MATERIALIZED (
    -- Set-returning functions side by side step together; unnest(a, b, c) in FROM is several times slower here.
    SELECT pa.p, x.key, sum(x.n)::int AS n, bit_or(CASE WHEN length(x.s) = w.w THEN x.s ELSE x.s || substring(w.zeros FROM 1 FOR w.w - length(x.s)) END) AS s
      FROM parts pa, LATERAL (SELECT unnest(pa.member_keys) AS key, unnest(pa.member_ruptures) AS n, unnest(pa.member_couple_sets) AS s) x, width w
     GROUP BY 1, 2
  ), couples AS (
    -- Every rupture has a kind: the couples behind the kinds are all the period's couples.
    SELECT p, bit_count(bit_or(s))::int AS couples FROM m WHERE key LIKE 'kind:%' GROUP BY p
  ), groups AS (
    SELECT p, split_part(key, ':', 1) AS dim, substr(key, strpos(key, ':') + 1) AS name, n, bit_count(s) AS couples FROM m
  ), themes AS (
    SELECT p, json_agg(json_build_object('theme', name, 'count', n) ORDER BY n DESC, name) AS list
      FROM (SELECT p, name, n, row_number() OVER (PARTITION BY p ORDER BY n DESC, name) AS rank
              FROM groups WHERE dim = 'theme' AND couples >= 5) y
     WHERE rank <= 5 GROUP BY p
  ), kind_counts AS (
    SELECT p, name AS kind, n, couples >= 5 AND row_number() OVER (PARTITION BY p ORDER BY n DESC, name) <= 5 AS listed
      FROM groups WHERE dim = 'kind'
  ), unlisted AS (
    -- Kinds always add up to the ruptures: what is left out is the total minus the list, so it must
    -- itself be behind MIN_COUPLES couples, or the whole list is left out (complementary suppression).
    SELECT m.p, bit_count(bit_or(m.s)) AS couples FROM m JOIN kind_counts kc ON kc.p = m.p AND m.key = 'kind:' || kc.kind AND NOT kc.listed GROUP BY m.p
  ), kinds AS (
    SELECT p, json_agg(json_build_object('kind', kind, 'count', n) ORDER BY n DESC, kind) AS list
      FROM kind_counts kc
     WHERE listed AND NOT EXISTS (SELECT 1 FROM unlisted u WHERE u.p = kc.p AND u.couples < 5)
     GROUP BY p
  )
  SELECT to_char(t.p, 'YYYY-MM-DD') AS period, c.couples, t.ruptures, t.completed, md.rec AS median_rec, md.comp AS median_comp, t.per_repair,
         coalesce(th.list, '[]') AS themes, coalesce(k.list, '[]') AS kinds
    FROM totals t JOIN couples c USING (p) LEFT JOIN medians md USING (p) LEFT JOIN themes th USING (p) LEFT JOIN kinds k USING (p)
   ORDER BY t.p;

-- repair-periods.staleDays[1] (no scope)
--   $1 = "2026-03-07T00:00:00.000-05:00"
--   $2 = "2026-03-11T00:00:00.000-04:00"
--   $3 = "America/Toronto"
--   $4 = ["2026-03-08","2026-03-09"]
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $3::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $3::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $3::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $3::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc('day'::text, $1::timestamptz AT TIME ZONE $3::text), $2::timestamptz AT TIME ZONE $3::text, (CASE 'day'::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || 'day'::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $3::text AS starts, (p + (CASE 'day'::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || 'day'::text)::interval END)) AT TIME ZONE $3::text AS ends) AS e
     WHERE p = ANY($4::timestamp[])
  ), days AS MATERIALIZED (
    SELECT pr.*, f.fingerprint, EXISTS (SELECT 1 FROM repair_report_days k WHERE k.day = pr.p::date AND k.zone = $3::text AND k.fingerprint = f.fingerprint) AS kept
      FROM periods pr
     CROSS JOIN LATERAL (SELECT coalesce(sum(v.version), 0) AS fingerprint FROM rupture_day_versions v
                          WHERE v.day BETWEEN ((pr.starts - pr.lo_margin) AT TIME ZONE 'UTC')::date AND ((pr.ends + pr.hi_margin) AT TIME ZONE 'UTC')::date) f
  ), todo AS (SELECT * FROM days WHERE NOT kept)
  SELECT to_char(p, 'YYYY-MM-DD') AS day FROM todo ORDER BY p;

-- repair-periods.refreshDays[1] (exemption: de-identified-report)
--   $1 = "2026-03-07T00:00:00.000-05:00"
--   $2 = "2026-03-11T00:00:00.000-04:00"
--   $3 = "America/Toronto"
--   $4 = ["2026-03-08","2026-03-09"]
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $3::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $3::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $3::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $3::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc('day'::text, $1::timestamptz AT TIME ZONE $3::text), $2::timestamptz AT TIME ZONE $3::text, (CASE 'day'::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || 'day'::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $3::text AS starts, (p + (CASE 'day'::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || 'day'::text)::interval END)) AT TIME ZONE $3::text AS ends) AS e
     WHERE p = ANY($4::timestamp[])
  ), days AS MATERIALIZED (
    SELECT pr.*, f.fingerprint, EXISTS (SELECT 1 FROM repair_report_days k WHERE k.day = pr.p::date AND k.zone = $3::text AND k.fingerprint = f.fingerprint) AS kept
      FROM periods pr
     CROSS JOIN LATERAL (SELECT coalesce(sum(v.version), 0) AS fingerprint FROM rupture_day_versions v
                          WHERE v.day BETWEEN ((pr.starts - pr.lo_margin) AT TIME ZONE 'UTC')::date AND ((pr.ends + pr.hi_margin) AT TIME ZONE 'UTC')::date) f
  ), todo AS (SELECT * FROM days WHERE NOT kept), r AS MATERIALIZED (
    SELECT pr.p, r.couple_id, r.stage = 'completed' AS done, r.kind, r.recurring_themes,
           CASE WHEN r.stage = 'completed'
                THEN (SELECT a.sequence FROM repair_attempts a WHERE a.rupture_id = r.id AND a.status = 'completed' LIMIT 1) END AS attempts,
           (extract(epoch FROM r.recognized_at - r.occurred_at) / 3600)::float8 AS h_rec,
           (extract(epoch FROM r.completed_at - r.occurred_at) / 3600)::float8 AS h_comp
      FROM todo pr JOIN ruptures r ON r.occurred_at >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND r.occurred_at < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (r.occurred_at >= pr.starts + pr.lo_margin AND r.occurred_at < pr.ends - pr.hi_margin OR date_trunc('day'::text, r.occurred_at AT TIME ZONE $3::text) = pr.p)
  ), members AS (
    -- Every couple is numbered in the transaction that inserts it (migration RepairReportCoupleSets).
    SELECT m.p, m.key, c.number, count(*)::int AS n
      FROM (SELECT p, 'kind:' || kind AS key, couple_id FROM r
            UNION ALL SELECT r.p, 'theme:' || t, r.couple_id FROM r, unnest(r.recurring_themes) AS t) m
      JOIN repair_report_couples c ON c.couple_id = m.couple_id
     GROUP BY 1, 2, 3
  ), member_sets AS (
    -- All of a day's sets as long as its highest couple number rounded up to SET_WIDTH_STEP: most days of a merge then have the same width.
    SELECT x.p, x.key, sum(x.n)::int AS n, w.width,
           (string_agg(repeat('0', x.number - x.prev - 1) || '1', '' ORDER BY x.number) || repeat('0', w.width - max(x.number)))::varbit AS couples
      FROM (SELECT p, key, number, n, coalesce(lag(number) OVER (PARTITION BY p, key ORDER BY number), 0) AS prev FROM members) x
      JOIN (SELECT p, ((max(number) + 1023) / 1024) * 1024 AS width FROM members GROUP BY p) w USING (p)
     GROUP BY x.p, x.key, w.width
  ), fresh AS (
    SELECT d.p::date AS day, d.fingerprint, coalesce(t.ruptures, 0) AS ruptures, coalesce(t.completed, 0) AS completed,
           coalesce(t.attempts, 0) AS attempts, coalesce(t.repairs, 0) AS repairs,
           coalesce(t.hours_to_recognition, '{}') AS hours_to_recognition, coalesce(t.hours_to_completion, '{}') AS hours_to_completion,
           coalesce(cardinality(t.hours_to_recognition), 0) AS recognition_count, coalesce(cardinality(t.hours_to_completion), 0) AS completion_count,
           ARRAY(SELECT (t.hours_to_recognition)[i] FROM generate_series(32, cardinality(t.hours_to_recognition), 32) AS i ORDER BY i) AS recognition_sample, ARRAY(SELECT (t.hours_to_completion)[i] FROM generate_series(32, cardinality(t.hours_to_completion), 32) AS i ORDER BY i) AS completion_sample,
           coalesce(m.member_keys, '{}') AS member_keys, coalesce(m.member_ruptures, '{}') AS member_ruptures,
           coalesce(m.member_couple_sets, '{}') AS member_couple_sets, coalesce(m.member_width, 0) AS member_width
      FROM todo d
      LEFT JOIN (SELECT p, count(*)::int AS ruptures, count(*) FILTER (WHERE done)::int AS completed,
                        coalesce(sum(attempts), 0)::int AS attempts, count(attempts)::int AS repairs,
                        array_agg(h_rec ORDER BY h_rec) FILTER (WHERE h_rec IS NOT NULL) AS hours_to_recognition,
                        array_agg(h_comp ORDER BY h_comp) FILTER (WHERE h_comp IS NOT NULL) AS hours_to_completion
                   FROM r GROUP BY p) t USING (p)
      LEFT JOIN (SELECT p, array_agg(key ORDER BY key) AS member_keys, array_agg(n ORDER BY key) AS member_ruptures,
                        array_agg(couples ORDER BY key) AS member_couple_sets, max(width) AS member_width
                   FROM member_sets GROUP BY p) m USING (p)
  )
  INSERT INTO repair_report_days (day, zone, fingerprint, ruptures, completed, attempts, repairs, hours_to_recognition, hours_to_completion,
                                  recognition_count, completion_count, recognition_sample, completion_sample,
                                  member_keys, member_ruptures, member_couple_sets, member_width)
  SELECT day, $3::text, fingerprint, ruptures, completed, attempts, repairs, hours_to_recognition, hours_to_completion,
         recognition_count, completion_count, recognition_sample, completion_sample, member_keys, member_ruptures, member_couple_sets, member_width
    FROM fresh ORDER BY day
  ON CONFLICT (day, zone) DO UPDATE
     SET fingerprint = excluded.fingerprint, ruptures = excluded.ruptures, completed = excluded.completed, attempts = excluded.attempts,
         repairs = excluded.repairs, hours_to_recognition = excluded.hours_to_recognition, hours_to_completion = excluded.hours_to_completion,
         recognition_count = excluded.recognition_count, completion_count = excluded.completion_count,
         recognition_sample = excluded.recognition_sample, completion_sample = excluded.completion_sample,
         member_keys = excluded.member_keys, member_ruptures = excluded.member_ruptures, member_couple_sets = excluded.member_couple_sets,
         member_width = excluded.member_width, computed_at = now()
   WHERE repair_report_days.fingerprint < excluded.fingerprint;

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
