import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BusyTime } from '../busy-time/busy-time.entity';
import { Client } from '../clients/client.entity';
import { Couple } from '../couples/couple.entity';
import { User } from '../users/user.entity';
import { SessionStatus } from './session-status';

export const MODALITIES = ['in_person', 'online'] as const;
export type Modality = (typeof MODALITIES)[number];

export const CANCELLED_BY = ['client', 'therapist', 'clinic'] as const;
export type CancelledBy = (typeof CANCELLED_BY)[number];

/** The longest a session may run; a longer range is a typing mistake, not a session. */
export const MAX_SESSION_HOURS = 4;

/**
 * An appointment of one therapist with a couple or one client. Its time is held in
 * `busy_times` (one row per session), where the exclusion constraint prevents double booking.
 */
@Entity('therapy_sessions')
@Check('therapy_sessions_one_party_check', `num_nonnulls("couple_id", "client_id") = 1`)
@Check(
  'therapy_sessions_during_check',
  `NOT isempty("during") AND NOT lower_inf("during") AND NOT upper_inf("during") AND lower_inc("during") AND NOT upper_inc("during") AND upper("during") - lower("during") <= interval '${MAX_SESSION_HOURS} hours'`,
)
@Check(
  'therapy_sessions_modality_check',
  `("modality" = 'in_person' AND "location" IS NOT NULL AND "video_url" IS NULL) OR ("modality" = 'online' AND "video_url" IS NOT NULL AND "location" IS NULL AND "video_url" LIKE 'https://%')`,
)
@Check('therapy_sessions_status_check', `"status" IN ('scheduled', 'completed', 'cancelled', 'no_show')`)
@Check(
  'therapy_sessions_cancellation_check',
  `("status" = 'cancelled') = ("cancelled_at" IS NOT NULL AND "cancelled_by" IS NOT NULL AND "late_cancellation" IS NOT NULL)`,
)
@Check('therapy_sessions_cancelled_by_check', `"cancelled_by" IN ('client', 'therapist', 'clinic')`)
@Check('therapy_sessions_completion_check', `("status" = 'completed') = ("completed_at" IS NOT NULL)`)
@Check('therapy_sessions_attendance_check', `"status" = 'completed' OR cardinality("attended_client_ids") = 0`)
@Index('therapy_sessions_therapist_start_idx', { synchronize: false })
@Index('therapy_sessions_start_idx', { synchronize: false })
@Index('therapy_sessions_report_idx', { synchronize: false })
@Index('therapy_sessions_couple_idx', ['coupleId'])
// A couple's completed sessions by completion time, for the outcome report's counts.
@Index('therapy_sessions_couple_completed_idx', ['coupleId', 'completedAt'], { where: `"status" = 'completed'` })
@Index('therapy_sessions_client_idx', ['clientId'])
@Index('therapy_sessions_series_idx', ['seriesId'])
export class TherapySession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  therapistId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'therapist_id' })
  therapist?: User;

  @Column({ type: 'uuid', nullable: true })
  coupleId!: string | null;

  @ManyToOne(() => Couple, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'couple_id' })
  couple?: Couple | null;

  @Column({ type: 'uuid', nullable: true })
  clientId!: string | null;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id' })
  client?: Client | null;

  /** `[start, end)`, the same range as its busy time. */
  @Column({ type: 'tstzrange' })
  during!: string;

  /** The therapist's reservation of this time; released when the session is cancelled. Unique by the one-to-one relation. */
  @Column('uuid')
  busyTimeId!: string;

  @OneToOne(() => BusyTime, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'busy_time_id' })
  busyTime?: BusyTime;

  @Column({ type: 'varchar', length: 16 })
  modality!: Modality;

  /** In person: where in Ontario. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  location!: string | null;

  /** Online: the video link (https). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  videoUrl!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'scheduled' })
  status!: SessionStatus;

  /** Couple sessions: the partners who came; set on completion. */
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  attendedClientIds!: string[];

  /** Shared by the occurrences of a recurring booking. */
  @Column({ type: 'uuid', nullable: true })
  seriesId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  cancelledBy!: CancelledBy | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancellationReason!: string | null;

  /** Cancelled inside the clinic's late-cancellation window. */
  @Column({ type: 'boolean', nullable: true })
  lateCancellation!: boolean | null;

  @Column('uuid')
  createdBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by' })
  creator?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
