import { Readable } from 'node:stream';
import { Injectable, StreamableFile } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { Actor } from '../common/auth/roles';
import { Forbidden, InvalidRequest, NotFound } from '../common/problem/problem';
import { inZone } from '../common/time/in-zone';
import { AppConfig } from '../config/environment';
import { rows, Statement } from '../database/statement';
import { billingReportQueries } from './billing-reports.queries';
import { CsvColumn, csvOf, streamCsv } from './csv-stream';
import { ReceivablesAgingQuery } from './dto/billing-report.query';
import { ReceivablesAgingResponse, ReceivablesAgingRow, RevenueReportResponse, RevenueReportRow } from './dto/billing-report.response';
import { parseReportBound, wholePeriods } from './dto/report-bound';
import { RepairPeriod, RepairReportQuery, ReportBoundsQuery, ReportGrouping, TherapistReportQuery } from './dto/report.query';
import {
  ConnectionCallReportResponse,
  ConnectionCallReportRow,
  OutcomeReportResponse,
  OutcomeReportRow,
  RepairReportResponse,
  RepairReportRow,
  ReportEnvelope,
  SessionReportResponse,
  SessionReportRow,
} from './dto/report.response';
import { outcomeReportQueries } from './outcome-report.queries';
import { suppressedByMonths, toOutcomeReportRow } from './outcome-report';
import { RepairFigures, suppressAroundMonths } from './repair-periods';
import { inReportSnapshot } from './report-snapshot';
import { agingTotals, toConnectionCallReportRow, toReceivablesAgingRow, toRepairReportRow, toRevenueReportRow, toSessionReportRow } from './reports.mapper';
import { reportQueries, ReportRange } from './reports.queries';

/** Every field of a flat row, in declaration order, as CSV columns. */
function columnsOf<Row extends object>(keys: (keyof Row & string)[]): CsvColumn<Row>[] {
  return keys.map((key) => ({ header: key, value: (row) => row[key] as string | number | boolean | null }));
}

const SESSION_COLUMNS = columnsOf<SessionReportRow>([
  'period', 'therapistId', 'therapistName', 'sessions', 'scheduled', 'completed', 'cancelled', 'lateCancelled', 'onTimeCancelled', 'noShow',
  'bookedHours', 'availableHours', 'utilisation',
]);
const CALL_COLUMNS = columnsOf<ConnectionCallReportRow>([
  'period', 'therapistId', 'therapistName', 'bookings', 'phone', 'video', 'inPerson', 'upcoming', 'cancelled', 'noShow', 'completed',
  'convertedWithin60Days', 'conversionRate', 'medianLeadTimeHours',
]);
const REPAIR_COLUMNS: CsvColumn<RepairReportRow>[] = [
  ...columnsOf<RepairReportRow>(['period', 'suppressed', 'couples', 'ruptures', 'completed', 'repairRate', 'medianHoursToRecognition',
    'medianHoursToCompletion', 'attemptsPerCompletedRepair']),
  { header: 'recurringThemes', value: (r) => r.recurringThemes.map((t) => `${t.theme}:${t.count}`).join('; ') },
  { header: 'kinds', value: (r) => r.kinds.map((k) => `${k.kind}:${k.count}`).join('; ') },
];

const OUTCOME_COLUMNS = columnsOf<OutcomeReportRow>([
  'period', 'instrument', 'sessionsBand', 'suppressed', 'couples', 'movedAboveCutoff', 'shareMoved', 'repairRateMoved', 'repairRateStayed',
]);

const REVENUE_COLUMNS = columnsOf<RevenueReportRow>([
  'period', 'therapistId', 'therapistName', 'billedCents', 'taxBilledCents', 'creditedCents', 'taxCreditedCents', 'collectedCents',
]);
const AGING_COLUMNS = columnsOf<ReceivablesAgingRow>([
  'therapistId', 'therapistName', 'currentCents', 'days31To60Cents', 'days61To90Cents', 'over90Cents', 'totalCents',
]);

/** CSV when `format=csv`, or without `format` when the caller accepts text/csv; JSON otherwise. */
const wantsCsv = (format: string | undefined, accept: string | undefined) => (format ? format === 'csv' : /\btext\/csv\b/i.test(accept ?? ''));

const csvFile = (stream: Readable, filename: string) =>
  new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });

/** A report is one statement over [from, to), streamed; or, when its rows are few and kept per period, a `read` of them. */
type Report<Raw, Row> = { name: string; toRow: (raw: Raw) => Row; columns: CsvColumn<Row>[] } & ({ select: Statement<Raw> } | { read: () => Promise<Raw[]> });

/** The bounds of a report run, as instants in the clinic's zone. */
interface Bounds {
  from: DateTime;
  to: DateTime;
}

const MAX_YEARS = 2;

@Injectable()
export class ReportsService {
  private readonly zone: string;

  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly repairFigures: RepairFigures,
    config: ConfigService<AppConfig, true>,
  ) {
    this.zone = config.get('CLINIC_TIME_ZONE', { infer: true });
  }

  sessions(actor: Actor, query: TherapistReportQuery, accept?: string): Promise<SessionReportResponse | StreamableFile> {
    const scope = this.staffReportScope(actor, query.therapistId);
    const bounds = this.range(query);
    const select = reportQueries.sessions(scope, this.rangeOf(bounds, query.groupBy), query.therapistId);
    return this.run(actor, { name: 'sessions', select, toRow: toSessionReportRow, columns: SESSION_COLUMNS }, query, accept, bounds);
  }

  connectionCalls(actor: Actor, query: TherapistReportQuery, accept?: string): Promise<ConnectionCallReportResponse | StreamableFile> {
    const scope = this.staffReportScope(actor, query.therapistId);
    const bounds = this.range(query);
    const select = reportQueries.connectionCalls(scope, this.rangeOf(bounds, query.groupBy), query.therapistId);
    return this.run(actor, { name: 'connection-calls', select, toRow: toConnectionCallReportRow, columns: CALL_COLUMNS }, query, accept, bounds);
  }

  repair(actor: Actor, query: RepairReportQuery, accept?: string): Promise<RepairReportResponse | StreamableFile> {
    // Clinic-wide figures: never a therapist's or a client's view, whatever the route admits.
    if (!this.access.scope(actor).readsClinicReports) throw new Forbidden('The clinic-wide repair report is for admins and reporting keys.');
    const bounds = wholePeriods(query.from, query.to, query.groupBy, this.zone);
    const range = this.rangeOf(bounds, query.groupBy);
    const read = async () => {
      const rows = await this.repairFigures.read(range);
      if (query.groupBy === 'month') return rows;
      const months = await this.repairFigures.read({ ...range, unit: 'month' });
      return suppressAroundMonths(rows, months, query.groupBy);
    };
    return this.run(actor, { name: 'repair', toRow: toRepairReportRow, columns: REPAIR_COLUMNS, read }, query, accept, bounds);
  }

  /**
   * The de-identified outcome report (docs/outcomes.md): couples moving from below to above the
   * satisfaction cutoff, by sessions, beside their repair completion rate. Same disclosure rules as
   * the repair report: whole closed periods, groups under 5 couples suppressed, and a quarter or year
   * suppressed where one of its months is.
   */
  outcomes(actor: Actor, query: RepairReportQuery, accept?: string): Promise<OutcomeReportResponse | StreamableFile> {
    if (!this.access.scope(actor).readsClinicReports) throw new Forbidden('The clinic-wide outcome report is for admins and reporting keys.');
    const bounds = wholePeriods(query.from, query.to, query.groupBy, this.zone);
    const range = this.rangeOf(bounds, query.groupBy);
    const figures = (unit: RepairPeriod) => inReportSnapshot(this.db, (manager) => rows(manager, outcomeReportQueries.figures({ ...range, unit })));
    const read = async (): Promise<OutcomeReportRow[]> => {
      const found = await figures(query.groupBy);
      if (query.groupBy === 'month') return found.map((r) => toOutcomeReportRow(r));
      return suppressedByMonths(found, await figures('month'), query.groupBy);
    };
    return this.run(actor, { name: 'outcomes', toRow: (r: OutcomeReportRow) => r, columns: OUTCOME_COLUMNS, read }, query, accept, bounds);
  }

  /** Revenue per period and therapist: the clinic's own money, for admins and reporting keys. */
  revenue(actor: Actor, query: TherapistReportQuery, accept?: string): Promise<RevenueReportResponse | StreamableFile> {
    const scope = this.financialReportScope(actor);
    const bounds = this.range(query);
    const select = billingReportQueries.revenue(scope, this.rangeOf(bounds, query.groupBy), query.therapistId);
    return this.run(actor, { name: 'revenue', select, toRow: toRevenueReportRow, columns: REVENUE_COLUMNS }, query, accept, bounds);
  }

  /** What invoice lines still owed at the end of `asOf` (default today), aged by due date, per therapist. */
  async receivablesAging(actor: Actor, query: ReceivablesAgingQuery, accept?: string): Promise<ReceivablesAgingResponse | StreamableFile> {
    const scope = this.financialReportScope(actor);
    const day = query.asOf ? parseReportBound(query.asOf, this.zone) : DateTime.now().setZone(this.zone).startOf('day');
    if (!day?.isValid) throw new InvalidRequest('asOf must be a date (YYYY-MM-DD).', [{ field: 'asOf', message: 'asOf must be a date' }]);
    const at = { asOf: day.toISODate() as string, cutoff: day.plus({ days: 1 }).toISO() as string };
    await this.audit.record(this.db.manager, actor, { action: 'export', resourceType: 'report', resourceId: null, clientIds: [] });
    const [found, credit] = await inReportSnapshot(this.db, async (manager) => [
      await rows(manager, billingReportQueries.aging(scope, at, query.therapistId)),
      query.therapistId ? undefined : await rows(manager, billingReportQueries.unappliedCredit(scope, at.cutoff, query.therapistId)),
    ] as const);
    const aged = found.map(toReceivablesAgingRow);
    if (wantsCsv(query.format, accept)) return csvFile(csvOf(aged, AGING_COLUMNS), `receivables-aging-report_${at.asOf}.csv`);
    return {
      asOf: at.asOf, timeZone: this.zone, rows: aged, totals: agingTotals(aged),
      unappliedCreditCents: credit ? Number(credit[0].unapplied_cents) : null,
    };
  }

  /** Financial reports name every therapist's money: admins and reporting keys, never a therapist or a client. */
  private financialReportScope(actor: Actor) {
    const scope = this.access.scope(actor);
    if (!scope.readsClinicReports) throw new Forbidden('The clinic’s financial reports are for admins and reporting keys.');
    return scope;
  }

  /** The caller's scope for a staff report; a therapist naming someone else is answered as if they did not exist. */
  private staffReportScope(actor: Actor, requested: string | undefined) {
    const scope = this.access.scope(actor);
    if (scope.reportTherapist(requested) === undefined) throw new NotFound('therapist');
    return scope;
  }

  /** What the report's statements cover; the bounds were parsed from calendar dates, so they are valid instants. */
  private rangeOf({ from, to }: Bounds, unit: ReportGrouping | RepairPeriod): ReportRange {
    return { from: from.toISO() as string, to: to.toISO() as string, unit, zone: this.zone };
  }

  private async run<Raw, Row>(
    actor: Actor,
    report: Report<Raw, Row>,
    query: ReportBoundsQuery & { groupBy: ReportGrouping | RepairPeriod },
    accept: string | undefined,
    { from, to }: Bounds,
  ): Promise<(ReportEnvelope & { rows: Row[] }) | StreamableFile> {
    await this.audit.record(this.db.manager, actor, { action: 'export', resourceType: 'report', resourceId: null, clientIds: [] });
    const csv = wantsCsv(query.format, accept);
    const envelope = { from: inZone(from.toJSDate(), this.zone), to: inZone(to.toJSDate(), this.zone), groupBy: query.groupBy, timeZone: this.zone };
    const file = (stream: Readable) => csvFile(stream, `${report.name}-report_${from.toISODate()}_${to.toISODate()}_${query.groupBy}.csv`);
    if ('read' in report) {
      const found = (await report.read()).map(report.toRow);
      return csv ? file(csvOf(found, report.columns)) : { ...envelope, rows: found };
    }
    if (csv) return file(await streamCsv(this.db, report.select, report.toRow, report.columns, reportQueries.settings()));
    // Read-only snapshot, as the CSV path, so the planner settings stay local to this report.
    const found = await inReportSnapshot(this.db, (manager) => rows(manager, report.select));
    return { ...envelope, rows: found.map(report.toRow) };
  }

  private range(query: ReportBoundsQuery): Bounds {
    const from = parseReportBound(query.from, this.zone)?.setZone(this.zone);
    const to = parseReportBound(query.to, this.zone)?.setZone(this.zone);
    if (!from || !to) throw new InvalidRequest('from and to must be dates (YYYY-MM-DD).');
    if (to <= from) throw new InvalidRequest('The period is empty.', [{ field: 'to', message: 'to must be after from' }]);
    if (to > from.plus({ years: MAX_YEARS })) {
      throw new InvalidRequest('A report covers at most two years.', [{ field: 'to', message: 'to must be at most two years after from' }]);
    }
    return { from, to };
  }
}
