import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message to deliver (an email, a webhook call), written in the same transaction as the change
 * it reports, so a change and its messages commit or vanish together. Workers in any number of
 * API processes claim due messages with `FOR UPDATE SKIP LOCKED` and deliver each once. An email
 * is delivered as this row; a webhook message fans out to one `webhook_deliveries` row per subscriber.
 */
@Entity('outbox_messages')
@Index('outbox_messages_due_idx', ['availableAt'], { where: '"delivered_at" IS NULL AND "failed_at" IS NULL AND "withdrawn_at" IS NULL' })
@Index('outbox_messages_idempotency_key', ['idempotencyKey'], { unique: true, where: '"idempotency_key" IS NOT NULL' })
@Index('outbox_messages_failed_idx', ['failedAt', 'id'], { where: '"failed_at" IS NOT NULL' })
@Index('outbox_messages_pending_subject_idx', ['subjectId'], { where: '"subject_id" IS NOT NULL AND "delivered_at" IS NULL AND "failed_at" IS NULL AND "withdrawn_at" IS NULL' })
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

  /** Set when retries are exhausted: the message is a dead letter until an admin retries it. */
  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  /** Set when a bearer link was removed from the payload (delivered, given up, withdrawn): it cannot be sent again. */
  @Column({ type: 'timestamptz', nullable: true })
  linkRemovedAt!: Date | null;

  /** The same key twice is one message: the second write is ignored (a reminder is planned once). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  /** The record the message is about (a session, a call), so a change to it can withdraw what is pending. */
  @Column({ type: 'uuid', nullable: true })
  subjectId!: string | null;

  /** Not after this instant: a message still pending then is withdrawn, never sent late (a reminder after its session). */
  @Column({ type: 'timestamptz', nullable: true })
  notAfter!: Date | null;

  /** Set when the message will not be delivered: its subject changed, or it outlived `notAfter`. */
  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  /** Short reason of the last failure or of the withdrawal; never message content. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;
}
