import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { rows } from '../database/statement';
import { RepairPeriod } from './dto/report.query';
import { MIN_COUPLES, RepairReportSqlRow, repairPeriodQueries } from './repair-periods.queries';
import { inReportSnapshot } from './report-snapshot';
import { ReportRange } from './reports.queries';

/**
 * The repair report's rows, period by period. A period whose ruptures have not changed since its
 * figures were last computed for the same bounds is read back from `repair_report_periods`; every
 * other period is computed in the same read-only snapshot as the fingerprints, so a kept figure
 * always belongs to the fingerprint it is kept under. Computed periods are then kept: the whole
 * period, or, when a bound of the report lies within a day of a change of the zone's offset (its
 * rows are then read within the bound rather than a day beyond it), that cut of it.
 *
 * Exact medians and distinct-couple counts do not add up across days, so figures are kept per period
 * rather than rolled up; a year of 1,000,000 ruptures takes seconds to compute once and milliseconds
 * to read back (docs/performance.md).
 */
export async function readRepairPeriods(db: DataSource, range: ReportRange): Promise<RepairReportSqlRow[]> {
  const { periods, computed } = await inReportSnapshot(db, async (manager) => {
    const periods = await rows(manager, repairPeriodQueries.periods(range));
    const stale = periods.filter((p) => !p.kept).map((p) => p.p);
    const computed = stale.length ? await rows(manager, repairPeriodQueries.figures(range, stale)) : [];
    return { periods, computed };
  });
  const byPeriod = new Map(computed.map((row) => [row.period, row]));
  const fresh = periods
    .filter((p) => !p.kept)
    .map((p) => ({ p: p.p, whole: p.whole, lo: p.lo, hi: p.hi, fingerprint: p.fingerprint, figures: figuresOf(byPeriod.get(p.period)) }));
  if (fresh.length) await rows(db, repairPeriodQueries.keep(range, fresh));
  return periods.flatMap((p) => {
    const row = p.kept ? p.figures && { period: p.period, ...p.figures } : byPeriod.get(p.period);
    return row ? [row] : [];
  });
}

/** A computed row without its label; null for a period with no ruptures (it has no row). */
function figuresOf(row: RepairReportSqlRow | undefined): Omit<RepairReportSqlRow, 'period'> | null {
  if (!row) return null;
  const { period: _label, ...figures } = row;
  return figures;
}

/**
 * Complementary suppression across the calendar, for quarters and years; `months` are the monthly
 * rows over the same bounds. Counts add up, so an aggregate minus its published months would give
 * a suppressed month: a quarter or year is suppressed as soon as one of its months is (a suppressed
 * quarter always contains a suppressed month). Its theme and kind lists keep only what every one of
 * its months lists, summed, so no left-out entry of a month is the difference of two lists. Months
 * never depend on anything after them, so a month once published is never suppressed later.
 */
export function suppressAroundMonths(rows: RepairReportSqlRow[], months: RepairReportSqlRow[], unit: Exclude<RepairPeriod, 'month'>): RepairReportSqlRow[] {
  const within = (row: RepairReportSqlRow) => months.filter((m) => DateTime.fromISO(m.period).startOf(unit).toISODate() === row.period);
  return rows.map((row) => {
    const parts = within(row);
    if (parts.some((m) => m.couples < MIN_COUPLES)) return { ...row, complement: true };
    return {
      ...row,
      themes: listedInEvery(parts.map((m) => m.themes.map((t) => ({ key: t.theme, count: t.count })))).map(({ key, count }) => ({ theme: key, count })),
      kinds: listedInEvery(parts.map((m) => m.kinds.map((k) => ({ key: k.kind, count: k.count })))).map(({ key, count }) => ({ kind: key, count })),
    };
  });
}

/** The entries every list has, with their counts summed, largest first. */
function listedInEvery(lists: { key: string; count: number }[][]): { key: string; count: number }[] {
  const [first = [], ...rest] = lists;
  return first
    .filter((e) => rest.every((list) => list.some((o) => o.key === e.key)))
    .map((e) => ({ key: e.key, count: lists.reduce((sum, list) => sum + (list.find((o) => o.key === e.key)?.count ?? 0), 0) }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
