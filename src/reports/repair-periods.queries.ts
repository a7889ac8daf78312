import { DateTime } from 'luxon';
import { queryModule } from '../database/query-module';
import { SAMPLE_TIME } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { RepairPeriod } from './dto/report.query';
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
 * The local days to read (`periodsCte` with unit 'day', so a day near a clock change is read by
 * its local date, as periods are), each with its fingerprint (the versions of the UTC days its rows
 * can lie in) and whether `repair_report_days` holds its partial at that fingerprint.
 */
const daysCte = (q: ReportParams) => `${periodsCte(q)}, days AS MATERIALIZED (
    SELECT pr.*, f.fingerprint, EXISTS (SELECT 1 FROM repair_report_days k WHERE k.day = pr.p::date AND k.zone = ${q.zone} AND k.fingerprint = f.fingerprint) AS kept
      FROM periods pr
     CROSS JOIN LATERAL (SELECT coalesce(sum(v.version), 0) AS fingerprint FROM rupture_day_versions v
                          WHERE v.day BETWEEN ((pr.starts - pr.lo_margin) AT TIME ZONE 'UTC')::date AND ((pr.ends + pr.hi_margin) AT TIME ZONE 'UTC')::date) f
  ), todo AS (SELECT * FROM days WHERE NOT kept)`;

/**
 * Every SAMPLE_STRIDE-th value of a day's sorted stage hours is kept beside them: a merged median is
 * then found from the samples and a short window of the values (see {@link medianCtes}). Changing
 * it changes what the kept partials mean: it needs a migration that empties them.
 */
const SAMPLE_STRIDE = 32;

/** A day's couple sets are as long as its highest couple number rounded up to this (bits). */
const SET_WIDTH_STEP = 1024;

/**
 * The partials of the days in `todo` (`fresh`), computed from their ruptures (index
 * `ruptures_report_idx` covers the columns read). Per day: counts that add up; the stage hours as
 * sorted float8 arrays (the medians' samples) with every SAMPLE_STRIDE-th of them; and per kind or
 * recurring theme (keyed `kind:…` or `theme:…`) its ruptures and the set of its couples, a bitmap over
 * their numbers (`repair_report_couples`: bit n for couple number n; all of a day's sets as long as its
 * highest number rounded up to SET_WIDTH_STEP, `member_width`), so distinct couples of any span of
 * days are an OR and a bit count. Attempts per completed repair is the
 * completed attempt's sequence number, since attempts are numbered 1, 2, … and the completing one
 * is the last (index-only in `repair_attempts_completed_idx`); kept as a sum and a count of the
 * repairs that have one.
 */
const partialsCte = (q: ReportParams) => `r AS MATERIALIZED (
    SELECT pr.p, r.couple_id, r.stage = 'completed' AS done, r.kind, r.recurring_themes,
           CASE WHEN r.stage = 'completed'
                THEN (SELECT a.sequence FROM repair_attempts a WHERE a.rupture_id = r.id AND a.status = 'completed' LIMIT 1) END AS attempts,
           (extract(epoch FROM r.recognized_at - r.occurred_at) / 3600)::float8 AS h_rec,
           (extract(epoch FROM r.completed_at - r.occurred_at) / 3600)::float8 AS h_comp
      FROM todo pr JOIN ruptures r ON ${inPeriod('r.occurred_at', q)}
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
      JOIN (SELECT p, ((max(number) + ${SET_WIDTH_STEP - 1}) / ${SET_WIDTH_STEP}) * ${SET_WIDTH_STEP} AS width FROM members GROUP BY p) w USING (p)
     GROUP BY x.p, x.key, w.width
  ), fresh AS (
    SELECT d.p::date AS day, d.fingerprint, coalesce(t.ruptures, 0) AS ruptures, coalesce(t.completed, 0) AS completed,
           coalesce(t.attempts, 0) AS attempts, coalesce(t.repairs, 0) AS repairs,
           coalesce(t.hours_to_recognition, '{}') AS hours_to_recognition, coalesce(t.hours_to_completion, '{}') AS hours_to_completion,
           coalesce(cardinality(t.hours_to_recognition), 0) AS recognition_count, coalesce(cardinality(t.hours_to_completion), 0) AS completion_count,
           ${sampleOf('t.hours_to_recognition')} AS recognition_sample, ${sampleOf('t.hours_to_completion')} AS completion_sample,
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
  )`;

/** Every SAMPLE_STRIDE-th value of the sorted array `hours` (1-based positions STRIDE, 2·STRIDE, …); empty for none or null. */
const sampleOf = (hours: string) =>
  `ARRAY(SELECT (${hours})[i] FROM generate_series(${SAMPLE_STRIDE}, cardinality(${hours}), ${SAMPLE_STRIDE}) AS i ORDER BY i)`;

/** The days of `q.only` whose partial is missing or behind their fingerprint, in order. */
const staleDaysSql = (q: ReportParams) => `
  WITH ${daysCte(q)}
  SELECT to_char(p, 'YYYY-MM-DD') AS day FROM todo ORDER BY p`;

/**
 * Stores the partials of the days of `q.only` that are missing or behind their fingerprint, in
 * day order (so two of these never lock days in opposite orders); a partial at a newer fingerprint
 * is never replaced by an older one (fingerprints only grow).
 */
const refreshDaysSql = (q: ReportParams) => `
  WITH ${daysCte(q)}, ${partialsCte(q)}
  INSERT INTO repair_report_days (day, zone, fingerprint, ruptures, completed, attempts, repairs, hours_to_recognition, hours_to_completion,
                                  recognition_count, completion_count, recognition_sample, completion_sample,
                                  member_keys, member_ruptures, member_couple_sets, member_width)
  SELECT day, ${q.zone}, fingerprint, ruptures, completed, attempts, repairs, hours_to_recognition, hours_to_completion,
         recognition_count, completion_count, recognition_sample, completion_sample, member_keys, member_ruptures, member_couple_sets, member_width
    FROM fresh ORDER BY day
  ON CONFLICT (day, zone) DO UPDATE
     SET fingerprint = excluded.fingerprint, ruptures = excluded.ruptures, completed = excluded.completed, attempts = excluded.attempts,
         repairs = excluded.repairs, hours_to_recognition = excluded.hours_to_recognition, hours_to_completion = excluded.hours_to_completion,
         recognition_count = excluded.recognition_count, completion_count = excluded.completion_count,
         recognition_sample = excluded.recognition_sample, completion_sample = excluded.completion_sample,
         member_keys = excluded.member_keys, member_ruptures = excluded.member_ruptures, member_couple_sets = excluded.member_couple_sets,
         member_width = excluded.member_width, computed_at = now()
   WHERE repair_report_days.fingerprint < excluded.fingerprint`;

/**
 * Each period's exact median hours to recognition and to completion (`medians`: p, rec, comp), as
 * percentile_cont(0.5) over all its days' values gives them, without sorting them all. With N values
 * over m days, the median lies at 0-based ranks k1 = floor((N-1)/2) and k2 = ceil((N-1)/2). A day's
 * values ≤ x number at least S·c and at most S·c + S − 1, where c counts its samples ≤ x (S =
 * SAMPLE_STRIDE). So over the period's samples `ys` (sorted), with c(x) samples ≤ x: `lo`, a sample
 * with c(lo) ≤ a = floor((k1 − m·(S − 1)) / S), has at most k1 values ≤ it (ys[a] itself, or the
 * sample before its run of equal samples); `hi` = ys[b], b = ceil((k2 + 1) / S), has more than k2.
 * Both ranks lie in (lo, hi]. Each day's slice is placed by its own samples (`width_bucket` on a
 * sorted array counts its elements ≤ x), so its values are read once: with c_lo and c_hi of its samples
 * ≤ lo and ≤ hi, it runs from position S·c_lo + 1 (the values before are ≤ lo, and counted) to
 * S·(c_hi + 1) − 1 (the values after are > hi); about 4·m·S values in all are sorted and the two ranks
 * picked from them, less the values counted before. The two values v1, v2 are interpolated as
 * percentile_cont does (v1 + (v2 − v1) × 0.5).
 */
const medianCtes = () => `hours AS MATERIALIZED (
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
      FROM (SELECT rk.p, rk.stage, rk.k1, rk.k2, sa.ys, floor((rk.k1 - rk.m * ${SAMPLE_STRIDE - 1}) / ${SAMPLE_STRIDE}.0)::int AS a,
                   ceil((rk.k2 + 1) / ${SAMPLE_STRIDE}.0)::int AS b
              FROM ranks rk LEFT JOIN samples sa USING (p, stage)) x
  ), cut AS (
    -- Located by the day's own samples, not its values, so each day's values are read once.
    SELECT b.p, b.stage, b.k1, b.k2, sum(w.below) OVER (PARTITION BY b.p, b.stage) AS below, h.h[w.below + 1 : w.upto] AS slice
      FROM bounds b JOIN hours h USING (p, stage)
     CROSS JOIN LATERAL (SELECT ${SAMPLE_STRIDE} * coalesce(width_bucket(b.lo, h.sample), 0) AS below,
                                coalesce(${SAMPLE_STRIDE} * (width_bucket(b.hi, h.sample) + 1) - 1, h.n) AS upto) w
     WHERE h.n > 0
  ), picked AS (
    SELECT p, stage, (k1 - below)::int + 1 AS i1, (k2 - below)::int + 1 AS i2, array_agg(x ORDER BY x) AS xs
      FROM cut, unnest(slice) AS x GROUP BY p, stage, k1, k2, below
  ), medians AS (
    SELECT p, round(max(v) FILTER (WHERE stage = 'rec')::numeric, 2) AS rec, round(max(v) FILTER (WHERE stage = 'comp')::numeric, 2) AS comp
      FROM (SELECT p, stage, CASE WHEN i1 = i2 THEN xs[i1] ELSE xs[i1] + (xs[i2] - xs[i1]) * 0.5::float8 END AS v FROM picked) x
     GROUP BY p
  )`;

/**
 * Clinic-wide repair figures of the periods of `unit` made of the days of `q.only`, merged from the
 * days' partials: those kept at their current fingerprint, and the others computed here from their
 * ruptures, in the same snapshot (unless `allKept`: the caller found every partial kept). Counts add up; medians are taken over the days' samples together
 * ({@link medianCtes}); couples are counted distinct as the bits of the OR of the days' couple sets
 * (each padded with zeros to the longest, as `bit_or` needs equal lengths). The same figures as over
 * the period's ruptures directly (test/repair-report-days.e2e-spec.ts). No names, ids or couple
 * numbers leave this query; themes and kinds seen in fewer than MIN_COUPLES couples are dropped.
 */
const figuresSql = (q: ReportParams, unit: string, allKept: boolean) => `
  WITH ${daysCte(q)}, ${allKept ? '' : `${partialsCte(q)}, `}parts AS MATERIALIZED (
    SELECT date_trunc(${unit}, d.p) AS p, k.ruptures, k.completed, k.attempts, k.repairs, k.hours_to_recognition, k.hours_to_completion,
           k.recognition_count, k.completion_count, k.recognition_sample, k.completion_sample, k.member_keys, k.member_ruptures, k.member_couple_sets, k.member_width
      FROM days d JOIN repair_report_days k ON d.kept AND k.day = d.p::date AND k.zone = ${q.zone}${allKept ? '' : `
    UNION ALL
    SELECT date_trunc(${unit}, f.day::timestamp), f.ruptures, f.completed, f.attempts, f.repairs, f.hours_to_recognition, f.hours_to_completion,
           f.recognition_count, f.completion_count, f.recognition_sample, f.completion_sample, f.member_keys, f.member_ruptures, f.member_couple_sets, f.member_width
      FROM fresh f`}
  ), totals AS (
    -- avg() of integers is their sum divided by their count, as numerics: the same figure.
    SELECT p, sum(ruptures)::int AS ruptures, sum(completed)::int AS completed, round(sum(attempts)::numeric / nullif(sum(repairs), 0), 2) AS per_repair
      FROM parts GROUP BY p HAVING sum(ruptures) > 0
  ), ${medianCtes()}, width AS (
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
              FROM groups WHERE dim = 'theme' AND couples >= ${MIN_COUPLES}) y
     WHERE rank <= 5 GROUP BY p
  ), kind_counts AS (
    SELECT p, name AS kind, n, couples >= ${MIN_COUPLES} AND row_number() OVER (PARTITION BY p ORDER BY n DESC, name) <= 5 AS listed
      FROM groups WHERE dim = 'kind'
  ), unlisted AS (
    -- Kinds always add up to the ruptures: what is left out is the total minus the list, so it must
    -- itself be behind MIN_COUPLES couples, or the whole list is left out (complementary suppression).
    SELECT m.p, bit_count(bit_or(m.s)) AS couples FROM m JOIN kind_counts kc ON kc.p = m.p AND m.key = 'kind:' || kc.kind AND NOT kc.listed GROUP BY m.p
  ), kinds AS (
    SELECT p, json_agg(json_build_object('kind', kind, 'count', n) ORDER BY n DESC, kind) AS list
      FROM kind_counts kc
     WHERE listed AND NOT EXISTS (SELECT 1 FROM unlisted u WHERE u.p = kc.p AND u.couples < ${MIN_COUPLES})
     GROUP BY p
  )
  SELECT ${label('t.p')} AS period, c.couples, t.ruptures, t.completed, md.rec AS median_rec, md.comp AS median_comp, t.per_repair,
         coalesce(th.list, '[]') AS themes, coalesce(k.list, '[]') AS kinds
    FROM totals t JOIN couples c USING (p) LEFT JOIN medians md USING (p) LEFT JOIN themes th USING (p) LEFT JOIN kinds k USING (p)
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
/**
 * Placeholders for reading local `days` (YYYY-MM-DD) as periods of a day: the range is a day wider
 * either side of them, so no day's rows are cut by it and a day's partial never depends on the report.
 */
function dayParams(p: SqlParams, zone: string, days: string[]): ReportParams {
  const sorted = [...days].sort();
  const from = DateTime.fromISO(sorted[0], { zone }).minus({ days: 1 });
  const to = DateTime.fromISO(sorted[sorted.length - 1], { zone }).plus({ days: 2 });
  return {
    from: `${p.add(from.toISO())}::timestamptz`,
    to: `${p.add(to.toISO())}::timestamptz`,
    unit: `'day'::text`,
    zone: `${p.add(zone)}::text`,
    therapist: null,
    only: `${p.add(days)}::timestamp[]`,
  };
}

export const repairPeriodQueries = queryModule(
  'repair-periods',
  {
    /** Every period of the range, with its fingerprint and the figures kept for it. */
    periods(range: ReportRange) {
      const p = new SqlParams();
      return statement<RepairPeriodState>(periodsSql(rangeParams(p, range)), p);
    },

    /**
     * The figures of the periods of `unit` made of the local `days` (YYYY-MM-DD), merged from the days'
     * partials. With `allKept` (every one of `days` has its partial kept at its fingerprint: `staleDays`
     * found none in the same snapshot), a much smaller statement to plan, which does not compute days.
     */
    figures(zone: string, unit: RepairPeriod, days: string[], { allKept = false }: { allKept?: boolean } = {}) {
      const p = new SqlParams();
      const q = dayParams(p, zone, days);
      return statement<RepairReportSqlRow>(figuresSql(q, `${p.add(unit)}::text`, allKept), p, 'de-identified-report');
    },

    /** Those of the local `days` (YYYY-MM-DD) whose partial is missing or behind. */
    staleDays(zone: string, days: string[]) {
      const p = new SqlParams();
      return statement<{ day: string }>(staleDaysSql(dayParams(p, zone, days)), p);
    },

    /** Stores the partials of the local `days` that are missing or behind. */
    refreshDays(zone: string, days: string[]) {
      const p = new SqlParams();
      return statement(refreshDaysSql(dayParams(p, zone, days)), p, 'de-identified-report');
    },

    /** Keeps freshly computed periods of the range's zone and unit. */
    keep(range: Pick<ReportRange, 'zone' | 'unit'>, fresh: FreshPeriod[]) {
      return statement(KEEP_PERIODS, [range.zone, range.unit, JSON.stringify(fresh)]);
    },
  },
  {
    periods: [[SAMPLE_RANGE], [{ ...SAMPLE_RANGE, unit: 'quarter' }]],
    figures: [
      [SAMPLE_RANGE.zone, 'month', ['2026-03-01', '2026-03-02']],
      [SAMPLE_RANGE.zone, 'quarter', ['2026-03-01', '2026-04-02'], { allKept: true }],
    ],
    staleDays: [[SAMPLE_RANGE.zone, ['2026-03-08', '2026-03-09']]],
    refreshDays: [[SAMPLE_RANGE.zone, ['2026-03-08', '2026-03-09']]],
    keep: [[SAMPLE_RANGE, [{ p: '2026-03-01 00:00:00', whole: true, lo: SAMPLE_TIME.from, hi: SAMPLE_TIME.to, fingerprint: '1', figures: null }]]],
  },
);
