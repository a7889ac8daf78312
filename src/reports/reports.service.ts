import { Readable } from 'node:stream';
import { Injectable, StreamableFile } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../common/audit/audit-trail';
import { Actor } from '../common/auth/roles';
import { Forbidden, InvalidRequest, NotFound } from '../common/problem/problem';
import { AppConfig } from '../config/environment';
import { CsvColumn, csvOf, streamCsv } from './csv-stream';
import { parseReportBound, wholePeriods } from './dto/report-bound';
import { RepairPeriod, RepairReportQuery, ReportBoundsQuery, ReportGrouping, TherapistReportQuery } from './dto/report.query';
import { inZone } from '../common/time/in-zone';
import {
  ConnectionCallReportResponse,
  ConnectionCallReportRow,
  RepairReportResponse,
  RepairReportRow,
  ReportEnvelope,
  SessionReportResponse,
  SessionReportRow,
} from './dto/report.response';
import {
  CONNECTION_CALL_REPORT_SQL,
  inReportSnapshot,
  REPORT_SETTINGS_SQL,
  ReportParams,
  SESSION_REPORT_SQL,
  toConnectionCallReportRow,
  toRepairReportRow,
  toSessionReportRow,
} from './reports.sql';
import { readRepairPeriods, suppressAroundMonths } from './repair-periods';

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

/** A report is one SQL statement over [from, to), streamed; or, when its rows are few and kept per period, a `read` of them. */
type Report<Raw, Row> = { name: string; toRow: (raw: Raw) => Row; columns: CsvColumn<Row>[] } & (
  | { sql: (q: ReportParams) => string }
  | { read: (q: ReportParams, params: unknown[]) => Promise<Raw[]> }
);

const MAX_YEARS = 2;

@Injectable()
export class ReportsService {
  private readonly zone: string;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditTrail,
    config: ConfigService<AppConfig, true>,
  ) {
    this.zone = config.get('CLINIC_TIME_ZONE', { infer: true });
  }

  sessions(actor: Actor, query: TherapistReportQuery, accept?: string): Promise<SessionReportResponse | StreamableFile> {
    const report = { name: 'sessions', sql: SESSION_REPORT_SQL, toRow: toSessionReportRow, columns: SESSION_COLUMNS };
    return this.run(actor, report, query, this.therapistScope(actor, query.therapistId), accept);
  }

  connectionCalls(actor: Actor, query: TherapistReportQuery, accept?: string): Promise<ConnectionCallReportResponse | StreamableFile> {
    const report = { name: 'connection-calls', sql: CONNECTION_CALL_REPORT_SQL, toRow: toConnectionCallReportRow, columns: CALL_COLUMNS };
    return this.run(actor, report, query, this.therapistScope(actor, query.therapistId), accept);
  }

  repair(actor: Actor, query: RepairReportQuery, accept?: string): Promise<RepairReportResponse | StreamableFile> {
    // Clinic-wide figures: never a therapist's or a client's view, whatever the route admits.
    if (actor.kind === 'user' && actor.role !== 'admin') throw new Forbidden('The clinic-wide repair report is for admins and reporting keys.');
    const range = wholePeriods(query.from, query.to, query.groupBy, this.zone);
    const read = async (q: ReportParams, params: unknown[]) => {
      const rows = await readRepairPeriods(this.db, q, params);
      if (query.groupBy === 'month') return rows;
      const months = await readRepairPeriods(this.db, q, [params[0], params[1], 'month', params[3]]);
      return suppressAroundMonths(rows, months, query.groupBy);
    };
    const report = { name: 'repair', toRow: toRepairReportRow, columns: REPAIR_COLUMNS, read };
    return this.run(actor, report, query, null, accept, range);
  }

  /** A therapist reads their own rows only; naming someone else is answered as if they did not exist. */
  private therapistScope(actor: Actor, requested: string | undefined): string | null {
    if (actor.kind === 'user' && actor.role === 'therapist') {
      if (requested && requested !== actor.id) throw new NotFound('therapist');
      return actor.id;
    }
    return requested ?? null;
  }

  private async run<Raw, Row>(
    actor: Actor,
    report: Report<Raw, Row>,
    query: ReportBoundsQuery & { groupBy: ReportGrouping | RepairPeriod },
    therapistId: string | null,
    accept: string | undefined,
    { from, to } = this.range(query),
  ): Promise<(ReportEnvelope & { rows: Row[] }) | StreamableFile> {
    const params: unknown[] = [from.toISO(), to.toISO(), query.groupBy, this.zone];
    if (therapistId) params.push(therapistId);
    const q = { from: '$1::timestamptz', to: '$2::timestamptz', unit: '$3::text', zone: '$4::text', therapist: therapistId ? '$5::uuid' : null };
    await this.audit.record(this.db.manager, actor, { action: 'export', resourceType: 'report', resourceId: null, clientIds: [] });
    const csv = query.format ? query.format === 'csv' : /\btext\/csv\b/i.test(accept ?? '');
    const envelope = { from: inZone(from.toJSDate(), this.zone), to: inZone(to.toJSDate(), this.zone), groupBy: query.groupBy, timeZone: this.zone };
    const file = (stream: Readable) =>
      new StreamableFile(stream, {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="${report.name}-report_${from.toISODate()}_${to.toISODate()}_${query.groupBy}.csv"`,
      });
    if ('read' in report) {
      const rows = (await report.read(q, params)).map(report.toRow);
      return csv ? file(csvOf(rows, report.columns)) : { ...envelope, rows };
    }
    if (csv) return file(await streamCsv(this.db, report.sql(q), params, report.toRow, report.columns, REPORT_SETTINGS_SQL));
    // Read-only snapshot, as the CSV path, so the planner settings stay local to this report.
    const rows = await inReportSnapshot(this.db, (manager): Promise<Raw[]> => manager.query(report.sql(q), params));
    return { ...envelope, rows: rows.map(report.toRow) };
  }

  private range(query: ReportBoundsQuery) {
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
