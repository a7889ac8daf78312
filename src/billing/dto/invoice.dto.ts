import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { IsCalendarDate } from '../../common/time/instant';
import { TAX_TREATMENTS, TaxTreatment } from '../fee-schedule.entities';
import { INVOICE_STATUSES, InvoiceStatus } from '../invoice.entities';
import { MAX_CENTS } from './fee-schedule.dto';

/** A charge that is not a session: a letter or report written for a third party. */
export class DocumentChargeDto {
  /** A service type of kind `document`. */
  @IsUUID()
  serviceTypeId!: string;

  /** The client billed. */
  @IsUUID()
  clientId!: string;

  /** The therapist who wrote it. */
  @IsUUID()
  therapistId!: string;

  @ApiProperty({ format: 'date', example: '2026-11-20' })
  @IsCalendarDate()
  serviceDate!: string;

  /** Printed on the invoice; defaults to the service type's name. @example "Report to the client's insurer" */
  @IsOptional()
  @IsString()
  @Length(1, 300)
  description?: string;
}

export class CreateInvoicesDto {
  /** Bill these sessions (completed; late-cancelled or missed when the clinic charges them), one invoice per payer. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  sessionIds?: string[];

  /** With `periodFrom` and `periodTo`: bill every unbilled billable session of this couple in the period. */
  @IsOptional()
  @IsUUID()
  coupleId?: string;

  /** With `periodFrom` and `periodTo`: bill every unbilled billable individual session of this client in the period. */
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-11-01', description: 'A batch period [from, to) in the clinic zone; printed on the invoice' })
  @IsOptional()
  @IsCalendarDate()
  periodFrom?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-01' })
  @IsOptional()
  @IsCalendarDate()
  periodTo?: string;

  /** Charges that are not sessions (a report for an insurer), each on its client's invoice. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DocumentChargeDto)
  documents?: DocumentChargeDto[];
}

export class VoidInvoiceDto {
  /** Why the invoice is void; kept with it. @example "Issued to the wrong partner" */
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class CreditNoteLineDto {
  @IsUUID()
  invoiceLineId!: string;

  /** The part of the line's amount (before tax) taken back; absent: all that remains of it. @example 7500 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CENTS)
  amountCents?: number;
}

export class CreateCreditNoteDto {
  /** @example "Session billed at 80 minutes, held for 50" */
  @IsString()
  @Length(1, 500)
  reason!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CreditNoteLineDto)
  lines!: CreditNoteLineDto[];
}

export class ListInvoicesQuery extends PageQuery {
  /** Invoices billed to this client. */
  @IsOptional()
  @IsUUID()
  clientId?: string;

  /** Invoices for this couple's sessions. */
  @IsOptional()
  @IsUUID()
  coupleId?: string;

  @ApiPropertyOptional({ enum: INVOICE_STATUSES, enumName: 'InvoiceStatus' })
  @IsOptional()
  @IsIn(INVOICE_STATUSES)
  status?: InvoiceStatus;
}

export class InvoiceLineResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** @example 1 */
  position!: number;
  @ApiProperty({ format: 'uuid' })
  serviceTypeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  therapySessionId!: string | null;
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  @ApiProperty({ maxLength: 200, example: 'Maya Chen' })
  therapistName!: string;
  @ApiProperty({ format: 'date', example: '2026-11-03' })
  serviceDate!: string;
  @ApiProperty({ type: Number, nullable: true, example: 50 })
  durationMinutes!: number | null;
  @ApiProperty({ maxLength: 300, example: 'Couple psychotherapy session, 50 minutes' })
  description!: string;
  @ApiProperty({ enum: TAX_TREATMENTS, enumName: 'TaxTreatment' })
  taxTreatment!: TaxTreatment;
  /** The fee schedule's price on the service date. @example 17500 */
  feeCents!: number;
  /** This payer's share of the fee in basis points (10000 = all). @example 5000 */
  shareBasisPoints!: number;
  /** This payer's part of the fee, before tax. @example 8750 */
  amountCents!: number;
  /** @example 0 */
  taxCents!: number;
  /** @example 8750 */
  totalCents!: number;
  /** Taken back by credit notes, tax included. @example 0 */
  creditedCents!: number;
  /** Paid on this line. @example 8750 */
  paidCents!: number;
}

export class CreditNoteLineResponse {
  @ApiProperty({ format: 'uuid' })
  invoiceLineId!: string;
  /** @example 7500 */
  amountCents!: number;
  /** @example 0 */
  taxCents!: number;
  /** @example 7500 */
  totalCents!: number;
}

export class CreditNoteResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** In the credit notes' own series, without gaps. @example 3 */
  number!: number;
  issuedAt!: Date;
  @ApiProperty({ maxLength: 500, example: 'Session billed at 80 minutes, held for 50' })
  reason!: string;
  /** @example 7500 */
  subtotalCents!: number;
  /** @example 0 */
  taxCents!: number;
  /** @example 7500 */
  totalCents!: number;
  @ApiProperty({ type: [CreditNoteLineResponse], maxItems: 100 })
  lines!: CreditNoteLineResponse[];
}

export class InvoiceSummaryResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** Sequential without gaps. @example 1042 */
  number!: number;
  @ApiProperty({ format: 'uuid' })
  payerClientId!: string;
  @ApiProperty({ maxLength: 200, example: 'Alex Tremblay' })
  payerName!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  coupleId!: string | null;
  @ApiProperty({ enum: INVOICE_STATUSES, enumName: 'InvoiceStatus' })
  status!: InvoiceStatus;
  issuedAt!: Date;
  @ApiProperty({ format: 'date', example: '2026-12-31' })
  dueOn!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  periodFrom!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  periodTo!: string | null;
  /** @example 35000 */
  subtotalCents!: number;
  /** @example 0 */
  taxCents!: number;
  /** The sum of the lines' totals. @example 35000 */
  totalCents!: number;
  /** @example 0 */
  creditedCents!: number;
  /** @example 17500 */
  paidCents!: number;
  /** What is still owed: total − credited − paid; 0 for a void invoice. @example 17500 */
  balanceCents!: number;
  /** The clinic's HST number, printed only when a line is taxed. */
  @ApiProperty({ type: String, nullable: true, maxLength: 30, example: null })
  hstNumber!: string | null;
  @ApiProperty({ type: Date, nullable: true })
  voidedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 500 })
  voidReason!: string | null;
}

export class InvoiceResponse extends InvoiceSummaryResponse {
  @ApiProperty({ type: [InvoiceLineResponse], maxItems: 250 })
  lines!: InvoiceLineResponse[];
  @ApiProperty({ type: [CreditNoteResponse], maxItems: 1000 })
  creditNotes!: CreditNoteResponse[];
}

export class IssuedInvoicesResponse {
  /** One invoice per payer, in number order. */
  @ApiProperty({ type: [InvoiceResponse], maxItems: 250 })
  invoices!: InvoiceResponse[];
}
