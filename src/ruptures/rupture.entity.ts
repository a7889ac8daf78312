import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Client } from '../clients/client.entity';
import { Couple } from '../couples/couple.entity';
import { TherapySession } from '../therapy-sessions/therapy-session.entity';
import { User } from '../users/user.entity';
import { RepairStage } from './repair-stages';

export const RUPTURE_SEVERITIES = ['minor', 'moderate', 'major'] as const;
export type RuptureSeverity = (typeof RUPTURE_SEVERITIES)[number];

export const RUPTURE_KINDS = ['missed_bid', 'dismissive_tone', 'criticism', 'withdrawal', 'broken_agreement', 'breach_of_trust', 'other'] as const;
export type RuptureKind = (typeof RUPTURE_KINDS)[number];

/** Who acts on a rupture: a partner (through the portal) or the couple's therapist. */
export const RUPTURE_ACTOR_ROLES = ['client', 'therapist'] as const;
export type RuptureActorRole = (typeof RUPTURE_ACTOR_ROLES)[number];

/**
 * A moment where connection between the partners broke, and how far its repair has come.
 * The stage columns are a cache of the history in `rupture_transitions`, kept consistent by checks.
 */
@Entity('ruptures')
@Check('ruptures_severity_check', `"severity" IN ('minor', 'moderate', 'major')`)
@Check('ruptures_kind_check', `"kind" IN ('missed_bid', 'dismissive_tone', 'criticism', 'withdrawal', 'broken_agreement', 'breach_of_trust', 'other')`)
@Check('ruptures_stage_check', `"stage" IN ('reported', 'recognized', 'initiated', 'completed')`)
@Check('ruptures_reporter_check', `("reported_by_role" = 'client') = ("reported_by_client_id" IS NOT NULL) AND "reported_by_role" IN ('client', 'therapist')`)
@Check('ruptures_stage_times_check', `("recognized_at" IS NOT NULL) = ("stage" <> 'reported') AND ("initiated_at" IS NOT NULL) = ("stage" IN ('initiated', 'completed')) AND ("completed_at" IS NOT NULL) = ("stage" = 'completed')`)
@Check('ruptures_themes_check', `cardinality("themes") <= 10 AND cardinality("recurring_themes") <= cardinality("themes")`)
// A couple's ruptures by occurrence, with their stage (INCLUDE, by hand in migrations/1795740000000-OutcomeReportIndexed.ts).
@Index('ruptures_couple_occurred_idx', { synchronize: false })
// A couple's last change, for a client's last contact (migrations/1795730000000-LastContactIndexed.ts).
@Index('ruptures_couple_updated_idx', ['coupleId', 'updatedAt'])
export class Rupture {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  coupleId!: string;

  @ManyToOne(() => Couple, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'couple_id' })
  couple?: Couple;

  /** Also `ruptures_report_idx` (with INCLUDE columns, by hand in the migrations ReportIndexes and ReportSpeed) for the repair report. */
  @Index('ruptures_report_idx', { synchronize: false })
  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column('uuid')
  reportedByUserId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reported_by_user_id' })
  reportedByUser?: User;

  @Column({ type: 'varchar', length: 16 })
  reportedByRole!: RuptureActorRole;

  /** The partner who reported it; null when the therapist did. */
  @Column({ type: 'uuid', nullable: true })
  reportedByClientId!: string | null;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reported_by_client_id' })
  reportedByClient?: Client;

  /** PHI. */
  @Column({ type: 'varchar', length: 4000 })
  description!: string;

  @Column({ type: 'varchar', length: 16 })
  severity!: RuptureSeverity;

  @Column({ type: 'varchar', length: 24 })
  kind!: RuptureKind;

  /** Normalised tags; GIN-indexed by hand in the migration (TypeORM cannot say `USING gin`). */
  @Index('ruptures_themes_idx', { synchronize: false })
  @Column({ type: 'varchar', length: 40, array: true, default: () => `'{}'` })
  themes!: string[];

  /** The session of the same couple where it came up. */
  @Index('ruptures_session_idx')
  @Column({ type: 'uuid', nullable: true })
  sessionId!: string | null;

  @ManyToOne(() => TherapySession, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: TherapySession;

  @Column({ type: 'varchar', length: 16, default: 'reported' })
  stage!: RepairStage;

  @Column({ type: 'timestamptz', nullable: true })
  recognizedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  initiatedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** The most recent earlier rupture of the couple sharing a theme: "the same argument again". */
  @Column({ type: 'uuid', nullable: true })
  recurrenceOfId!: string | null;

  @ManyToOne(() => Rupture, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recurrence_of_id' })
  recurrenceOf?: Rupture;

  /** Which of `themes` had been seen in an earlier rupture of the couple. */
  @Column({ type: 'varchar', length: 40, array: true, default: () => `'{}'` })
  recurringThemes!: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
