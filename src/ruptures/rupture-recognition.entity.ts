import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Client } from '../clients/client.entity';
import { User } from '../users/user.entity';
import { Rupture, RuptureActorRole } from './rupture.entity';

/** "Something happened between us, and I want to understand it": each person says it at most once. */
@Entity('rupture_recognitions')
@Check('rupture_recognitions_role_check', `("role" = 'client') = ("client_id" IS NOT NULL) AND "role" IN ('client', 'therapist')`)
@Index('rupture_recognitions_once_key', ['ruptureId', 'recognizedByUserId'], { unique: true })
export class RuptureRecognition {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  ruptureId!: string;

  @ManyToOne(() => Rupture, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rupture_id' })
  rupture?: Rupture;

  @Column('uuid')
  recognizedByUserId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recognized_by_user_id' })
  recognizedByUser?: User;

  @Column({ type: 'varchar', length: 16 })
  role!: RuptureActorRole;

  /** The partner who recognised it; null for the therapist. */
  @Column({ type: 'uuid', nullable: true })
  clientId!: string | null;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id' })
  client?: Client;

  /** PHI. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  statement!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recognizedAt!: Date;
}
