import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Client } from '../clients/client.entity';
import { User } from '../users/user.entity';
import { RepairAttempt } from './repair-attempt.entity';
import { RepairStage, TransitionEvent } from './repair-stages';
import { Rupture, RuptureActorRole } from './rupture.entity';

/**
 * The rupture's history, append-only. Reported, recognized and completed happen once per rupture,
 * which a partial unique index enforces even when both partners confirm at the same moment.
 */
@Entity('rupture_transitions')
@Check('rupture_transitions_event_check', `"event" IN ('reported', 'recognized', 'initiated', 'attempt_incomplete', 'completed')`)
@Check('rupture_transitions_actor_check', `("actor_role" = 'client') = ("actor_client_id" IS NOT NULL) AND "actor_role" IN ('client', 'therapist')`)
@Check('rupture_transitions_stage_check', `"to_stage" IN ('reported', 'recognized', 'initiated', 'completed')`)
@Index('rupture_transitions_rupture_idx', ['ruptureId', 'seq'])
@Index('rupture_transitions_once_key', ['ruptureId', 'event'], { unique: true, where: `"event" IN ('reported', 'recognized', 'completed')` })
export class RuptureTransition {
  /** The order they happened in: each is written under the rupture's row lock. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  @Column('uuid')
  ruptureId!: string;

  @ManyToOne(() => Rupture, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rupture_id' })
  rupture?: Rupture;

  @Column({ type: 'varchar', length: 24 })
  event!: TransitionEvent;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStage!: RepairStage | null;

  @Column({ type: 'varchar', length: 16 })
  toStage!: RepairStage;

  @Column({ type: 'uuid', nullable: true })
  attemptId!: string | null;

  @ManyToOne(() => RepairAttempt, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'attempt_id' })
  attempt?: RepairAttempt;

  @Column('uuid')
  actorUserId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_user_id' })
  actorUser?: User;

  @Column({ type: 'varchar', length: 16 })
  actorRole!: RuptureActorRole;

  /** The partner who acted; null for the therapist. */
  @Column({ type: 'uuid', nullable: true })
  actorClientId!: string | null;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_client_id' })
  actorClient?: Client;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;
}
