import { ConnectionCallReportRow, CountedKind, CountedTheme, RepairReportRow, SessionReportRow } from './dto/report.response';

/** Fewer couples than this behind a repair figure and it could point at someone: it is suppressed. */
export const MIN_COUPLES = 5;

/** Placeholders of one report run: `$n` strings for the period, zone and optional therapist. */
export interface ReportParams {
  from: string;
  to: string;
  unit: string;
  zone: string;
  /** `$n` of the therapist the rows are narrowed to, or null for all. */
  therapist: string | null;
}

const period = (column: string, q: ReportParams) => `to_char(date_trunc(${q.unit}, ${column} AT TIME ZONE ${q.zone}), 'YYYY-MM-DD')`;
const num = (v: string | number | null) => (v === null ? null : Number(v));

/**
 * Sessions by local start (index `therapy_sessions_start_idx`, or `…_therapist_start_idx` for one
 * therapist); availability is each weekly window laid on every local day of [from, to), cut to it.
 */
export const SESSION_REPORT_SQL = (q: ReportParams) => `
  WITH s AS (
    SELECT s.therapist_id, ${period('lower(s.during)', q)} AS period, s.status, s.late_cancellation,
           extract(epoch FROM upper(s.during) - lower(s.during)) / 3600 AS hours
      FROM therapy_sessions s
     WHERE lower(s.during) >= ${q.from} AND lower(s.during) < ${q.to}${q.therapist ? ` AND s.therapist_id = ${q.therapist}` : ''}
  ), booked AS (
    SELECT period, therapist_id, count(*)::int AS sessions,
           count(*) FILTER (WHERE status = 'scheduled')::int AS scheduled,
           count(*) FILTER (WHERE status = 'completed')::int AS completed,
           count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
           count(*) FILTER (WHERE status = 'cancelled' AND late_cancellation)::int AS late_cancelled,
           count(*) FILTER (WHERE status = 'no_show')::int AS no_show,
           coalesce(sum(hours) FILTER (WHERE status <> 'cancelled'), 0) AS booked_hours
      FROM s GROUP BY period, therapist_id
  ), available AS (
    SELECT to_char(date_trunc(${q.unit}, d.day::timestamp), 'YYYY-MM-DD') AS period, w.therapist_id,
           sum(extract(epoch FROM least(x.ends, ${q.to}) - greatest(x.starts, ${q.from})) / 3600) AS hours
      FROM (SELECT (${q.from} AT TIME ZONE ${q.zone})::date + i AS day
              FROM generate_series(0, (${q.to} AT TIME ZONE ${q.zone})::date - (${q.from} AT TIME ZONE ${q.zone})::date) AS i) AS d
      JOIN availability_windows w ON w.weekday = extract(isodow FROM d.day)${q.therapist ? ` AND w.therapist_id = ${q.therapist}` : ''}
      CROSS JOIN LATERAL (SELECT (d.day + w.starts_at) AT TIME ZONE ${q.zone} AS starts, (d.day + w.ends_at) AT TIME ZONE ${q.zone} AS ends) x
     WHERE x.ends > ${q.from} AND x.starts < ${q.to}
     GROUP BY 1, 2
  )
  SELECT period, therapist_id, u.display_name AS therapist_name,
         coalesce(b.sessions, 0) AS sessions, coalesce(b.scheduled, 0) AS scheduled, coalesce(b.completed, 0) AS completed,
         coalesce(b.cancelled, 0) AS cancelled, coalesce(b.late_cancelled, 0) AS late_cancelled, coalesce(b.no_show, 0) AS no_show,
         round(coalesce(b.booked_hours, 0)::numeric, 2) AS booked_hours, round(coalesce(a.hours, 0)::numeric, 2) AS available_hours,
         round((coalesce(b.booked_hours, 0) / nullif(a.hours, 0))::numeric, 4) AS utilisation
    FROM booked b FULL JOIN available a USING (period, therapist_id)
    JOIN users u ON u.id = therapist_id
   ORDER BY period, u.display_name, therapist_id`;

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
  SELECT ${period('c.starts_at', q)} AS period, c.therapist_id, u.display_name AS therapist_name,
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
    JOIN users u ON u.id = c.therapist_id
    LEFT JOIN clients cl ON cl.id = c.client_id
   WHERE c.starts_at >= ${q.from} AND c.starts_at < ${q.to}${q.therapist ? ` AND c.therapist_id = ${q.therapist}` : ''}
   GROUP BY 1, 2, 3
   ORDER BY 1, 3, 2`;

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
 * columns read). Attempts per completed repair is the completed attempt's sequence number, since
 * attempts are numbered 1, 2, … and the completing one is the last (index `repair_attempts_completed_idx`).
 * No names or ids leave this query; themes and kinds seen in fewer than MIN_COUPLES couples are dropped.
 */
export const REPAIR_REPORT_SQL = (q: ReportParams) => `
  WITH r AS (
    SELECT r.id, r.couple_id, r.stage, r.kind, r.recurring_themes, ${period('r.occurred_at', q)} AS period,
           extract(epoch FROM r.recognized_at - r.occurred_at) / 3600 AS h_rec,
           extract(epoch FROM r.completed_at - r.occurred_at) / 3600 AS h_comp
      FROM ruptures r WHERE r.occurred_at >= ${q.from} AND r.occurred_at < ${q.to}
  ), totals AS (
    SELECT period, count(DISTINCT couple_id)::int AS couples, count(*)::int AS ruptures,
           count(*) FILTER (WHERE stage = 'completed')::int AS completed,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY h_rec)::numeric, 2) AS median_rec,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY h_comp)::numeric, 2) AS median_comp
      FROM r GROUP BY period
  ), attempts AS (
    SELECT r.period, round(avg(a.sequence), 2) AS per_repair
      FROM r JOIN repair_attempts a ON a.rupture_id = r.id AND a.status = 'completed'
     WHERE r.stage = 'completed' GROUP BY r.period
  ), themes AS (
    SELECT period, json_agg(json_build_object('theme', theme, 'count', n) ORDER BY n DESC, theme) AS list
      FROM (SELECT period, theme, n, row_number() OVER (PARTITION BY period ORDER BY n DESC, theme) AS rank
              FROM (SELECT r.period, t AS theme, count(*)::int AS n, count(DISTINCT r.couple_id) AS couples
                      FROM r, unnest(r.recurring_themes) AS t GROUP BY 1, 2) x
             WHERE couples >= ${MIN_COUPLES}) y
     WHERE rank <= 5 GROUP BY period
  ), kinds AS (
    SELECT period, json_agg(json_build_object('kind', kind, 'count', n) ORDER BY n DESC, kind) AS list
      FROM (SELECT period, kind, n, row_number() OVER (PARTITION BY period ORDER BY n DESC, kind) AS rank
              FROM (SELECT period, kind, count(*)::int AS n, count(DISTINCT couple_id) AS couples FROM r GROUP BY 1, 2) x
             WHERE couples >= ${MIN_COUPLES}) y
     WHERE rank <= 5 GROUP BY period
  )
  SELECT t.*, a.per_repair, coalesce(th.list, '[]') AS themes, coalesce(k.list, '[]') AS kinds
    FROM totals t LEFT JOIN attempts a USING (period) LEFT JOIN themes th USING (period) LEFT JOIN kinds k USING (period)
   ORDER BY t.period`;

export interface RepairReportSqlRow {
  period: string;
  couples: number;
  ruptures: number;
  completed: number;
  median_rec: string | null;
  median_comp: string | null;
  per_repair: string | null;
  themes: CountedTheme[];
  kinds: CountedKind[];
}

export function toRepairReportRow(r: RepairReportSqlRow): RepairReportRow {
  if (r.couples < MIN_COUPLES) {
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
