-- Rendered by `npm run queries` from src/**/outcome-report.queries.ts; CI fails when this file is stale.

-- outcome-report.figures[1] (exemption: de-identified-report)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "month"
--   $4 = "America/Toronto"
WITH m AS (
    SELECT DISTINCT ON (o.assignment_id, o.client_id, o.occasion) o.couple_id, o.client_id, o.instrument, o.below_cutoff,
           min(o.answered_at) OVER (PARTITION BY o.assignment_id, o.client_id, o.occasion) AS at
      FROM outcome_responses o
     WHERE o.answered_at < $2::timestamptz
     ORDER BY o.assignment_id, o.client_id, o.occasion, o.answered_at DESC
  ), firsts AS (
    SELECT DISTINCT ON (couple_id, client_id, instrument) couple_id, client_id, instrument, at AS first_at, below_cutoff AS first_below
      FROM m ORDER BY couple_id, client_id, instrument, at
  ), latests AS (
    SELECT DISTINCT ON (p, couple_id, client_id, instrument) date_trunc($3::text, at AT TIME ZONE $4::text) AS p, couple_id, client_id, instrument,
           at AS latest_at, below_cutoff AS latest_below
      FROM m WHERE at >= $1::timestamptz
     ORDER BY p, couple_id, client_id, instrument, at DESC
  ), couples_in AS (
    SELECT l.p, l.couple_id, l.instrument, min(f.first_at) AS first_at, max(l.latest_at) AS latest_at,
           bool_or(f.first_below) AS started_below, bool_and(NOT l.latest_below) AS ended_above
      FROM latests l JOIN firsts f USING (couple_id, client_id, instrument)
     GROUP BY l.p, l.couple_id, l.instrument
    HAVING max(l.latest_at) > min(f.first_at)
  ), counted AS MATERIALIZED (
    -- Each count once per couple and period, from the indexes alone (a couple's completed sessions by
    -- completion time, its ruptures by occurrence with their stage): inlined, the band's CASE and each
    -- aggregate's FILTER ran them again.
    SELECT c.p, c.instrument, c.ended_above,
           (SELECT count(*) FROM therapy_sessions s WHERE s.couple_id = c.couple_id AND s.status = 'completed'
              AND s.completed_at >= c.first_at AND s.completed_at <= c.latest_at) AS sessions,
           (SELECT count(*) FILTER (WHERE r.stage = 'completed')::numeric / nullif(count(*), 0)
              FROM ruptures r WHERE r.couple_id = c.couple_id AND r.occurred_at >= c.first_at AND r.occurred_at <= c.latest_at) AS repair_rate
      FROM couples_in c WHERE c.started_below
  ), measured AS (
    SELECT p, instrument, ended_above, CASE WHEN sessions < 6 THEN '0-5' WHEN sessions < 12 THEN '6-11' ELSE '12+' END AS band, repair_rate FROM counted
  )
  SELECT to_char(p, 'YYYY-MM-DD') AS period, instrument, band, count(*)::int AS couples,
         count(*) FILTER (WHERE ended_above)::int AS moved,
         count(*) FILTER (WHERE ended_above AND repair_rate IS NOT NULL)::int AS moved_with_ruptures,
         count(*) FILTER (WHERE NOT ended_above AND repair_rate IS NOT NULL)::int AS stayed_with_ruptures,
         round(avg(repair_rate) FILTER (WHERE ended_above), 4) AS repair_rate_moved,
         round(avg(repair_rate) FILTER (WHERE NOT ended_above), 4) AS repair_rate_stayed
    FROM measured
   GROUP BY p, instrument, band
   ORDER BY p, instrument, array_position(ARRAY['0-5', '6-11', '12+'], band);

-- outcome-report.figures[2] (exemption: de-identified-report)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "quarter"
--   $4 = "America/Toronto"
WITH m AS (
    SELECT DISTINCT ON (o.assignment_id, o.client_id, o.occasion) o.couple_id, o.client_id, o.instrument, o.below_cutoff,
           min(o.answered_at) OVER (PARTITION BY o.assignment_id, o.client_id, o.occasion) AS at
      FROM outcome_responses o
     WHERE o.answered_at < $2::timestamptz
     ORDER BY o.assignment_id, o.client_id, o.occasion, o.answered_at DESC
  ), firsts AS (
    SELECT DISTINCT ON (couple_id, client_id, instrument) couple_id, client_id, instrument, at AS first_at, below_cutoff AS first_below
      FROM m ORDER BY couple_id, client_id, instrument, at
  ), latests AS (
    SELECT DISTINCT ON (p, couple_id, client_id, instrument) date_trunc($3::text, at AT TIME ZONE $4::text) AS p, couple_id, client_id, instrument,
           at AS latest_at, below_cutoff AS latest_below
      FROM m WHERE at >= $1::timestamptz
     ORDER BY p, couple_id, client_id, instrument, at DESC
  ), couples_in AS (
    SELECT l.p, l.couple_id, l.instrument, min(f.first_at) AS first_at, max(l.latest_at) AS latest_at,
           bool_or(f.first_below) AS started_below, bool_and(NOT l.latest_below) AS ended_above
      FROM latests l JOIN firsts f USING (couple_id, client_id, instrument)
     GROUP BY l.p, l.couple_id, l.instrument
    HAVING max(l.latest_at) > min(f.first_at)
  ), counted AS MATERIALIZED (
    -- Each count once per couple and period, from the indexes alone (a couple's completed sessions by
    -- completion time, its ruptures by occurrence with their stage): inlined, the band's CASE and each
    -- aggregate's FILTER ran them again.
    SELECT c.p, c.instrument, c.ended_above,
           (SELECT count(*) FROM therapy_sessions s WHERE s.couple_id = c.couple_id AND s.status = 'completed'
              AND s.completed_at >= c.first_at AND s.completed_at <= c.latest_at) AS sessions,
           (SELECT count(*) FILTER (WHERE r.stage = 'completed')::numeric / nullif(count(*), 0)
              FROM ruptures r WHERE r.couple_id = c.couple_id AND r.occurred_at >= c.first_at AND r.occurred_at <= c.latest_at) AS repair_rate
      FROM couples_in c WHERE c.started_below
  ), measured AS (
    SELECT p, instrument, ended_above, CASE WHEN sessions < 6 THEN '0-5' WHEN sessions < 12 THEN '6-11' ELSE '12+' END AS band, repair_rate FROM counted
  )
  SELECT to_char(p, 'YYYY-MM-DD') AS period, instrument, band, count(*)::int AS couples,
         count(*) FILTER (WHERE ended_above)::int AS moved,
         count(*) FILTER (WHERE ended_above AND repair_rate IS NOT NULL)::int AS moved_with_ruptures,
         count(*) FILTER (WHERE NOT ended_above AND repair_rate IS NOT NULL)::int AS stayed_with_ruptures,
         round(avg(repair_rate) FILTER (WHERE ended_above), 4) AS repair_rate_moved,
         round(avg(repair_rate) FILTER (WHERE NOT ended_above), 4) AS repair_rate_stayed
    FROM measured
   GROUP BY p, instrument, band
   ORDER BY p, instrument, array_position(ARRAY['0-5', '6-11', '12+'], band);
