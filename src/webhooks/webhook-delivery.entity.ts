import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { Webhook } from './webhook.entity';

/**
 * One outbox `webhook` message for one subscribed webhook: delivered and retried on its own, so a
 * failing receiver never holds back or repeats the others.
 */
@Entity('webhook_deliveries')
@Unique('webhook_deliveries_message_webhook_key', ['messageId', 'webhookId'])
@Index('webhook_deliveries_due_idx', ['availableAt'], { where: '"delivered_at" IS NULL AND "failed_at" IS NULL' })
@Index('webhook_deliveries_webhook_idx', ['webhookId'])
@Index('webhook_deliveries_failed_idx', ['failedAt', 'id'], { where: '"failed_at" IS NOT NULL' })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  messageId!: string;

  @ManyToOne(() => OutboxMessage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message?: OutboxMessage;

  @Column('uuid')
  webhookId!: string;

  @ManyToOne(() => Webhook, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id' })
  webhook?: Webhook;

  @Column({ type: 'varchar', length: 64 })
  event!: string;

  /** When the change happened (the outbox message's creation). */
  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  /** Ids and times only: copied through a whitelist. */
  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt!: Date;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  /** Set when retries are exhausted: a dead letter until an admin retries it. */
  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  /** HTTP status of the last answer, when there was one. */
  @Column({ type: 'smallint', nullable: true })
  lastStatus!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;
}
