import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { User } from './user.entity';

/** What the public and clients see of a therapist; no PHI. */
@Entity('therapist_profiles')
export class TherapistProfile {
  @PrimaryColumn('uuid')
  userId!: string;

  @OneToOne(() => User, (u) => u.therapistProfile, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** e.g. "RP" (Registered Psychotherapist), "RP (Qualifying)". */
  @Column({ type: 'varchar', length: 100 })
  credentials!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  crpoNumber!: string | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  languages!: string[];

  @Column({ type: 'varchar', length: 2000, default: '' })
  bio!: string;

  @Column({ type: 'boolean', default: false })
  takesConnectionCalls!: boolean;
}
