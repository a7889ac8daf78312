import { AccessScope } from '../common/access/access-scope';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE, SAMPLE_TIME } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { RepairPeriod, ReportGrouping } from './dto/report.query';

/** What one report run covers: [from, to) as ISO instants, the periods it groups by, in the clinic's zone. */
export interface ReportRange {
  from: string;
  to: string;
  unit: ReportGrouping | RepairPeriod;
  zone: string;
}

/** Placeholders of one report run: `$n` strings for the period, zone and optional therapist. */
export interface ReportParams {
  from: string;
  to: string;
  unit: string;
  zone: string;
  /** `$n` of the therapist the rows are narrowed to, or null for all. */
  therapist: string | null;
  /** `$n` of the local period starts (`timestamp[]`) to compute, or absent for every period of [from, to). */
  only?: string;
}

/** `$1`…`$4`: the range, bound in the same order by every report statement. */
export function rangeParams(p: SqlParams, range: ReportRange): ReportParams {
  return {
    from: `${p.add(range.from)}::timestamptz`,
    to: `${p.add(range.to)}::timestamptz`,
    unit: `${p.add(range.unit)}::text`,
    zone: `${p.add(range.zone)}::text`,
    therapist: null,
  };
}

/** The local start of `column`'s period, as a timestamp: grouped on as is, formatted once per answer row (`label`). */
const periodStart = (column: string, q: ReportParams) => `date_trunc(${q.unit}, ${column} AT TIME ZONE ${q.zone})`;

/** A period start as the answer labels it. */
export const label = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/** One period's length; PostgreSQL has no '1 quarter' interval. */
const step = (q: ReportParams) => `(CASE ${q.unit} WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || ${q.unit})::interval END)`;

/**
 * The local periods overlapping [from, to): `p` the local start, `starts`/`ends` its instants. A row
 * at instant t belongs to `p` when date_trunc(unit, t AT TIME ZONE zone) = p. Where the zone's offset is
 * the same a day either side of an edge (no DST change near it), that is exactly starts <= t < ends;
 * near a change (`lo_margin`/`hi_margin` = 1 day) rows within a day of the edge are checked with
 * date_trunc itself ({@link inPeriod}). So rows are read by index range, period by period, and the
 * zone arithmetic is not done for every row.
 */
export const periodsCte = (q: ReportParams) => `periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN offset_at(starts - interval '1 day') = offset_at(starts + interval '1 day') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN offset_at(ends - interval '1 day') = offset_at(ends + interval '1 day') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc(${q.unit}, ${q.from} AT TIME ZONE ${q.zone}), ${q.to} AT TIME ZONE ${q.zone}, ${step(q)}) AS p,
           LATERAL (SELECT p AT TIME ZONE ${q.zone} AS starts, (p + ${step(q)}) AT TIME ZONE ${q.zone} AS ends) AS e${q.only ? `
     WHERE p = ANY(${q.only})` : ''}
  )`.replace(/offset_at\(([^)]*)\)/g, (_m, x: string) => `((${x}) AT TIME ZONE ${q.zone} - (${x}) AT TIME ZONE 'UTC')`);

/** The condition that `column` (an instant) falls in period `pr` and in [from, to); see {@link periodsCte}. */
export const inPeriod = (column: string, q: ReportParams, pr = 'pr') =>
  `${column} >= greatest(${q.from}, ${pr}.starts - ${pr}.lo_margin) AND ${column} < least(${q.to}, ${pr}.ends + ${pr}.hi_margin)
       AND (${column} >= ${pr}.starts + ${pr}.lo_margin AND ${column} < ${pr}.ends - ${pr}.hi_margin OR ${periodStart(column, q)} = ${pr}.p)`;

/**
 * `names`: the id and name of each therapist in the CTE `figures`, read by primary key for those
 * only; `users` also holds every client's portal login, so joining it whole would read all clients.
 */
export const therapistNames = (figures: string) => `names AS (
    SELECT u.id, u.display_name FROM users u WHERE u.id = ANY(ARRAY(SELECT DISTINCT f.therapist_id FROM ${figures} f))
  )`;

/**
 * Sessions by local start, read period by period from `therapy_sessions_report_idx` alone (index-only;
 * see {@link periodsCte}); availability is each weekly window laid on every local day of [from, to), cut to it.
 */
const sessionsSql = (q: ReportParams) => `
  WITH ${periodsCte(q)}, booked AS (
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
              FROM periods pr JOIN therapy_sessions s ON ${inPeriod('lower(s.during)', q)}${q.therapist ? ` AND s.therapist_id = ${q.therapist}` : ''}
             GROUP BY 1, 2, 3, 4, 5) b
     GROUP BY 1, 2
  ), available AS (
    SELECT date_trunc(${q.unit}, d.day::timestamp) AS p, w.therapist_id,
           sum(extract(epoch FROM least(x.ends, ${q.to}) - greatest(x.starts, ${q.from})) / 3600) AS hours
      FROM (SELECT (${q.from} AT TIME ZONE ${q.zone})::date + i AS day
              FROM generate_series(0, (${q.to} AT TIME ZONE ${q.zone})::date - (${q.from} AT TIME ZONE ${q.zone})::date) AS i) AS d
      JOIN availability_windows w ON w.weekday = extract(isodow FROM d.day)${q.therapist ? ` AND w.therapist_id = ${q.therapist}` : ''}
      CROSS JOIN LATERAL (SELECT (d.day + w.starts_at) AT TIME ZONE ${q.zone} AS starts, (d.day + w.ends_at) AT TIME ZONE ${q.zone} AS ends) x
     WHERE x.ends > ${q.from} AND x.starts < ${q.to}
     GROUP BY 1, 2
  ), figures AS (
    SELECT p, therapist_id, b.sessions, b.scheduled, b.completed, b.cancelled, b.late_cancelled, b.no_show, b.booked_hours, a.hours AS available_hours
      FROM booked b FULL JOIN available a USING (p, therapist_id)
  ), ${therapistNames('figures')}
  SELECT ${label('f.p')} AS period, f.therapist_id, u.display_name AS therapist_name,
         coalesce(f.sessions, 0) AS sessions, coalesce(f.scheduled, 0) AS scheduled, coalesce(f.completed, 0) AS completed,
         coalesce(f.cancelled, 0) AS cancelled, coalesce(f.late_cancelled, 0) AS late_cancelled, coalesce(f.no_show, 0) AS no_show,
         round(coalesce(f.booked_hours, 0)::numeric, 2) AS booked_hours, round(coalesce(f.available_hours, 0)::numeric, 2) AS available_hours,
         round((coalesce(f.booked_hours, 0) / nullif(f.available_hours, 0))::numeric, 4) AS utilisation
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY f.p, u.display_name, f.therapist_id`;

/** Sessions of one period and therapist; hours and rates are numeric, as strings. */
export type SessionReportSqlRow = Pick<Row<'therapy_sessions'>, 'therapist_id'> & {
  period: string;
  therapist_name: Row<'users'>['display_name'];
  sessions: number;
  scheduled: number;
  completed: number;
  cancelled: number;
  late_cancelled: number;
  no_show: number;
  booked_hours: string;
  available_hours: string;
  utilisation: string | null;
};

/**
 * Calls by local start (index `connection_calls_start_idx` / `…_therapist_start_idx`); conversion by the
 * new client's creation, looked up by primary key for the calls that led to a client only.
 */
const connectionCallsSql = (q: ReportParams) => `
  WITH calls AS MATERIALIZED (
    -- Materialized: each call's client is looked up once, not once per count that uses it.
    SELECT c.therapist_id, c.starts_at, c.created_at, c.modality, c.status,
           c.client_id IS NOT NULL AND (SELECT cl.created_at FROM clients cl WHERE cl.id = c.client_id) <= c.starts_at + interval '60 days' AS converted
      FROM connection_calls c
     WHERE c.starts_at >= ${q.from} AND c.starts_at < ${q.to}${q.therapist ? ` AND c.therapist_id = ${q.therapist}` : ''}
  ), figures AS (
    SELECT ${periodStart('c.starts_at', q)} AS p, c.therapist_id,
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
  ), ${therapistNames('figures')}
  SELECT ${label('f.p')} AS period, f.therapist_id, u.display_name AS therapist_name, f.bookings, f.phone, f.video, f.in_person,
         f.upcoming, f.cancelled, f.no_show, f.completed, f.converted, f.conversion_rate, f.median_lead_hours
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY f.p, u.display_name, f.therapist_id`;

/** Connection calls of one period and therapist; rates and hours are numeric, as strings. */
export type ConnectionCallReportSqlRow = Pick<Row<'connection_calls'>, 'therapist_id'> & {
  period: string;
  therapist_name: Row<'users'>['display_name'];
  bookings: number;
  phone: number;
  video: number;
  in_person: number;
  upcoming: number;
  cancelled: number;
  no_show: number;
  completed: number;
  converted: number;
  conversion_rate: string | null;
  median_lead_hours: string | null;
};

/**
 * Planner settings for one report run, local to its read-only transaction: the repair report's hash
 * aggregates (periods × couples, periods × themes × couples) need more than the default 4 MB to stay
 * in memory, and a report may run longer than the API's statement timeout
 * (DATABASE_STATEMENT_TIMEOUT_MS), up to 30 s. (JIT compilation, which cost 70–500 ms per report
 * call, is off for every connection of the pool: connection-options.ts.)
 */
const REPORT_SETTINGS = `SELECT set_config('work_mem', '64MB', true), set_config('statement_timeout', '30s', true)`;

/** A month of reports in the clinic's zone, for the rendered statements. */
export const SAMPLE_RANGE: ReportRange = { from: SAMPLE_TIME.from.toISOString(), to: SAMPLE_TIME.to.toISOString(), unit: 'month', zone: 'America/Toronto' };

/**
 * The staff reports (sessions, connection calls), each one statement over [from, to), narrowed to
 * the therapists whose rows the caller may count (AccessScope.staffReport); and the planner
 * settings every report run starts with.
 */
export const reportQueries = queryModule(
  'reports',
  {
    /** Planner settings, local to the report's transaction. */
    settings() {
      return statement(REPORT_SETTINGS);
    },

    /** Sessions per period and therapist; `requested` is the therapist the query names, if any. */
    sessions(scope: AccessScope, range: ReportRange, requested: string | undefined) {
      const p = new SqlParams();
      const q = rangeParams(p, range);
      return statement<SessionReportSqlRow>(sessionsSql({ ...q, therapist: scope.staffReport(p, requested) }), p);
    },

    /** Connection calls per period and therapist; `requested` is the therapist the query names, if any. */
    connectionCalls(scope: AccessScope, range: ReportRange, requested: string | undefined) {
      const p = new SqlParams();
      const q = rangeParams(p, range);
      return statement<ConnectionCallReportSqlRow>(connectionCallsSql({ ...q, therapist: scope.staffReport(p, requested) }), p);
    },
  },
  {
    settings: [[]],
    sessions: [
      [SAMPLE_SCOPE.therapist, SAMPLE_RANGE, undefined],
      [SAMPLE_SCOPE.admin, { ...SAMPLE_RANGE, unit: 'week' }, undefined],
      [SAMPLE_SCOPE.admin, SAMPLE_RANGE, SAMPLE_ID.therapist],
    ],
    connectionCalls: [
      [SAMPLE_SCOPE.therapist, SAMPLE_RANGE, undefined],
      [SAMPLE_SCOPE.admin, SAMPLE_RANGE, undefined],
    ],
  },
);
