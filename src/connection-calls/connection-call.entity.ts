import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BusyTime } from '../busy-time/busy-time.entity';
import { Client } from '../clients/client.entity';
import { User } from '../users/user.entity';

export const CALL_MODALITIES = ['phone', 'video', 'in_person'] as const;
export type CallModality = (typeof CALL_MODALITIES)[number];

export const CALL_STATUSES = ['booked', 'cancelled', 'completed', 'no_show'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/**
 * A free introductory call booked publicly by a prospective client. Personal (name, email,
 * phone, message) but not clinical. The therapist's time is held by `busy_times`; the times here
 * mirror it for lists and filters.
 */
@Entity('connection_calls')
@Check('connection_calls_modality_check', `"modality" IN ('phone', 'video', 'in_person')`)
@Check('connection_calls_status_check', `"status" IN ('booked', 'cancelled', 'completed', 'no_show')`)
@Check('connection_calls_order_check', `"ends_at" > "starts_at"`)
@Index('connection_calls_therapist_start_idx', ['therapistId', 'startsAt', 'id'])
@Index('connection_calls_start_idx', ['startsAt', 'id'])
@Index('connection_calls_email_start_idx', ['email', 'startsAt'])
// Who booked least recently takes a booking: the latest booking per therapist, read from the index's end.
@Index('connection_calls_therapist_created_idx', ['therapistId', 'createdAt'])
export class ConnectionCall {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  therapistId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'therapist_id' })
  therapist?: User;

  /** The reservation that keeps the therapist's time; moved in place on reschedule. Unique by the one-to-one relation. */
  @Column('uuid')
  busyTimeId!: string;

  @OneToOne(() => BusyTime, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'busy_time_id' })
  busyTime?: BusyTime;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  modality!: CallModality;

  @Column({ type: 'varchar', length: 16, default: 'booked' })
  status!: CallStatus;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Lower case, so the per-email limits count one person once. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** E.164. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  phone!: string | null;

  /** What the person wrote when booking; never sent in webhooks. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  message!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  staffNotes!: string | null;

  /** SHA-256 of the manage-link token; the token itself is shown once. */
  @Index('connection_calls_manage_token_key', { unique: true })
  @Column({ type: 'bytea' })
  manageTokenHash!: Buffer;

  /** The API key that booked it, when an integration did. */
  @Column({ type: 'uuid', nullable: true })
  bookedByKeyId!: string | null;

  /** SHA-256 of who asked (source address or key): per-email caps count per requester. */
  @Column({ type: 'bytea', nullable: true })
  requesterHash!: Buffer | null;

  /** The client record made from this call, once converted. */
  @Index('connection_calls_client_key', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  clientId!: string | null;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id' })
  client?: Client;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
