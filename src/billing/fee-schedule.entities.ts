import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** What a service type is billed for: a session, a charge for a missed one, or a document. */
export const SERVICE_KINDS = ['session', 'late_cancellation', 'no_show', 'document'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** Who a session service type is for; null for charges and documents, which follow the session or the client. */
export const SERVICE_PARTIES = ['individual', 'couple'] as const;
export type ServiceParty = (typeof SERVICE_PARTIES)[number];

/**
 * `exempt`: psychotherapy by a registered psychotherapist, exempt from GST/HST since 20 June 2024
 * (Excise Tax Act, Schedule V, Part II; CRA GST/HST memorandum 25-3). `hst_13`: Ontario HST at 13 %,
 * e.g. a report written solely for an insurer. docs/billing.md.
 */
export const TAX_TREATMENTS = ['exempt', 'hst_13'] as const;
export type TaxTreatment = (typeof TAX_TREATMENTS)[number];

/** One entry of the clinic's fee schedule. Its price lives in `service_prices`, effective-dated. */
@Entity('service_types')
@Check('service_types_kind_check', `"kind" IN ('session', 'late_cancellation', 'no_show', 'document')`)
@Check('service_types_party_check', `"party" IN ('individual', 'couple')`)
@Check('service_types_tax_treatment_check', `"tax_treatment" IN ('exempt', 'hst_13')`)
@Check('service_types_duration_check', `"duration_minutes" IS NULL OR "duration_minutes" BETWEEN 1 AND 240`)
@Check('service_types_session_shape_check', `"kind" <> 'session' OR ("party" IS NOT NULL AND "duration_minutes" IS NOT NULL)`)
export class ServiceType {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable name for scripts and seeds, e.g. `couple_80`. */
  @Index('service_types_code_key', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  code!: string;

  /** As printed on invoices and receipts, e.g. "Couple psychotherapy session, 80 minutes". */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: ServiceKind;

  @Column({ type: 'varchar', length: 16, nullable: true })
  party!: ServiceParty | null;

  @Column({ type: 'integer', nullable: true })
  durationMinutes!: number | null;

  @Column({ type: 'varchar', length: 16 })
  taxTreatment!: TaxTreatment;

  /** Retired types stay for the invoices that name them; new lines cannot use them. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * A service type's price from a date on (until the next row's date): a ledger row, never changed
 * (a trigger refuses UPDATE and DELETE). Invoice lines copy the price in force on the service date.
 */
@Entity('service_prices')
@Check('service_prices_amount_check', `"unit_price_cents" >= 0 AND "unit_price_cents" <= 10000000`)
@Index('service_prices_type_from_key', ['serviceTypeId', 'effectiveFrom'], { unique: true })
export class ServicePrice {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  serviceTypeId!: string;

  @ManyToOne(() => ServiceType, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_type_id' })
  serviceType?: ServiceType;

  @Column({ type: 'date' })
  effectiveFrom!: string;

  /** CAD, before tax. */
  @Column({ type: 'integer' })
  unitPriceCents!: number;

  /** Null for the prices the clinic starts with (the migration's defaults). */
  @Column({ type: 'uuid', nullable: true })
  setBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'set_by' })
  setter?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
