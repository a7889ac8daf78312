import { DataSource, EntityManager } from 'typeorm';
import { ConnectionCallReportRow, CountedKind, CountedTheme, RepairReportRow, SessionReportRow } from './dto/report.response';

/** Fewer couples than this behind a repair figure and it could point at someone: it is suppressed. */
export const MIN_COUPLES = 5;

/**
 * Planner settings for one report run, local to its read-only transaction. JIT compilation costs
 * 70–500 ms per call on these plans (their estimated costs cross `jit_above_cost`; they run in
 * well under a second without it), and the repair report's hash aggregates (periods × couples,
 * periods × themes × couples) need more than the default 4 MB to stay in memory. A report may run
 * longer than the API's statement timeout (DATABASE_STATEMENT_TIMEOUT_MS), up to 30 s.
 */
export const REPORT_SETTINGS_SQL = `SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true), set_config('statement_timeout', '30s', true)`;

/** Runs `work` in a read-only REPEATABLE READ snapshot with the report settings, local to it. */
export function inReportSnapshot<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction('REPEATABLE READ', async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    await manager.query(REPORT_SETTINGS_SQL);
    return work(manager);
  });
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

/** The local start of `column`'s period, as a timestamp: grouped on as is, formatted once per answer row (`label`). */
const periodStart = (column: string, q: ReportParams) => `date_trunc(${q.unit}, ${column} AT TIME ZONE ${q.zone})`;
const label = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
/**
 * The local periods overlapping [from, to): `p` the local start, `starts`/`ends` its instants. A row
 * at instant t belongs to `p` when date_trunc(unit, t AT TIME ZONE zone) = p. Where the zone's offset is
 * the same a day either side of an edge (no DST change near it), that is exactly starts <= t < ends;
 * near a change (`lo_margin`/`hi_margin` = 1 day) rows within a day of the edge are checked with
 * date_trunc itself ({@link inPeriod}). So rows are read by index range, period by period, and the
 * zone arithmetic is not done for every row.
 */
/** One period's length; PostgreSQL has no '1 quarter' interval. */
const step = (q: ReportParams) => `(CASE ${q.unit} WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || ${q.unit})::interval END)`;
const periodsCte = (q: ReportParams) => `periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN offset_at(starts - interval '1 day') = offset_at(starts + interval '1 day') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN offset_at(ends - interval '1 day') = offset_at(ends + interval '1 day') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc(${q.unit}, ${q.from} AT TIME ZONE ${q.zone}), ${q.to} AT TIME ZONE ${q.zone}, ${step(q)}) AS p,
           LATERAL (SELECT p AT TIME ZONE ${q.zone} AS starts, (p + ${step(q)}) AT TIME ZONE ${q.zone} AS ends) AS e${q.only ? `
     WHERE p = ANY(${q.only})` : ''}
  )`.replace(/offset_at\(([^)]*)\)/g, (_m, x: string) => `((${x}) AT TIME ZONE ${q.zone} - (${x}) AT TIME ZONE 'UTC')`);

/** The condition that `column` (an instant) falls in period `pr` and in [from, to); see {@link periodsCte}. */
const inPeriod = (column: string, q: ReportParams, pr = 'pr') =>
  `${column} >= greatest(${q.from}, ${pr}.starts - ${pr}.lo_margin) AND ${column} < least(${q.to}, ${pr}.ends + ${pr}.hi_margin)
       AND (${column} >= ${pr}.starts + ${pr}.lo_margin AND ${column} < ${pr}.ends - ${pr}.hi_margin OR ${periodStart(column, q)} = ${pr}.p)`;
const num = (v: string | number | null) => (v === null ? null : Number(v));

/**
 * Sessions by local start, read period by period from `therapy_sessions_report_idx` alone (index-only;
 * see {@link periodsCte}); availability is each weekly window laid on every local day of [from, to), cut to it.
 */
export const SESSION_REPORT_SQL = (q: ReportParams) => `
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
  )
  SELECT ${label('p')} AS period, therapist_id, u.display_name AS therapist_name,
         coalesce(b.sessions, 0) AS sessions, coalesce(b.scheduled, 0) AS scheduled, coalesce(b.completed, 0) AS completed,
         coalesce(b.cancelled, 0) AS cancelled, coalesce(b.late_cancelled, 0) AS late_cancelled, coalesce(b.no_show, 0) AS no_show,
         round(coalesce(b.booked_hours, 0)::numeric, 2) AS booked_hours, round(coalesce(a.hours, 0)::numeric, 2) AS available_hours,
         round((coalesce(b.booked_hours, 0) / nullif(a.hours, 0))::numeric, 4) AS utilisation
    FROM booked b FULL JOIN available a USING (p, therapist_id)
    JOIN users u ON u.id = therapist_id
   ORDER BY p, u.display_name, therapist_id`;

export interface SessionReportSqlRow {
  period: string;
  therapist_id: string;
  therapist_name: string;
  sessions: number;
  scheduled: number;
  completed: number;
  cancelled: number;
  late_cancelled: number;
  no_show: number;
  booked_hours: string;
  available_hours: string;
  utilisation: string | null;
}

export const toSessionReportRow = (r: SessionReportSqlRow): SessionReportRow => ({
  period: r.period,
  therapistId: r.therapist_id,
  therapistName: r.therapist_name,
  sessions: r.sessions,
  scheduled: r.scheduled,
  completed: r.completed,
  cancelled: r.cancelled,
  lateCancelled: r.late_cancelled,
  onTimeCancelled: r.cancelled - r.late_cancelled,
  noShow: r.no_show,
  bookedHours: Number(r.booked_hours),
  availableHours: Number(r.available_hours),
  utilisation: num(r.utilisation),
});

/** Calls by local start (index `connection_calls_start_idx` / `…_therapist_start_idx`); conversion by the new client's creation. */
export const CONNECTION_CALL_REPORT_SQL = (q: ReportParams) => `
  WITH calls AS (
    SELECT ${periodStart('c.starts_at', q)} AS p, c.therapist_id,
           count(*)::int AS bookings,
           count(*) FILTER (WHERE c.modality = 'phone')::int AS phone,
           count(*) FILTER (WHERE c.modality = 'video')::int AS video,
           count(*) FILTER (WHERE c.modality = 'in_person')::int AS in_person,
           count(*) FILTER (WHERE c.status = 'booked')::int AS upcoming,
           count(*) FILTER (WHERE c.status = 'cancelled')::int AS cancelled,
           count(*) FILTER (WHERE c.status = 'no_show')::int AS no_show,
           count(*) FILTER (WHERE c.status = 'completed')::int AS completed,
           count(*) FILTER (WHERE cl.created_at <= c.starts_at + interval '60 days')::int AS converted,
           round(count(*) FILTER (WHERE cl.created_at <= c.starts_at + interval '60 days')::numeric
                 / nullif(count(*) FILTER (WHERE c.status <> 'cancelled'), 0), 4) AS conversion_rate,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.starts_at - c.created_at) / 3600)::numeric, 2) AS median_lead_hours
      FROM connection_calls c
      LEFT JOIN clients cl ON cl.id = c.client_id
     WHERE c.starts_at >= ${q.from} AND c.starts_at < ${q.to}${q.therapist ? ` AND c.therapist_id = ${q.therapist}` : ''}
     GROUP BY 1, 2
  )
  SELECT ${label('c.p')} AS period, c.therapist_id, u.display_name AS therapist_name, c.bookings, c.phone, c.video, c.in_person,
         c.upcoming, c.cancelled, c.no_show, c.completed, c.converted, c.conversion_rate, c.median_lead_hours
    FROM calls c JOIN users u ON u.id = c.therapist_id
   ORDER BY c.p, u.display_name, c.therapist_id`;

export interface ConnectionCallReportSqlRow {
  period: string;
  therapist_id: string;
  therapist_name: string;
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
}

export const toConnectionCallReportRow = (r: ConnectionCallReportSqlRow): ConnectionCallReportRow => ({
  period: r.period,
  therapistId: r.therapist_id,
  therapistName: r.therapist_name,
  bookings: r.bookings,
  phone: r.phone,
  video: r.video,
  inPerson: r.in_person,
  upcoming: r.upcoming,
  cancelled: r.cancelled,
  noShow: r.no_show,
  completed: r.completed,
  convertedWithin60Days: r.converted,
  conversionRate: num(r.conversion_rate),
  medianLeadTimeHours: num(r.median_lead_hours),
});

/**
 * Clinic-wide repair figures by when ruptures occurred (index `ruptures_report_idx` covers the
 * columns read). The period's rows are read once into `r` (period start, the stage hours as the
 * float8 the medians order by); each figure is then a hash aggregate over it, and distinct couples
 * are counted as distinct (period, couple) groups rather than by sorting every row. Attempts per
 * completed repair is the completed attempt's sequence number, since attempts are numbered 1, 2, …
 * and the completing one is the last (looked up index-only in `repair_attempts_completed_idx`: a
 * period or two recomputed at a time read only their own attempts; see repair-periods.ts).
 * No names or ids leave this query; themes and kinds seen in fewer than MIN_COUPLES couples are dropped.
 */
export const REPAIR_REPORT_SQL = (q: ReportParams) => `
  WITH ${periodsCte(q)}, r AS MATERIALIZED (
    SELECT pr.p, r.couple_id, r.stage = 'completed' AS done, r.kind, r.recurring_themes,
           CASE WHEN r.stage = 'completed'
                THEN (SELECT a.sequence FROM repair_attempts a WHERE a.rupture_id = r.id AND a.status = 'completed' LIMIT 1) END AS attempts,
           (extract(epoch FROM r.recognized_at - r.occurred_at) / 3600)::float8 AS h_rec,
           (extract(epoch FROM r.completed_at - r.occurred_at) / 3600)::float8 AS h_comp
      FROM periods pr JOIN ruptures r ON ${inPeriod('r.occurred_at', q)}
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
             WHERE couples >= ${MIN_COUPLES}) y
     WHERE rank <= 5 GROUP BY p
  ), kind_counts AS (
    SELECT p, kind, n, couples >= ${MIN_COUPLES} AND row_number() OVER (PARTITION BY p ORDER BY n DESC, kind) <= 5 AS listed
      FROM (SELECT p, kind, sum(k)::int AS n, count(*) AS couples
              FROM (SELECT p, kind, couple_id, count(*) AS k FROM r GROUP BY 1, 2, 3) c GROUP BY 1, 2) x
  ), unlisted AS (
    -- Kinds always add up to the ruptures: what is left out is the total minus the list, so it must
    -- itself be behind MIN_COUPLES couples, or the whole list is left out (complementary suppression).
    SELECT r.p, count(DISTINCT r.couple_id) AS couples FROM r JOIN kind_counts kc ON kc.p = r.p AND kc.kind = r.kind AND NOT kc.listed GROUP BY r.p
  ), kinds AS (
    SELECT p, json_agg(json_build_object('kind', kind, 'count', n) ORDER BY n DESC, kind) AS list
      FROM kind_counts kc
     WHERE listed AND NOT EXISTS (SELECT 1 FROM unlisted u WHERE u.p = kc.p AND u.couples < ${MIN_COUPLES})
     GROUP BY p
  )
  SELECT ${label('t.p')} AS period, c.couples, t.ruptures, t.completed, t.median_rec, t.median_comp, t.per_repair,
         coalesce(th.list, '[]') AS themes, coalesce(k.list, '[]') AS kinds
    FROM totals t JOIN couples c USING (p) LEFT JOIN themes th USING (p) LEFT JOIN kinds k USING (p)
   ORDER BY t.p`;

/**
 * The periods of a repair report with what is kept of them (repair_report_periods, migration
 * RepairReportPeriods). A period's rows are read within [lo, hi): its instants widened by the DST
 * margins and cut to [from, to); the figures depend on the period and these bounds only. `fingerprint`
 * sums the versions of the UTC days of [lo, hi]; `kept` when figures were kept for the same bounds at
 * that same fingerprint. `whole` when from/to do not cut it: that variant is kept apart from the latest cut one.
 */
export const REPAIR_PERIODS_SQL = (q: ReportParams) => `
  WITH ${periodsCte(q)}
  SELECT pr.p::text AS p, ${label('pr.p')} AS period, b.lo, b.hi, f.fingerprint::text AS fingerprint, b.whole,
         coalesce(k.lo = b.lo AND k.hi = b.hi AND k.fingerprint = f.fingerprint, false) AS kept, k.figures
    FROM periods pr
   CROSS JOIN LATERAL (SELECT greatest(${q.from}, pr.starts - pr.lo_margin) AS lo, least(${q.to}, pr.ends + pr.hi_margin) AS hi,
                              pr.starts - pr.lo_margin >= ${q.from} AND pr.ends + pr.hi_margin <= ${q.to} AS whole) b
   CROSS JOIN LATERAL (SELECT coalesce(sum(v.version), 0) AS fingerprint FROM rupture_day_versions v
                        WHERE v.day BETWEEN (b.lo AT TIME ZONE 'UTC')::date AND (b.hi AT TIME ZONE 'UTC')::date) f
    LEFT JOIN repair_report_periods k ON k.zone = ${q.zone} AND k.unit = ${q.unit} AND k.period = pr.p AND k.whole = b.whole
   ORDER BY pr.p`;

/**
 * Keeps freshly computed periods: `$1` zone, `$2` unit, `$3` a JSON array of `{ p, whole, lo, hi,
 * fingerprint, figures }`. A cut replaces the period's previous cut; for the same bounds, a newer
 * fingerprint is never replaced by an older one (fingerprints only grow).
 */
export const KEEP_REPAIR_PERIODS_SQL = `
  INSERT INTO repair_report_periods (zone, unit, period, whole, lo, hi, fingerprint, figures)
  SELECT $1, $2, (e->>'p')::timestamp, (e->>'whole')::boolean, (e->>'lo')::timestamptz, (e->>'hi')::timestamptz,
         (e->>'fingerprint')::bigint, nullif(e->'figures', 'null'::jsonb)
    FROM jsonb_array_elements($3::jsonb) e
  ON CONFLICT (zone, unit, period, whole) DO UPDATE
     SET lo = excluded.lo, hi = excluded.hi, fingerprint = excluded.fingerprint, figures = excluded.figures, computed_at = now()
   WHERE (repair_report_periods.lo, repair_report_periods.hi) <> (excluded.lo, excluded.hi) OR repair_report_periods.fingerprint < excluded.fingerprint`;

export interface RepairPeriodState {
  p: string;
  period: string;
  lo: Date;
  hi: Date;
  fingerprint: string;
  whole: boolean;
  kept: boolean;
  figures: Omit<RepairReportSqlRow, 'period'> | null;
}

export interface RepairReportSqlRow {
  period: string;
  couples: number;
  ruptures: number;
  completed: number;
  // numeric: strings from the query, numbers once kept as JSON
  median_rec: string | number | null;
  median_comp: string | number | null;
  per_repair: string | number | null;
  themes: CountedTheme[];
  kinds: CountedKind[];
  /** Suppressed although behind enough couples: a month inside it is suppressed (repair-periods.ts). */
  complement?: boolean;
}

export function toRepairReportRow(r: RepairReportSqlRow): RepairReportRow {
  if (r.couples < MIN_COUPLES || r.complement) {
    return {
      period: r.period, suppressed: true, couples: null, ruptures: null, completed: null, repairRate: null,
      medianHoursToRecognition: null, medianHoursToCompletion: null, attemptsPerCompletedRepair: null, recurringThemes: [], kinds: [],
    };
  }
  return {
    period: r.period,
    suppressed: false,
    couples: r.couples,
    ruptures: r.ruptures,
    completed: r.completed,
    repairRate: r.ruptures ? Math.round((r.completed / r.ruptures) * 10000) / 10000 : null,
    medianHoursToRecognition: num(r.median_rec),
    medianHoursToCompletion: num(r.median_comp),
    attemptsPerCompletedRepair: num(r.per_repair),
    recurringThemes: r.themes,
    kinds: r.kinds,
  };
}
