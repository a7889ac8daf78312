import { Check, Column, CreateDateColumn, Entity, Exclusion, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

export const BUSY_TIME_KINDS = ['session', 'connection_call', 'time_off'] as const;
export type BusyTimeKind = (typeof BUSY_TIME_KINDS)[number];

/**
 * Everything that occupies a therapist: sessions, connection calls and time off share this one
 * table so a single exclusion constraint keeps a therapist in one place at a time. Cancelling
 * releases the time (`released_at`); the row stays for the record. The exclusion's gist index
 * also serves lookups by therapist.
 */
@Entity('busy_times')
@Check('busy_times_kind_check', `"kind" IN ('session', 'connection_call', 'time_off')`)
@Check('busy_times_during_check', `NOT isempty("during") AND NOT lower_inf("during") AND NOT upper_inf("during") AND lower_inc("during") AND NOT upper_inc("during")`)
@Exclusion('busy_times_no_overlap', `USING gist ("therapist_id" WITH =, "during" WITH &&) WHERE ("released_at" IS NULL)`)
export class BusyTime {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  therapistId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'therapist_id' })
  therapist?: User;

  /** `[start, end)`: back-to-back bookings touch without overlapping. */
  @Column({ type: 'tstzrange' })
  during!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: BusyTimeKind;

  @Column({ type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
