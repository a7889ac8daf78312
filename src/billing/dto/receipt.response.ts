import { ApiProperty } from '@nestjs/swagger';

export const RECEIPT_KINDS = ['payment', 'period'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

/** The clinic as it names itself on receipts (settings `CLINIC_NAME`, `CLINIC_ADDRESS`, `CLINIC_HST_NUMBER`). */
export class ReceiptClinic {
  /** @example "Harbourview Couples Therapy" */
  @ApiProperty({ maxLength: 200 })
  name!: string;
  /** Address lines, in order. @example ["200 Bay Street, Suite 1200", "Toronto, ON M5J 2J2"] */
  @ApiProperty({ type: [String], maxItems: 6 })
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
  /** @example "2026-000042" */
  @ApiProperty({ maxLength: 40 })
  invoiceNumber!: string;
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
  @ApiProperty({ type: [String], maxItems: 2 })
  clientNames!: string[];
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  /** The share of the fee billed on this invoice, before tax, in cents. @example 9000 */
  feeCents!: number;
  /** @example 0 */
  taxCents!: number;
  /** `exempt` (psychotherapy by a registered psychotherapist) or `hst` (13 % in Ontario). @example "exempt" */
  @ApiProperty({ enum: ['exempt', 'hst'], enumName: 'ReceiptTaxStatus' })
  taxStatus!: 'exempt' | 'hst';
  /** feeCents + taxCents. @example 9000 */
  totalCents!: number;
}

/** A payment (or its part) applied to an invoice on the receipt. */
export class ReceiptPayment {
  @ApiProperty({ format: 'uuid' })
  paymentId!: string;
  /** Local date the payment was received. @example "2026-03-18" */
  @ApiProperty({ format: 'date', maxLength: 10 })
  paidOn!: string;
  /** @example "e_transfer" */
  @ApiProperty({ maxLength: 40 })
  method!: string;
  /** @example "2026-000042" */
  @ApiProperty({ maxLength: 40 })
  invoiceNumber!: string;
  /** The part of the payment applied to this invoice, in cents. @example 6000 */
  amountCents!: number;
}

/** A credit note that reduced an invoice on the receipt. */
export class ReceiptCredit {
  /** @example "CN-2026-000003" */
  @ApiProperty({ maxLength: 40 })
  creditNoteNumber!: string;
  /** @example "2026-000042" */
  @ApiProperty({ maxLength: 40 })
  invoiceNumber!: string;
  /** @example "2026-03-20" */
  @ApiProperty({ format: 'date', maxLength: 10 })
  issuedOn!: string;
  /** @example 1500 */
  amountCents!: number;
}

export class ReceiptTotals {
  /** Fees of the services, before tax. @example 18000 */
  feeCents!: number;
  /** @example 0 */
  taxCents!: number;
  /** Credit notes against the invoices. @example 1500 */
  creditedCents!: number;
  /** What the receipt's payments paid. @example 12000 */
  paidCents!: number;
}

/** A receipt for an insurance claim: what was provided, by whom, and what the client paid. */
export class ReceiptResponse {
  /** `payment`: one payment; `period`: every payment the client made in a period. */
  @ApiProperty({ enum: RECEIPT_KINDS, enumName: 'ReceiptKind' })
  kind!: ReceiptKind;
  /** The receipt's own reference: the payment's id, or the client and the period. @example "P-7f3c2a10" */
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
