import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Scope } from '../common/auth/roles';
import { User } from '../users/user.entity';

/** An integration's key: shown once, stored as its SHA-256, revoked at once. */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the key, to tell keys apart in lists. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Index('api_keys_hash_key', { unique: true })
  @Column({ type: 'bytea' })
  keyHash!: Buffer;

  @Column({ type: 'text', array: true })
  scopes!: Scope[];

  @Column('uuid')
  createdBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by' })
  creator?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
