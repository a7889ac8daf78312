import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../users/user.entity';

export const CLIENT_STATUSES = ['active', 'inactive', 'discharged'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export const PROVINCES = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'] as const;
export type Province = (typeof PROVINCES)[number];

export class Address {
  @Column({ type: 'varchar', length: 200, nullable: true })
  line1!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  line2!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  city!: string | null;

  @Column({ type: 'varchar', length: 2, default: 'ON' })
  province!: Province;

  /** Canadian, stored as "A1A 1A1". */
  @Column({ type: 'varchar', length: 7, nullable: true })
  postalCode!: string | null;
}

export class EmergencyContact {
  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  relationship!: string | null;
}

/** A person in care. Every field here is personal health information under PHIPA. */
@Entity('clients')
@Check('clients_status_check', `"status" IN ('active', 'inactive', 'discharged')`)
@Index('clients_therapist_name_idx', ['primaryTherapistId', 'legalName', 'id'])
@Index('clients_name_idx', ['legalName', 'id'])
@Index('clients_name_trgm_idx', { synchronize: false })
export class Client {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  legalName!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  preferredName!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  pronouns!: string | null;

  @Column({ type: 'date' })
  dateOfBirth!: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /** E.164. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  phone!: string | null;

  @Column(() => Address)
  address!: Address;

  @Column(() => EmergencyContact)
  emergencyContact!: EmergencyContact;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: ClientStatus;

  @Column('uuid')
  primaryTherapistId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'primary_therapist_id' })
  primaryTherapist?: User;

  /** The client's own portal account, once an invitation is accepted. */
  @Index('clients_portal_user_key', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  portalUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'portal_user_id' })
  portalUser?: User;

  /** Hidden from default lists; nothing clinical is deleted. */
  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  /** Set when identifying details were erased after the retention period; the record is read-only from then on. */
  @Column({ type: 'timestamptz', nullable: true })
  purgedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
