import { Check, Column, CreateDateColumn, Entity, Index, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../common/auth/roles';
import { TherapistProfile } from './therapist-profile.entity';

@Entity('users')
@Check('users_role_check', `"role" IN ('admin', 'therapist', 'client')`)
@Check('users_email_lowercase_check', `"email" = lower("email")`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-cased: unique regardless of case. */
  @Index('users_email_key', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ type: 'varchar', length: 200 })
  displayName!: string;

  /** argon2id; null until a portal invitation is accepted. */
  @Column({ type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @OneToOne(() => TherapistProfile, (p) => p.user)
  therapistProfile?: TherapistProfile | null;
}
