import { DateTime } from 'luxon';
import { OutcomeReportRow } from './dto/report.response';
import { RepairPeriod } from './dto/report.query';
import { OutcomeReportSqlRow } from './outcome-report.queries';
import { MIN_COUPLES } from './repair-periods.queries';

const rate = (value: string | null, behind: number) => (value === null || behind < MIN_COUPLES ? null : Number(value));

/**
 * A row as published: behind fewer than MIN_COUPLES couples, or `complement` (a month of a
 * quarter or year is suppressed, so the two cannot be subtracted), every figure is null. A group's
 * repair rate needs MIN_COUPLES couples with ruptures behind it.
 */
export function toOutcomeReportRow(r: OutcomeReportSqlRow, complement = false): OutcomeReportRow {
  const suppressed = complement || r.couples < MIN_COUPLES;
  return {
    period: r.period,
    instrument: r.instrument,
    sessionsBand: r.band,
    suppressed,
    couples: suppressed ? null : r.couples,
    movedAboveCutoff: suppressed ? null : r.moved,
    shareMoved: suppressed ? null : Math.round((r.moved / r.couples) * 10_000) / 10_000,
    repairRateMoved: suppressed ? null : rate(r.repair_rate_moved, r.moved_with_ruptures),
    repairRateStayed: suppressed ? null : rate(r.repair_rate_stayed, r.stayed_with_ruptures),
  };
}

/** Quarter and year rows whose months include a suppressed cell of the same instrument and band (1–4 couples). */
export function suppressedByMonths(rows: OutcomeReportSqlRow[], months: OutcomeReportSqlRow[], unit: Exclude<RepairPeriod, 'month'>): OutcomeReportRow[] {
  return rows.map((row) => {
    const complement = months.some(
      (m) => m.instrument === row.instrument && m.band === row.band && m.couples < MIN_COUPLES && DateTime.fromISO(m.period).startOf(unit).toISODate() === row.period,
    );
    return toOutcomeReportRow(row, complement);
  });
}
