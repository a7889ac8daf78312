import { queryModule } from '../database/query-module';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { rangeParams, ReportRange, SAMPLE_RANGE } from './reports.queries';

/** Bands of completed sessions between a couple's first and latest measurement, as the report groups them. */
export const SESSION_BANDS = [
  { band: '0-5', below: 6 },
  { band: '6-11', below: 12 },
  { band: '12+', below: null },
] as const;
export type SessionBand = (typeof SESSION_BANDS)[number]['band'];

/** One (period, instrument, sessions band) of the outcome report: counts and rates only, no names or ids. */
export interface OutcomeReportSqlRow {
  period: string;
  instrument: Row<'outcome_responses'>['instrument'];
  band: SessionBand;
  couples: number;
  moved: number;
  moved_with_ruptures: number;
  stayed_with_ruptures: number;
  repair_rate_moved: string | null;
  repair_rate_stayed: string | null;
}

/** How many of a sorted list of instants lie in [first_at, latest_at] of a couple's period (`x`); timestamps are whole microseconds. */
const within = (instants: string) => `(width_bucket(x.latest_at, ${instants}) - width_bucket(x.first_at - interval '1 microsecond', ${instants}))`;

const bandCase = (sessions: string) =>
  `CASE ${SESSION_BANDS.filter((b) => b.below !== null).map((b) => `WHEN ${sessions} < ${b.below} THEN '${b.band}'`).join(' ')} ELSE '${SESSION_BANDS.at(-1)!.band}' END`;

/**
 * Per local period of [from, to): the couples with a measurement in it who started below the
 * instrument's cutoff (some partner's first total below it), of whom `moved` ended above it (every
 * partner measured in the period at or above it at their latest), by completed sessions between the
 * couple's first and latest measurement; beside each group's mean repair completion rate over the
 * ruptures that occurred between those measurements. A measurement is the latest of its correction
 * chain, dated when first answered. Periods are fixed by the data alone, never by the report's bounds.
 */
const outcomeReportSql = (from: string, to: string, unit: string, zone: string) => `
  WITH m AS (
    -- One window and one sort: each chain's first answer and its latest, in the order DISTINCT ON keeps.
    SELECT DISTINCT ON (o.assignment_id, o.client_id, o.occasion) o.couple_id, o.client_id, o.instrument, o.occasion, o.below_cutoff,
           min(o.answered_at) OVER (PARTITION BY o.assignment_id, o.client_id, o.occasion ORDER BY o.answered_at DESC
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS at
      FROM outcome_responses o
     WHERE o.answered_at < ${to}
     ORDER BY o.assignment_id, o.client_id, o.occasion, o.answered_at DESC
  ), partners AS (
    -- Each partner's measurements on an instrument in time order, in one sort: their first of all, and
    -- whether each is their latest in its period.
    SELECT couple_id, instrument, p, at, below_cutoff,
           first_value(at) OVER w AS first_at, first_value(below_cutoff) OVER w AS first_below,
           lead(p) OVER w IS DISTINCT FROM p AS latest_in_period
      FROM (SELECT m.*, date_trunc(${unit}, at AT TIME ZONE ${zone}) AS p FROM m) m
    WINDOW w AS (PARTITION BY couple_id, client_id, instrument ORDER BY at, occasion)
  ), couples_in AS (
    -- Grouped by couple first, so that per_couple takes the rows in that order without sorting them again.
    SELECT p, couple_id, instrument, min(first_at) AS first_at, max(at) AS latest_at,
           bool_or(first_below) AS started_below, bool_and(NOT below_cutoff) AS ended_above
      FROM partners WHERE latest_in_period AND at >= ${from}
     GROUP BY couple_id, instrument, p
    HAVING max(at) > min(first_at)
  ), per_couple AS (
    -- Each measured couple's periods side by side, so that its sessions and ruptures are read once for all of them.
    SELECT couple_id, min(first_at) AS since, max(latest_at) AS until,
           array_agg(p) AS ps, array_agg(instrument) AS instruments, array_agg(ended_above) AS ended,
           array_agg(first_at) AS firsts, array_agg(latest_at) AS latests
      FROM couples_in WHERE started_below
     GROUP BY couple_id
  ), lists AS MATERIALIZED (
    -- A couple's completed sessions, ruptures and completed repairs from its first measurement to its
    -- latest, each read once from its index as a sorted list of instants.
    SELECT g.*,
           ARRAY(SELECT s.completed_at FROM therapy_sessions s
                  WHERE s.couple_id = g.couple_id AND s.status = 'completed' AND s.completed_at >= g.since AND s.completed_at <= g.until
                  ORDER BY s.completed_at) AS sessions,
           r.ruptures, r.repaired
      FROM per_couple g
      CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(r.occurred_at ORDER BY r.occurred_at), '{}') AS ruptures,
               coalesce(array_agg(r.occurred_at ORDER BY r.occurred_at) FILTER (WHERE r.stage = 'completed'), '{}') AS repaired
          FROM ruptures r WHERE r.couple_id = g.couple_id AND r.occurred_at >= g.since AND r.occurred_at <= g.until
      ) r
  ), counted AS MATERIALIZED (
    -- Each period's counts are two binary searches in each list (width_bucket: how many are at or
    -- before an instant). Counted in each period from the indexes instead, a year by month read 2.8
    -- million index entries; once materialized here, the band's CASE and the FILTERed aggregates below
    -- do not repeat them.
    SELECT x.p, x.instrument, x.ended_above,
           ${within('l.sessions')} AS sessions,
           ${within('l.repaired')}::numeric / nullif(${within('l.ruptures')}, 0) AS repair_rate
      FROM lists l
      CROSS JOIN LATERAL unnest(l.ps, l.instruments, l.ended, l.firsts, l.latests) AS x(p, instrument, ended_above, first_at, latest_at)
  ), measured AS (
    SELECT p, instrument, ended_above, ${bandCase('sessions')} AS band, repair_rate FROM counted
  )
  SELECT to_char(p, 'YYYY-MM-DD') AS period, instrument, band, count(*)::int AS couples,
         count(*) FILTER (WHERE ended_above)::int AS moved,
         count(*) FILTER (WHERE ended_above AND repair_rate IS NOT NULL)::int AS moved_with_ruptures,
         count(*) FILTER (WHERE NOT ended_above AND repair_rate IS NOT NULL)::int AS stayed_with_ruptures,
         round(avg(repair_rate) FILTER (WHERE ended_above), 4) AS repair_rate_moved,
         round(avg(repair_rate) FILTER (WHERE NOT ended_above), 4) AS repair_rate_stayed
    FROM measured
   GROUP BY p, instrument, band
   ORDER BY p, instrument, array_position(ARRAY[${SESSION_BANDS.map((b) => `'${b.band}'`).join(', ')}], band)`;

/** The de-identified outcome report: admins and reporting keys only; small groups are suppressed by the service. */
export const outcomeReportQueries = queryModule(
  'outcome-report',
  {
    figures(range: ReportRange) {
      const p = new SqlParams();
      const q = rangeParams(p, range);
      return statement<OutcomeReportSqlRow>(outcomeReportSql(q.from, q.to, q.unit, q.zone), p, 'de-identified-report');
    },
  },
  {
    figures: [[SAMPLE_RANGE], [{ ...SAMPLE_RANGE, unit: 'quarter' }]],
  },
);
