import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BusyTime } from '../busy-time/busy-time.entity';
import { User } from '../users/user.entity';

/** A therapist's time away (holiday, training): held in `busy_times` so nothing is booked over it. */
@Entity('time_off')
@Check('time_off_order_check', `"ends_at" > "starts_at"`)
@Index('time_off_therapist_start_idx', ['therapistId', 'startsAt', 'id'])
export class TimeOff {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  therapistId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'therapist_id' })
  therapist?: User;

  /** The reservation of this time. Unique by the one-to-one relation. */
  @Column('uuid')
  busyTimeId!: string;

  @OneToOne(() => BusyTime, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'busy_time_id' })
  busyTime?: BusyTime;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  /** Staff-facing only; never shown publicly. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reason!: string | null;

  /** Who entered it: the therapist or an admin. */
  @Column({ type: 'uuid' })
  createdBy!: string;

  /** Set when withdrawn; the row stays as history. */
  @Column({ type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
