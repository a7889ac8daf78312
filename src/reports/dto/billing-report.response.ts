import { ApiProperty } from '@nestjs/swagger';
import { ReportEnvelope } from './report.response';

/** Money of one period and therapist, in cents (CAD). */
export class RevenueReportRow {
  /** First local day of the period (a Monday for weeks). @example "2026-03-01" */
  @ApiProperty({ format: 'date', maxLength: 10 })
  period!: string;
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  /** @example "Maya Singh" */
  @ApiProperty({ maxLength: 200 })
  therapistName!: string;
  /** Invoice lines issued in the period, before tax (voided invoices count nowhere). @example 1845000 */
  billedCents!: number;
  /** The tax on those lines. @example 13000 */
  taxBilledCents!: number;
  /** Credit notes issued in the period, before tax. @example 15000 */
  creditedCents!: number;
  /** The tax those credit notes took back. @example 0 */
  taxCreditedCents!: number;
  /** Payments received in the period as applied to the therapist's lines, tax included, less paid parts a credit note gave back in it. @example 1502000 */
  collectedCents!: number;
}

export class RevenueReportResponse extends ReportEnvelope {
  @ApiProperty({ type: [RevenueReportRow] })
  rows!: RevenueReportRow[];
}

/** Money still owed, in cents, by days since its invoice was due. */
export class ReceivablesAgingFigures {
  /** Not yet due, or due at most 30 days before asOf. @example 42000 */
  currentCents!: number;
  /** @example 15000 */
  days31To60Cents!: number;
  /** @example 0 */
  days61To90Cents!: number;
  /** @example 9000 */
  over90Cents!: number;
  /** @example 66000 */
  totalCents!: number;
}

/** What a therapist's invoice lines still owe. */
export class ReceivablesAgingRow extends ReceivablesAgingFigures {
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  /** @example "Maya Singh" */
  @ApiProperty({ maxLength: 200 })
  therapistName!: string;
}

export class ReceivablesAgingResponse {
  /** The day the balances stand at (its end, in the clinic's zone). @example "2026-03-31" */
  @ApiProperty({ format: 'date', maxLength: 10 })
  asOf!: string;
  /** @example "America/Toronto" */
  @ApiProperty({ maxLength: 64 })
  timeZone!: string;
  @ApiProperty({ type: [ReceivablesAgingRow] })
  rows!: ReceivablesAgingRow[];
  /** The rows added up. */
  @ApiProperty({ type: ReceivablesAgingFigures })
  totals!: ReceivablesAgingFigures;
  /** Money received and not yet applied to an invoice (clients' credit), clinic-wide; null when the report is narrowed to one therapist. @example 12000 */
  @ApiProperty({ type: Number, nullable: true, example: 12000 })
  unappliedCreditCents!: number | null;
}
