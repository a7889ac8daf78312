import { AgingReportSqlRow, RevenueReportSqlRow } from './billing-reports.queries';
import { ReceivablesAgingFigures, ReceivablesAgingRow, RevenueReportRow } from './dto/billing-report.response';
import { ConnectionCallReportRow, RepairReportRow, SessionReportRow } from './dto/report.response';
import { MIN_COUPLES, RepairReportSqlRow } from './repair-periods.queries';
import { ConnectionCallReportSqlRow, SessionReportSqlRow } from './reports.queries';

const num = (v: string | number | null) => (v === null ? null : Number(v));

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

export const toRevenueReportRow = (r: RevenueReportSqlRow): RevenueReportRow => ({
  period: r.period,
  therapistId: r.therapist_id,
  therapistName: r.therapist_name,
  billedCents: Number(r.billed_cents),
  taxBilledCents: Number(r.tax_billed_cents),
  creditedCents: Number(r.credited_cents),
  taxCreditedCents: Number(r.tax_credited_cents),
  collectedCents: Number(r.collected_cents),
});

export const toReceivablesAgingRow = (r: AgingReportSqlRow): ReceivablesAgingRow => ({
  therapistId: r.therapist_id,
  therapistName: r.therapist_name,
  currentCents: Number(r.current_cents),
  days31To60Cents: Number(r.days_31_to_60_cents),
  days61To90Cents: Number(r.days_61_to_90_cents),
  over90Cents: Number(r.over_90_cents),
  totalCents: Number(r.total_cents),
});

/** The aging rows added up. */
export const agingTotals = (rows: ReceivablesAgingFigures[]): ReceivablesAgingFigures =>
  rows.reduce(
    (sum, r) => ({
      currentCents: sum.currentCents + r.currentCents,
      days31To60Cents: sum.days31To60Cents + r.days31To60Cents,
      days61To90Cents: sum.days61To90Cents + r.days61To90Cents,
      over90Cents: sum.over90Cents + r.over90Cents,
      totalCents: sum.totalCents + r.totalCents,
    }),
    { currentCents: 0, days31To60Cents: 0, days61To90Cents: 0, over90Cents: 0, totalCents: 0 },
  );
