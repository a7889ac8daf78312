import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Client } from '../clients/client.entity';
import { Couple } from '../couples/couple.entity';
import { TherapySession } from '../therapy-sessions/therapy-session.entity';
import { User } from '../users/user.entity';
import { ServiceType, TaxTreatment } from './fee-schedule.entities';

export const INVOICE_STATUSES = ['issued', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** The counters that number invoices and credit notes; docs/billing.md, "Numbering". */
export const BILLING_COUNTERS = ['invoice', 'credit_note'] as const;
export type BillingCounterName = (typeof BILLING_COUNTERS)[number];

/**
 * The last number given in one series. The issuing transaction takes the row's lock and
 * increments it, so numbers are consecutive and a rolled-back issue gives its number back.
 */
@Entity('billing_counters')
@Check('billing_counters_name_check', `"name" IN ('invoice', 'credit_note')`)
@Check('billing_counters_last_number_check', `"last_number" >= 0`)
export class BillingCounter {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  name!: BillingCounterName;

  @Column({ type: 'integer', default: 0 })
  lastNumber!: number;
}

/**
 * A bill to one payer, issued with its number in one transaction and never changed after: a
 * trigger refuses any UPDATE but issued → void, and any DELETE. Its totals are the sums of its
 * lines (a deferred constraint trigger checks it at commit).
 */
@Entity('invoices')
@Check('invoices_status_check', `"status" IN ('issued', 'void')`)
@Check('invoices_number_check', `"number" > 0`)
@Check('invoices_amounts_check', `"subtotal_cents" >= 0 AND "tax_cents" >= 0 AND "total_cents" = "subtotal_cents" + "tax_cents"`)
@Check(
  'invoices_void_check',
  `("status" = 'void') = ("voided_at" IS NOT NULL AND "voided_by" IS NOT NULL AND "void_reason" IS NOT NULL)`,
)
@Check('invoices_period_check', `("period_from" IS NULL) = ("period_to" IS NULL) AND ("period_to" IS NULL OR "period_to" > "period_from")`)
@Index('invoices_number_key', ['number'], { unique: true })
@Index('invoices_payer_issued_idx', ['payerClientId', 'issuedAt', 'id'])
@Index('invoices_issued_idx', ['issuedAt', 'id'])
@Index('invoices_couple_idx', ['coupleId'])
export class Invoice {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Consecutive, without gaps, from `billing_counters` ('invoice'). */
  @Column({ type: 'integer' })
  number!: number;

  /** Who is billed: the client, or the paying partner of a couple (couples.billing_payer). */
  @Column('uuid')
  payerClientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payer_client_id' })
  payer?: Client;

  /** The couple whose sessions are billed, when they are a couple's. */
  @Column({ type: 'uuid', nullable: true })
  coupleId!: string | null;

  @ManyToOne(() => Couple, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'couple_id' })
  couple?: Couple | null;

  @Column({ type: 'varchar', length: 16, default: 'issued' })
  status!: InvoiceStatus;

  @Column({ type: 'timestamptz' })
  issuedAt!: Date;

  /** Ageing counts from here (docs/billing.md). */
  @Column({ type: 'date' })
  dueOn!: string;

  /** A batched invoice's period `[from, to)`, in the clinic's zone. */
  @Column({ type: 'date', nullable: true })
  periodFrom!: string | null;

  @Column({ type: 'date', nullable: true })
  periodTo!: string | null;

  /** Sum of the lines' amounts, before tax. */
  @Column({ type: 'integer' })
  subtotalCents!: number;

  /** Sum of the lines' tax. */
  @Column({ type: 'integer' })
  taxCents!: number;

  @Column({ type: 'integer' })
  totalCents!: number;

  /** The clinic's HST registration number as printed, when a line is taxed; null otherwise. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  hstNumber!: string | null;

  @Column('uuid')
  issuedBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issued_by' })
  issuer?: User;

  @Column({ type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  voidedBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'voided_by' })
  voider?: User | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  voidReason!: string | null;
}

/**
 * One billed service. Never changed (a trigger refuses UPDATE and DELETE). `fee_cents` is the
 * schedule's price on the service date; `amount_cents` this payer's share of it; tax is per line,
 * half-up to the cent, and the database checks the arithmetic.
 */
@Entity('invoice_lines')
@Check('invoice_lines_position_check', `"position" >= 1`)
@Check('invoice_lines_tax_treatment_check', `"tax_treatment" IN ('exempt', 'hst_13')`)
@Check('invoice_lines_share_check', `"share_basis_points" BETWEEN 1 AND 10000`)
@Check('invoice_lines_amount_check', `"fee_cents" >= 0 AND "amount_cents" >= 0 AND "amount_cents" <= "fee_cents"`)
@Check(
  'invoice_lines_tax_check',
  `"tax_cents" = CASE "tax_treatment" WHEN 'hst_13' THEN ("amount_cents" * 13 + 50) / 100 ELSE 0 END`,
)
@Check('invoice_lines_total_check', `"total_cents" = "amount_cents" + "tax_cents"`)
@Check('invoice_lines_duration_check', `"duration_minutes" IS NULL OR "duration_minutes" BETWEEN 1 AND 240`)
@Index('invoice_lines_invoice_position_key', ['invoiceId', 'position'], { unique: true })
@Index('invoice_lines_session_idx', ['therapySessionId'])
@Index('invoice_lines_therapist_date_idx', ['therapistId', 'serviceDate'])
export class InvoiceLine {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  invoiceId!: string;

  @ManyToOne(() => Invoice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: Invoice;

  /** Order on the invoice, from 1. */
  @Column({ type: 'smallint' })
  position!: number;

  @Column('uuid')
  serviceTypeId!: string;

  @ManyToOne(() => ServiceType, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_type_id' })
  serviceType?: ServiceType;

  /** The session billed (or whose late cancellation or no-show is charged); null for a document. */
  @Column({ type: 'uuid', nullable: true })
  therapySessionId!: string | null;

  @ManyToOne(() => TherapySession, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'therapy_session_id' })
  therapySession?: TherapySession | null;

  /** Who provided the service: the session's therapist, or the author of the document. */
  @Column('uuid')
  therapistId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'therapist_id' })
  therapist?: User;

  /** In the clinic's zone. */
  @Column({ type: 'date' })
  serviceDate!: string;

  @Column({ type: 'integer', nullable: true })
  durationMinutes!: number | null;

  @Column({ type: 'varchar', length: 300 })
  description!: string;

  /** Copied from the service type, so the line keeps its treatment. */
  @Column({ type: 'varchar', length: 16 })
  taxTreatment!: TaxTreatment;

  /** The schedule's price on the service date, before tax. */
  @Column({ type: 'integer' })
  feeCents!: number;

  /** This payer's share of the fee, in basis points (10000 = all of it). */
  @Column({ type: 'integer', default: 10000 })
  shareBasisPoints!: number;

  /** What this payer is charged before tax: the fee, or their share of it. */
  @Column({ type: 'integer' })
  amountCents!: number;

  @Column({ type: 'integer' })
  taxCents!: number;

  @Column({ type: 'integer' })
  totalCents!: number;
}

/**
 * A correction of an issued invoice: credits parts of its lines. Numbered in its own series,
 * never changed (a trigger refuses UPDATE and DELETE); its totals are the sums of its lines.
 */
@Entity('credit_notes')
@Check('credit_notes_number_check', `"number" > 0`)
@Check('credit_notes_amounts_check', `"subtotal_cents" >= 0 AND "tax_cents" >= 0 AND "total_cents" = "subtotal_cents" + "tax_cents" AND "total_cents" > 0`)
@Index('credit_notes_number_key', ['number'], { unique: true })
@Index('credit_notes_invoice_idx', ['invoiceId'])
@Index('credit_notes_issued_idx', ['issuedAt', 'id'])
export class CreditNote {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Consecutive, without gaps, from `billing_counters` ('credit_note'). */
  @Column({ type: 'integer' })
  number!: number;

  @Column('uuid')
  invoiceId!: string;

  @ManyToOne(() => Invoice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: Invoice;

  @Column({ type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ type: 'integer' })
  subtotalCents!: number;

  @Column({ type: 'integer' })
  taxCents!: number;

  @Column({ type: 'integer' })
  totalCents!: number;

  @Column('uuid')
  issuedBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issued_by' })
  issuer?: User;
}

/** The part of one invoice line a credit note takes back, with its tax computed as the line's. */
@Entity('credit_note_lines')
@Check('credit_note_lines_tax_treatment_check', `"tax_treatment" IN ('exempt', 'hst_13')`)
@Check('credit_note_lines_amount_check', `"amount_cents" > 0`)
@Check(
  'credit_note_lines_tax_check',
  `"tax_cents" = CASE "tax_treatment" WHEN 'hst_13' THEN ("amount_cents" * 13 + 50) / 100 ELSE 0 END`,
)
@Check('credit_note_lines_total_check', `"total_cents" = "amount_cents" + "tax_cents"`)
@Index('credit_note_lines_note_line_key', ['creditNoteId', 'invoiceLineId'], { unique: true })
@Index('credit_note_lines_invoice_line_idx', ['invoiceLineId'])
export class CreditNoteLine {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  creditNoteId!: string;

  @ManyToOne(() => CreditNote, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credit_note_id' })
  creditNote?: CreditNote;

  @Column('uuid')
  invoiceLineId!: string;

  @ManyToOne(() => InvoiceLine, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_line_id' })
  invoiceLine?: InvoiceLine;

  /** The invoice line's treatment, copied so the tax arithmetic is checked here too. */
  @Column({ type: 'varchar', length: 16 })
  taxTreatment!: TaxTreatment;

  /** Credited before tax. */
  @Column({ type: 'integer' })
  amountCents!: number;

  @Column({ type: 'integer' })
  taxCents!: number;

  @Column({ type: 'integer' })
  totalCents!: number;
}
