import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Client } from '../clients/client.entity';
import { User } from '../users/user.entity';
import { CreditNote, Invoice, InvoiceLine } from './invoice.entities';

/** How money came in. Cards are taken on an external terminal: no card number is ever stored. */
export const PAYMENT_METHODS = ['cash', 'e_transfer', 'card_terminal', 'insurer_direct'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * Money received from (or for) one payer. Never changed (a trigger refuses UPDATE and DELETE).
 * What is not allocated to invoice lines is the payer's credit, applied to their next invoice.
 */
@Entity('payments')
@Check('payments_method_check', `"method" IN ('cash', 'e_transfer', 'card_terminal', 'insurer_direct')`)
@Check('payments_amount_check', `"amount_cents" > 0 AND "amount_cents" <= 10000000`)
// A reference is a transfer or authorisation code; a run of 12 or more digits could be a card number.
@Check('payments_reference_check', `"reference" !~ '[0-9][0-9 -]{10,}[0-9]'`)
@Index('payments_payer_received_idx', ['payerClientId', 'receivedAt', 'id'])
@Index('payments_received_idx', ['receivedAt', 'id'])
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  payerClientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payer_client_id' })
  payer?: Client;

  @Column({ type: 'varchar', length: 20 })
  method!: PaymentMethod;

  @Column({ type: 'integer' })
  amountCents!: number;

  @Column({ type: 'timestamptz' })
  receivedAt!: Date;

  /** An e-transfer reference, a terminal's authorisation code or an insurer's claim number. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reference!: string | null;

  @Column('uuid')
  recordedBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by' })
  recorder?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;
}

/**
 * Part of a payment applied to one invoice line (the oldest unpaid lines first). Negative when a
 * credit note takes back a paid part: the money returns to the payer's credit. Never changed; the
 * sums per payment and per line are checked at commit (docs/billing.md).
 */
@Entity('payment_allocations')
@Check('payment_allocations_amount_check', `"amount_cents" <> 0`)
@Check('payment_allocations_reversal_check', `("amount_cents" < 0) = ("credit_note_id" IS NOT NULL)`)
@Index('payment_allocations_payment_idx', ['paymentId'])
@Index('payment_allocations_line_idx', ['invoiceLineId'])
@Index('payment_allocations_invoice_idx', ['invoiceId'])
export class PaymentAllocation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  paymentId!: string;

  @ManyToOne(() => Payment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id' })
  payment?: Payment;

  @Column('uuid')
  invoiceLineId!: string;

  @ManyToOne(() => InvoiceLine, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_line_id' })
  invoiceLine?: InvoiceLine;

  /** The line's invoice, for sums per invoice (a trigger checks it is the line's). */
  @Column('uuid')
  invoiceId!: string;

  @ManyToOne(() => Invoice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: Invoice;

  /** Positive: applied to the line; negative: given back to credit by this credit note. */
  @Column({ type: 'integer' })
  amountCents!: number;

  @Column({ type: 'uuid', nullable: true })
  creditNoteId!: string | null;

  @ManyToOne(() => CreditNote, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credit_note_id' })
  creditNote?: CreditNote | null;

  @CreateDateColumn({ type: 'timestamptz' })
  allocatedAt!: Date;
}
