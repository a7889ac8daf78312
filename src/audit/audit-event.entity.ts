import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One access to personal health information. Append-only in the database (a trigger refuses
 * UPDATE, DELETE and TRUNCATE). The insert trigger sets `seq` (from a sequence), `occurredAt` and
 * `hash` (over the event's own fields) without any lock; the AuditSealer later chains committed
 * events into `audit_seals`. `prevHash` links only the events recorded before seals existed.
 */
@Entity('audit_events')
@Index('audit_events_client_ids_idx', { synchronize: false })
export class AuditEvent {
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Index('audit_events_occurred_at_idx')
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  /** `user`, `apiKey` or `anonymous`. */
  @Column({ type: 'varchar', length: 16 })
  actorKind!: string;

  @Index('audit_events_actor_idx')
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  actorRole!: string | null;

  @Index('audit_events_action_idx')
  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ type: 'varchar', length: 40 })
  resourceType!: string;

  @Column({ type: 'uuid', nullable: true })
  resourceId!: string | null;

  /** Whose information it was. */
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  clientIds!: string[];

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @Column({ type: 'inet', nullable: true })
  sourceAddress!: string | null;

  @Column({ type: 'bytea', nullable: true })
  prevHash!: Buffer | null;

  @Column({ type: 'bytea' })
  hash!: Buffer;
}
