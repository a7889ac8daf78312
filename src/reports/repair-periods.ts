import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Server } from 'node:http';
import { HttpAdapterHost } from '@nestjs/core';
import { DateTime } from 'luxon';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/environment';
import { rows } from '../database/statement';
import { RepairPeriod } from './dto/report.query';
import { MIN_COUPLES, RepairPeriodState, RepairReportSqlRow, repairPeriodQueries } from './repair-periods.queries';
import { inReportSnapshot } from './report-snapshot';
import { reportQueries, ReportRange } from './reports.queries';

/** Recent months computed at start, before anyone asks: a year of them, as the monthly export reads. */
const WARM_UP_MONTHS = 12;

/**
 * The repair report's rows, period by period. A period whose ruptures have not changed since its
 * figures were last computed for the same bounds is read back from `repair_report_periods`. The
 * others are merged from per-day partials (`repair_report_days`): the partials of their days that
 * are missing or behind (found in one statement) are stored first, a month of days at a time, then
 * the periods are merged, all in one statement, in the same read-only snapshot as the fingerprints
 * (a day that changed in between is computed there from its ruptures), so a kept figure always
 * belongs to the fingerprint it is kept under. Computed periods are then kept: the whole period, or, when a bound of the report
 * lies within a day of a change of the zone's offset, that cut of it.
 *
 * Exact medians and distinct-couple counts do not add up across days, so a day's partial holds its
 * sorted stage hours and its couple sets, not totals (docs/reporting.md "How the repair report stays fast").
 * Concurrent reports of the same range share one read; at start, once the API accepts requests,
 * the recent months are computed in the background (REPAIR_REPORT_WARM_UP).
 */
@Injectable()
export class RepairFigures implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly zone: string;
  private readonly warmUpEnabled: boolean;
  private readonly reading = new Map<string, Promise<RepairReportSqlRow[]>>();
  private stopped = false;
  /** Settles once the warm-up at start is over (at once when it is off). */
  warmedUp: Promise<void> = Promise.resolve();
  private beginWarmUp: () => void = () => undefined;

  constructor(
    private readonly db: DataSource,
    private readonly adapterHost: HttpAdapterHost,
    config: ConfigService<AppConfig, true>,
  ) {
    this.zone = config.get('CLINIC_TIME_ZONE', { infer: true });
    this.warmUpEnabled = config.get('REPAIR_REPORT_WARM_UP', { infer: true });
  }

  /**
   * The warm-up begins once the server listens: it is background work, and a start that ran it
   * first would answer its readiness check later for it (docs/performance.md).
   */
  onApplicationBootstrap(): void {
    if (!this.warmUpEnabled) return;
    const log = (this.adapterHost.httpAdapter?.getInstance?.() as { log?: Logger } | undefined)?.log;
    const server = this.adapterHost.httpAdapter?.getHttpServer?.() as Server | undefined;
    this.warmedUp = new Promise<void>((settled) => {
      const begin = () => {
        this.beginWarmUp = () => undefined;
        server?.off('listening', begin);
        if (this.stopped) return settled();
        settled(this.warmUp().catch((error: unknown) => log?.error({ err: error }, 'repair report warm-up failed')));
      };
      this.beginWarmUp = begin;
      if (!server || server.listening) begin();
      else server.once('listening', begin);
    });
  }

  /** Waits for the warm-up's statement in flight (there is none if the server never listened); the rest is computed on demand. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.beginWarmUp();
    await this.warmedUp;
  }

  /**
   * The rows of the report over `range`, one per period with ruptures. Concurrent reports of the same
   * range share one read, so an uncomputed period is computed once in this process (across
   * processes, the upserts of partials and periods keep it correct); each answers as of a snapshot
   * taken after the first of them asked.
   */
  read(range: ReportRange): Promise<RepairReportSqlRow[]> {
    const key = `${range.zone} ${range.unit} ${range.from} ${range.to}`;
    let shared = this.reading.get(key);
    if (!shared) {
      shared = this.readOnce(range).finally(() => this.reading.delete(key));
      this.reading.set(key, shared);
    }
    return shared;
  }

  private async readOnce(range: ReportRange): Promise<RepairReportSqlRow[]> {
    const periods = await inReportSnapshot(this.db, (manager) => rows(manager, repairPeriodQueries.periods(range)));
    return periods.every((p) => p.kept) ? keptRows(periods, new Map()) : this.compute(range, periods);
  }

  private async compute(range: ReportRange, seen: RepairPeriodState[]): Promise<RepairReportSqlRow[]> {
    const days = seen.filter((p) => !p.kept).flatMap((p) => daysOf(range, p));
    const stale = days.length ? await rows(this.db, repairPeriodQueries.staleDays(range.zone, days)) : [];
    for (const month of byMonth(stale.map((d) => d.day))) await this.refreshDays(range.zone, month);
    const { periods, computed } = await inReportSnapshot(this.db, async (manager) => {
      const periods = await rows(manager, repairPeriodQueries.periods(range));
      // All in one statement: merging a day's partial costs a few ORs of couple sets and a cut of its stage hours.
      const merged = periods.filter((p) => !p.kept).flatMap((p) => daysOf(range, p));
      if (!merged.length) return { periods, computed: [] };
      // Usually every day was just stored; a day changed since is computed in the merge itself.
      const unit = range.unit as RepairPeriod;
      const changed = await rows(manager, repairPeriodQueries.staleDays(range.zone, merged));
      const figures = repairPeriodQueries.figures(range.zone, unit, merged, { allKept: !changed.length });
      const computed = await rows(manager, figures);
      return { periods, computed };
    });
    const byPeriod = new Map(computed.map((row) => [row.period, row]));
    const fresh = periods
      .filter((p) => !p.kept)
      .map((p) => ({ p: p.p, whole: p.whole, lo: p.lo, hi: p.hi, fingerprint: p.fingerprint, figures: figuresOf(byPeriod.get(p.period)) }));
    if (fresh.length) await rows(this.db, repairPeriodQueries.keep(range, fresh));
    return keptRows(periods, byPeriod);
  }

  /**
   * Stores the partials of `days` (at most a month of them) that are missing or behind, in a
   * transaction of its own with the report settings: a month of days is about a second at a year's
   * ruptures, so no statement comes near the report's limit however many months a report lacks.
   */
  private async refreshDays(zone: string, days: string[]): Promise<void> {
    await this.db.transaction(async (manager) => {
      await rows(manager, reportQueries.settings());
      await rows(manager, repairPeriodQueries.refreshDays(zone, days));
    });
  }

  /** The last WARM_UP_MONTHS closed months, month by month, then the report over them and over their closed quarters (kept). */
  private async warmUp(): Promise<void> {
    const thisMonth = DateTime.now().setZone(this.zone).startOf('month');
    for (let i = WARM_UP_MONTHS; i >= 1 && !this.stopped; i--) {
      const month = thisMonth.minus({ months: i });
      const range: ReportRange = { from: month.toISO() as string, to: month.plus({ months: 1 }).toISO() as string, unit: 'month', zone: this.zone };
      await this.read(range);
    }
    if (this.stopped) return;
    await this.read({ from: thisMonth.minus({ months: WARM_UP_MONTHS }).toISO() as string, to: thisMonth.toISO() as string, unit: 'month', zone: this.zone });
    if (this.stopped) return;
    const thisQuarter = thisMonth.startOf('quarter');
    const quarters = WARM_UP_MONTHS / 3;
    await this.read({ from: thisQuarter.minus({ quarters }).toISO() as string, to: thisQuarter.toISO() as string, unit: 'quarter', zone: this.zone });
  }
}

/** The report's rows: kept figures, or those just computed. */
function keptRows(periods: RepairPeriodState[], computed: Map<string, RepairReportSqlRow>): RepairReportSqlRow[] {
  return periods.flatMap((p) => {
    const row = p.kept ? p.figures && { period: p.period, ...p.figures } : computed.get(p.period);
    return row ? [row] : [];
  });
}

/** A computed row without its label; null for a period with no ruptures (it has no row). */
function figuresOf(row: RepairReportSqlRow | undefined): Omit<RepairReportSqlRow, 'period'> | null {
  if (!row) return null;
  const { period: _label, ...figures } = row;
  return figures;
}

/** `days` (YYYY-MM-DD, in order) split by calendar month. */
function byMonth(days: string[]): string[][] {
  const months = new Map<string, string[]>();
  for (const day of days) months.set(day.slice(0, 7), [...(months.get(day.slice(0, 7)) ?? []), day]);
  return [...months.values()];
}

/** The local days (YYYY-MM-DD) of `period` within the range. */
function daysOf(range: ReportRange, period: RepairPeriodState): string[] {
  const from = DateTime.fromISO(range.from, { zone: range.zone }).toISODate() as string;
  const to = DateTime.fromISO(range.to, { zone: range.zone }).toISODate() as string;
  const start = DateTime.fromISO(period.p.slice(0, 10), { zone: 'UTC' });
  const end = start.plus({ [`${range.unit}s`]: 1 });
  const days: string[] = [];
  for (let d = start; d < end; d = d.plus({ days: 1 })) {
    const day = d.toISODate() as string;
    if (day >= from && day < to) days.push(day);
  }
  return days;
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
