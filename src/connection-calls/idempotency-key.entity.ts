import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One claimed `Idempotency-Key`: the first request's body hash and, once it succeeded, its answer,
 * replayed to retries until `expires_at`. The primary key (scope, key) makes the claim atomic.
 */
@Entity('idempotency_keys')
@Check('idempotency_keys_state_check', `"state" IN ('in_progress', 'done')`)
@Index('idempotency_keys_expires_idx', ['expiresAt'])
export class IdempotencyKey {
  /** Who may replay it: `public`, or `key:<api key id>`. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  scope!: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  /** SHA-256 of the canonical request body. */
  @Column({ type: 'bytea' })
  requestHash!: Buffer;

  @Column({ type: 'varchar', length: 16 })
  state!: 'in_progress' | 'done';

  @Column({ type: 'smallint', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody!: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
