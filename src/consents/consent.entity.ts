import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Client } from '../clients/client.entity';
import { User } from '../users/user.entity';

/**
 * `reminders`: appointment reminders and portal notices by email (see docs/notifications.md);
 * `repair_notices`: a content-free notice when the partner records a rupture or a repair awaits confirmation.
 */
export const CONSENT_PURPOSES = ['treatment', 'joint_record_release', 'email_contact', 'reminders', 'repair_notices'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_DECISIONS = ['granted', 'withdrawn'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];

/**
 * One grant or withdrawal: a ledger row, never changed (a trigger refuses UPDATE and DELETE).
 * The current state of a purpose is its latest row.
 */
@Entity('consents')
@Check('consents_purpose_check', `"purpose" IN ('treatment', 'joint_record_release', 'email_contact', 'reminders', 'repair_notices')`)
@Check('consents_decision_check', `"decision" IN ('granted', 'withdrawn')`)
@Index('consents_client_purpose_idx', ['clientId', 'purpose', 'recordedAt'])
export class Consent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id' })
  client?: Client;

  @Column({ type: 'varchar', length: 40 })
  purpose!: ConsentPurpose;

  @Column({ type: 'varchar', length: 16 })
  decision!: ConsentDecision;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Column('uuid')
  recordedBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by' })
  recorder?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;
}
