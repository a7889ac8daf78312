import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Couple } from '../couples/couple.entity';
import { User } from '../users/user.entity';
import { InstrumentCode } from './instruments';
import { ScheduleKind } from './outcome-schedule';

/** The longest repeat a schedule takes: every 52 sessions or weeks. */
export const MAX_SCHEDULE_EVERY = 52;

/**
 * A questionnaire the couple's therapist (or an admin) asked both partners to answer: once at
 * intake, or again every N completed sessions or N weeks. `shares_totals` is the therapist's choice
 * to show each partner the other's totals (never their item answers); off by default.
 */
@Entity('outcome_assignments')
@Check('outcome_assignments_instrument_check', `"instrument" IN ('csi-4', 'csi-16')`)
@Check('outcome_assignments_schedule_check', `"schedule_kind" IN ('once', 'sessions', 'weeks')`)
@Check('outcome_assignments_every_check', `("schedule_kind" = 'once') = ("every" IS NULL) AND ("every" IS NULL OR "every" BETWEEN 1 AND ${MAX_SCHEDULE_EVERY})`)
@Index('outcome_assignments_couple_idx', ['coupleId', 'assignedAt', 'id'])
export class OutcomeAssignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  coupleId!: string;

  @ManyToOne(() => Couple, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'couple_id' })
  couple?: Couple;

  @Column({ type: 'varchar', length: 16 })
  instrument!: InstrumentCode;

  @Column({ type: 'varchar', length: 16 })
  scheduleKind!: ScheduleKind;

  @Column({ type: 'int', nullable: true })
  every!: number | null;

  @Column({ type: 'boolean', default: false })
  sharesTotals!: boolean;

  @Column('uuid')
  assignedByUserId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assigned_by_user_id' })
  assignedBy?: User;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  assignedAt!: Date;
}
