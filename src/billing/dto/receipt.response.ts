import { ApiProperty } from '@nestjs/swagger';
import { TAX_TREATMENTS, TaxTreatment } from '../fee-schedule.entities';
import { PAYMENT_METHODS, PaymentMethod } from '../payment.entities';

export const RECEIPT_KINDS = ['payment', 'period'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

/** The clinic as it names itself on receipts (settings `CLINIC_NAME`, `CLINIC_ADDRESS`, `CLINIC_HST_NUMBER`). */
export class ReceiptClinic {
  /** @example "Harbourview Couples Therapy" */
  @ApiProperty({ maxLength: 200 })
  name!: string;
  /** Address lines, in order. @example ["200 Bay Street, Suite 1200", "Toronto, ON M5J 2J2"] */
  @ApiProperty({ type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 6 })
  address!: string[];
  /** Shown only when a service on the receipt carries HST. @example null */
  @ApiProperty({ type: String, nullable: true, maxLength: 40, example: null })
  hstNumber!: string | null;
}

/** A registered psychotherapist who provided services on the receipt. */
export class ReceiptTherapist {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** @example "Maya Singh" */
  @ApiProperty({ maxLength: 200 })
  name!: string;
  /** Registered Psychotherapist. @example "RP" */
  @ApiProperty({ enum: ['RP'] })
  designation!: 'RP';
  /** Registration number with the College of Registered Psychotherapists of Ontario. @example "10234" */
  @ApiProperty({ maxLength: 10 })
  crpoNumber!: string;
}

/** The person the receipt is made out to: the client who paid. */
export class ReceiptClient {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** @example "Alex Martin" */
  @ApiProperty({ maxLength: 200 })
  name!: string;
}

/** One service (an invoice line) that the receipt's payments paid for. */
export class ReceiptService {
  /** @example 42 */
  invoiceNumber!: number;
  /** Local date of the service in the clinic's zone. @example "2026-03-04" */
  @ApiProperty({ format: 'date', maxLength: 10 })
  serviceDate!: string;
  /** @example 50 */
  @ApiProperty({ type: Number, nullable: true, example: 50 })
  durationMinutes!: number | null;
  /** @example "Couple session, 50 minutes" */
  @ApiProperty({ maxLength: 200 })
  description!: string;
  /** The clients seen (both partners for a couple session). @example ["Alex Martin", "Sam Martin"] */
  @ApiProperty({ type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 2 })
  clientNames!: string[];
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  /** The share of the fee billed on this invoice, before tax, in cents. @example 9000 */
  feeCents!: number;
  /** @example 0 */
  taxCents!: number;
  /** `exempt` (psychotherapy by a registered psychotherapist) or `hst_13` (13 % HST in Ontario), as on the invoice. */
  @ApiProperty({ enum: TAX_TREATMENTS, enumName: 'TaxTreatment', example: 'exempt' })
  taxStatus!: TaxTreatment;
  /** feeCents + taxCents. @example 9000 */
  totalCents!: number;
  /** What the receipt's payments paid for this service (less what a credit note gave back). @example 6000 */
  paidCents!: number;
}

/** A payment (or its part) applied to an invoice on the receipt. */
export class ReceiptPayment {
  @ApiProperty({ format: 'uuid' })
  paymentId!: string;
  /** Local date the payment was received. @example "2026-03-18" */
  @ApiProperty({ format: 'date', maxLength: 10 })
  paidOn!: string;
  @ApiProperty({ enum: PAYMENT_METHODS, enumName: 'PaymentMethod', example: 'e_transfer' })
  method!: PaymentMethod;
  /** @example 42 */
  invoiceNumber!: number;
  /** The part of the payment applied to this invoice, in cents. @example 6000 */
  amountCents!: number;
}

/** A credit note that reduced an invoice on the receipt. */
export class ReceiptCredit {
  /** @example 3 */
  creditNoteNumber!: number;
  /** @example 42 */
  invoiceNumber!: number;
  /** @example "2026-03-20" */
  @ApiProperty({ format: 'date', maxLength: 10 })
  issuedOn!: string;
  /** Tax included. @example 1500 */
  amountCents!: number;
}

export class ReceiptTotals {
  /** Fees of the services, before tax. @example 18000 */
  feeCents!: number;
  /** @example 0 */
  taxCents!: number;
  /** Credit notes against those services, tax included. @example 1500 */
  creditedCents!: number;
  /** What the receipt's payments paid. @example 12000 */
  paidCents!: number;
}

/** A receipt for an insurance claim: what was provided, by whom, and what the client paid. */
export class ReceiptResponse {
  /** `payment`: one payment; `period`: every payment the client made in a period. */
  @ApiProperty({ enum: RECEIPT_KINDS, enumName: 'ReceiptKind' })
  kind!: ReceiptKind;
  /** The receipt's own reference: the payment's id, or the period. @example "2026-03-01 to 2026-04-01" */
  @ApiProperty({ maxLength: 80 })
  reference!: string;
  /** When the last payment on it was recorded: the same receipt is always issued at the same time. */
  @ApiProperty({ format: 'date-time' })
  issuedAt!: Date;
  /** Period receipts: the first local day covered. @example "2026-03-01" */
  @ApiProperty({ type: String, format: 'date', nullable: true, maxLength: 10, example: '2026-03-01' })
  periodFrom!: string | null;
  /** Period receipts: the day after the last one covered. @example "2026-04-01" */
  @ApiProperty({ type: String, format: 'date', nullable: true, maxLength: 10, example: '2026-04-01' })
  periodTo!: string | null;
  @ApiProperty({ type: ReceiptClinic })
  clinic!: ReceiptClinic;
  @ApiProperty({ type: ReceiptClient })
  client!: ReceiptClient;
  @ApiProperty({ type: [ReceiptTherapist] })
  therapists!: ReceiptTherapist[];
  @ApiProperty({ type: [ReceiptService] })
  services!: ReceiptService[];
  @ApiProperty({ type: [ReceiptPayment] })
  payments!: ReceiptPayment[];
  @ApiProperty({ type: [ReceiptCredit] })
  credits!: ReceiptCredit[];
  @ApiProperty({ type: ReceiptTotals })
  totals!: ReceiptTotals;
}
