import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Client } from '../clients/client.entity';
import { User } from '../users/user.entity';
import { RepairAttempt } from './repair-attempt.entity';

/** A partner's own answer to "do you feel repaired?" on one attempt; once per partner and attempt. */
@Entity('repair_confirmations')
@Index('repair_confirmations_once_key', ['attemptId', 'clientId'], { unique: true })
export class RepairConfirmation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  attemptId!: string;

  @ManyToOne(() => RepairAttempt, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'attempt_id' })
  attempt?: RepairAttempt;

  /** The partner whose feeling this is; always the caller. */
  @Column('uuid')
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id' })
  client?: Client;

  @Column('uuid')
  confirmedByUserId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'confirmed_by_user_id' })
  confirmedByUser?: User;

  @Column('boolean')
  feelsRepaired!: boolean;

  /** PHI. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  comment!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  confirmedAt!: Date;
}
