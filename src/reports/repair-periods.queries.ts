import { queryModule } from '../database/query-module';
import { SAMPLE_TIME } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { CountedKind, CountedTheme } from './dto/report.response';
import { inPeriod, label, periodsCte, rangeParams, ReportParams, ReportRange, SAMPLE_RANGE } from './reports.queries';

/** Fewer couples than this behind a repair figure and it could point at someone: it is suppressed. */
export const MIN_COUPLES = 5;

/** One period's repair figures: aggregates only, no names or ids. */
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

/** A period of the report with what is kept of it; `p` is its local start as text. */
export type RepairPeriodState = Pick<Row<'repair_report_periods'>, 'lo' | 'hi' | 'fingerprint' | 'whole'> & {
  p: string;
  period: string;
  kept: boolean;
  figures: Omit<RepairReportSqlRow, 'period'> | null;
};

/** A freshly computed period, as it is kept (see `keep`). */
export type FreshPeriod = Pick<RepairPeriodState, 'p' | 'whole' | 'lo' | 'hi' | 'fingerprint' | 'figures'>;

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
const figuresSql = (q: ReportParams) => `
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
const periodsSql = (q: ReportParams) => `
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
const KEEP_PERIODS = `
  INSERT INTO repair_report_periods (zone, unit, period, whole, lo, hi, fingerprint, figures)
  SELECT $1, $2, (e->>'p')::timestamp, (e->>'whole')::boolean, (e->>'lo')::timestamptz, (e->>'hi')::timestamptz,
         (e->>'fingerprint')::bigint, nullif(e->'figures', 'null'::jsonb)
    FROM jsonb_array_elements($3::jsonb) e
  ON CONFLICT (zone, unit, period, whole) DO UPDATE
     SET lo = excluded.lo, hi = excluded.hi, fingerprint = excluded.fingerprint, figures = excluded.figures, computed_at = now()
   WHERE (repair_report_periods.lo, repair_report_periods.hi) <> (excluded.lo, excluded.hi) OR repair_report_periods.fingerprint < excluded.fingerprint`;

/**
 * The clinic-wide, de-identified repair report (repair-periods.ts): its periods with what is kept of
 * them, the figures of the periods to compute, and keeping those. Only admins and reporting keys
 * read it (AccessScope.readsClinicReports); no caller scope narrows its rows.
 */
export const repairPeriodQueries = queryModule(
  'repair-periods',
  {
    /** Every period of the range, with its fingerprint and the figures kept for it. */
    periods(range: ReportRange) {
      const p = new SqlParams();
      return statement<RepairPeriodState>(periodsSql(rangeParams(p, range)), p);
    },

    /** The figures of the periods starting at `starts` (local period starts, as `periods` gives them). */
    figures(range: ReportRange, starts: string[]) {
      const p = new SqlParams();
      const q = rangeParams(p, range);
      return statement<RepairReportSqlRow>(figuresSql({ ...q, only: `${p.add(starts)}::timestamp[]` }), p, 'de-identified-report');
    },

    /** Keeps freshly computed periods of the range's zone and unit. */
    keep(range: Pick<ReportRange, 'zone' | 'unit'>, fresh: FreshPeriod[]) {
      return statement(KEEP_PERIODS, [range.zone, range.unit, JSON.stringify(fresh)]);
    },
  },
  {
    periods: [[SAMPLE_RANGE], [{ ...SAMPLE_RANGE, unit: 'quarter' }]],
    figures: [[SAMPLE_RANGE, ['2026-03-01 00:00:00']]],
    keep: [[SAMPLE_RANGE, [{ p: '2026-03-01 00:00:00', whole: true, lo: SAMPLE_TIME.from, hi: SAMPLE_TIME.to, fingerprint: '1', figures: null }]]],
  },
);
