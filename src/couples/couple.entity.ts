import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Client } from '../clients/client.entity';
import { User } from '../users/user.entity';

/** Who pays for the couple's sessions: one partner, or both by `billing_share_a_basis_points` (docs/billing.md). */
export const COUPLE_BILLING_PAYERS = ['partner_a', 'partner_b', 'split'] as const;
export type CoupleBillingPayer = (typeof COUPLE_BILLING_PAYERS)[number];

export const COUPLE_STATUSES = ['active', 'paused', 'ended'] as const;
export type CoupleStatus = (typeof COUPLE_STATUSES)[number];

/**
 * Two distinct clients seen together: a joint record. A client belongs to at most one couple
 * that has not ended; the database enforces it through `couple_memberships` (see the migration).
 */
@Entity('couples')
@Check('couples_distinct_partners_check', `"partner_a_id" <> "partner_b_id"`)
@Check('couples_status_check', `"status" IN ('active', 'paused', 'ended')`)
@Check('couples_dates_check', `"ended_on" IS NULL OR "ended_on" >= "started_on"`)
@Check('couples_billing_payer_check', `"billing_payer" IN ('partner_a', 'partner_b', 'split')`)
@Check(
  'couples_billing_share_check',
  `("billing_payer" = 'split') = ("billing_share_a_basis_points" IS NOT NULL) AND ("billing_share_a_basis_points" IS NULL OR "billing_share_a_basis_points" BETWEEN 1 AND 9999)`,
)
@Index('couples_therapist_started_idx', ['therapistId', 'startedOn', 'id'])
// The couple list of the whole clinic (admins), in its order.
@Index('couples_started_idx', ['startedOn', 'id'])
export class Couple {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('couples_partner_a_idx')
  @Column('uuid')
  partnerAId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_a_id' })
  partnerA?: Client;

  @Index('couples_partner_b_idx')
  @Column('uuid')
  partnerBId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_b_id' })
  partnerB?: Client;

  @Column('uuid')
  therapistId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'therapist_id' })
  therapist?: User;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: CoupleStatus;

  @Column({ type: 'date' })
  startedOn!: string;

  @Column({ type: 'date', nullable: true })
  endedOn!: string | null;

  /** The billing arrangement: who is billed for the couple's sessions. */
  @Column({ type: 'varchar', length: 16, default: 'partner_a' })
  billingPayer!: CoupleBillingPayer;

  /** When split: partner A's share in basis points (5000 = half); partner B pays the rest. */
  @Column({ type: 'integer', nullable: true })
  billingShareABasisPoints!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
