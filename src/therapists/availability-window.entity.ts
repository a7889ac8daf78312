import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** When a therapist takes connection calls each week: wall-clock times in the clinic's zone. */
@Entity('availability_windows')
@Check('availability_windows_weekday_check', `"weekday" BETWEEN 1 AND 7`)
@Check('availability_windows_order_check', `"ends_at" > "starts_at"`)
@Index('availability_windows_therapist_idx', ['therapistId', 'weekday', 'startsAt'])
export class AvailabilityWindow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  therapistId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'therapist_id' })
  therapist?: User;

  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  @Column({ type: 'smallint' })
  weekday!: number;

  @Column({ type: 'time' })
  startsAt!: string;

  @Column({ type: 'time' })
  endsAt!: string;
}
