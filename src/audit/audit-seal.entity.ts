import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One batch of audit events sealed into the hash chain: its hash covers the previous seal's hash,
 * the range `first_seq`..`last_seq` and the hash of every event in it, in seq order. Append-only in
 * the database, like the events; written by the AuditSealer.
 */
@Entity('audit_seals')
@Check('audit_seals_range_check', '"first_seq" <= "last_seq"')
@Index('audit_seals_first_seq_key', { synchronize: false })
export class AuditSeal {
  /** The last number the seal covers (an event of the seal). */
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_audit_seals_last_seq' })
  lastSeq!: string;

  /** One past the previous seal's last number. */
  @Column({ type: 'bigint' })
  firstSeq!: string;

  /** Events in the range when it was sealed. */
  @Column({ type: 'integer' })
  events!: number;

  @Column({ type: 'bytea', nullable: true })
  prevHash!: Buffer | null;

  @Column({ type: 'bytea' })
  hash!: Buffer;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  sealedAt!: Date;
}
