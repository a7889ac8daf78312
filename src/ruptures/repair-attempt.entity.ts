import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Client } from '../clients/client.entity';
import { User } from '../users/user.entity';
import { AttemptStatus } from './repair-stages';
import { Rupture, RuptureActorRole } from './rupture.entity';

export const REPAIR_APPROACHES = ['imago_dialogue', 'apology', 'behaviour_change_request', 'other'] as const;
export type RepairApproach = (typeof REPAIR_APPROACHES)[number];

export const IMAGO_STEPS = ['mirroring', 'validation', 'empathy'] as const;
export type ImagoStep = (typeof IMAGO_STEPS)[number];

/** One partner moving toward the other. Only the latest attempt of a rupture may be open. */
@Entity('repair_attempts')
@Check('repair_attempts_approach_check', `"approach" IN ('imago_dialogue', 'apology', 'behaviour_change_request', 'other')`)
@Check('repair_attempts_status_check', `"status" IN ('open', 'incomplete', 'completed') AND ("status" = 'open') = ("closed_at" IS NULL)`)
@Check('repair_attempts_role_check', `"recorded_by_role" IN ('client', 'therapist')`)
@Check(
  'repair_attempts_details_check',
  `(cardinality("imago_steps") > 0) = ("approach" = 'imago_dialogue') AND (cardinality("requests") > 0) = ("approach" = 'behaviour_change_request')`,
)
@Index('repair_attempts_sequence_key', ['ruptureId', 'sequence'], { unique: true })
@Index('repair_attempts_one_open', ['ruptureId'], { unique: true, where: `"status" = 'open'` })
export class RepairAttempt {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Also `repair_attempts_completed_idx` (partial, INCLUDE sequence; by hand in the migration) for the repair report. */
  @Index('repair_attempts_completed_idx', { synchronize: false })
  @Column('uuid')
  ruptureId!: string;

  @ManyToOne(() => Rupture, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rupture_id' })
  rupture?: Rupture;

  /** 1 for the first attempt on the rupture, then 2, 3… */
  @Column('int')
  sequence!: number;

  /** The partner who moved toward the other. */
  @Column('uuid')
  initiatorClientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'initiator_client_id' })
  initiatorClient?: Client;

  @Column('uuid')
  recordedByUserId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by_user_id' })
  recordedByUser?: User;

  @Column({ type: 'varchar', length: 16 })
  recordedByRole!: RuptureActorRole;

  @Column({ type: 'varchar', length: 32 })
  approach!: RepairApproach;

  /** The Imago Dialogue steps done, for that approach only. */
  @Column({ type: 'varchar', length: 16, array: true, default: () => `'{}'` })
  imagoSteps!: ImagoStep[];

  /** The behaviour change requests made, for that approach only. PHI. */
  @Column({ type: 'varchar', length: 500, array: true, default: () => `'{}'` })
  requests!: string[];

  /** PHI. */
  @Column({ type: 'varchar', length: 4000, nullable: true })
  notes!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: AttemptStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
