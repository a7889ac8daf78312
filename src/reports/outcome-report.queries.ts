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
    SELECT DISTINCT ON (o.assignment_id, o.client_id, o.occasion) o.couple_id, o.client_id, o.instrument, o.below_cutoff,
           min(o.answered_at) OVER (PARTITION BY o.assignment_id, o.client_id, o.occasion) AS at
      FROM outcome_responses o
     WHERE o.answered_at < ${to}
     ORDER BY o.assignment_id, o.client_id, o.occasion, o.answered_at DESC
  ), firsts AS (
    SELECT DISTINCT ON (couple_id, client_id, instrument) couple_id, client_id, instrument, at AS first_at, below_cutoff AS first_below
      FROM m ORDER BY couple_id, client_id, instrument, at
  ), latests AS (
    SELECT DISTINCT ON (p, couple_id, client_id, instrument) date_trunc(${unit}, at AT TIME ZONE ${zone}) AS p, couple_id, client_id, instrument,
           at AS latest_at, below_cutoff AS latest_below
      FROM m WHERE at >= ${from}
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
