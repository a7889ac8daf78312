import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One claimed `Idempotency-Key`: the first request's fingerprint and, once it succeeded, its answer
 * (never a secret), replayed to retries until `expires_at`. The primary key (scope, key) makes the
 * claim atomic; `claim_id` says which attempt holds it, so an attempt whose lease was taken over
 * cannot also commit.
 */
@Entity('idempotency_keys')
@Check('idempotency_keys_state_check', `"state" IN ('in_progress', 'done')`)
@Index('idempotency_keys_expires_idx', ['expiresAt'])
export class IdempotencyKey {
  /** Who may replay it: `user:<id>`, `key:<api key id>`, or `public:<hash of the address>`. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  scope!: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  /** SHA-256 of the operation (method and path) and the canonical request body. */
  @Column({ type: 'bytea' })
  requestHash!: Buffer;

  @Column({ type: 'varchar', length: 16 })
  state!: 'in_progress' | 'done';

  /** The attempt holding the key while it is in progress. */
  @Column({ type: 'uuid', nullable: true })
  claimId!: string | null;

  @Column({ type: 'smallint', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody!: Record<string, unknown> | null;

  /** When the current claim was taken: its lease runs from here. */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
