import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message to deliver (an email, a webhook call), written in the same transaction as the change
 * it reports, so a change and its messages commit or vanish together. Workers in any number of
 * API processes claim due messages with `FOR UPDATE SKIP LOCKED` and deliver each once.
 */
@Entity('outbox_messages')
@Index('outbox_messages_due_idx', ['availableAt'], { where: '"delivered_at" IS NULL AND "failed_at" IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** What delivers it: `email` or `webhook`. */
  @Column({ type: 'varchar', length: 32 })
  channel!: string;

  /** The event it reports, e.g. `connection_call.booked`. */
  @Column({ type: 'varchar', length: 64 })
  event!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Not before this instant (retries back off by moving it). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt!: Date;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  /** Set when retries are exhausted. */
  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  /** Short reason of the last failure; never message content. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;
}
