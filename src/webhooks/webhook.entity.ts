import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * An integration's endpoint and the events it wants. Its signing secret is never stored: it is
 * derived from `secret_seed` with WEBHOOK_SECRET_KEY, so a copy of the database alone cannot sign.
 */
@Entity('webhooks')
@Index('webhooks_list_idx', ['createdAt', 'id'], { where: '"deleted_at" IS NULL' })
export class Webhook {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  @Column({ type: 'text', array: true })
  events!: string[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  description!: string | null;

  @Column({ type: 'bytea' })
  secretSeed!: Buffer;

  @Column('uuid')
  createdBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by' })
  creator?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Deleted webhooks stay for the delivery history; nothing is sent to them any more. */
  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
