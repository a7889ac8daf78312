import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Client } from '../clients/client.entity';
import { Couple } from '../couples/couple.entity';
import { User } from '../users/user.entity';
import { InstrumentCode } from './instruments';
import { OutcomeAssignment } from './outcome-assignment.entity';

/**
 * One partner's answers to one occasion of an assignment, scored by the server: a ledger row,
 * never changed (a trigger refuses UPDATE and DELETE). A correction is a new row naming the one it
 * corrects (`corrects_id`), which is kept; each response is corrected at most once, so corrections
 * form a chain and the latest of it counts.
 */
@Entity('outcome_responses')
@Check('outcome_responses_instrument_check', `"instrument" IN ('csi-4', 'csi-16')`)
@Check('outcome_responses_occasion_check', `"occasion" >= 0`)
@Check('outcome_responses_total_check', `"total" BETWEEN 0 AND 81`)
@Index('outcome_responses_once_key', ['assignmentId', 'clientId', 'occasion'], { unique: true, where: '"corrects_id" IS NULL' })
@Index('outcome_responses_corrects_key', ['correctsId'], { unique: true })
@Index('outcome_responses_couple_idx', ['coupleId', 'answeredAt'])
export class OutcomeResponse {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  assignmentId!: string;

  @ManyToOne(() => OutcomeAssignment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: OutcomeAssignment;

  /** The assignment's couple, kept beside it for the couple's series. */
  @Column('uuid')
  coupleId!: string;

  @ManyToOne(() => Couple, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'couple_id' })
  couple?: Couple;

  /** The partner who answered, for themself; always the caller. */
  @Column('uuid')
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id' })
  client?: Client;

  @Column('uuid')
  answeredByUserId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'answered_by_user_id' })
  answeredBy?: User;

  @Column({ type: 'varchar', length: 16 })
  instrument!: InstrumentCode;

  /** The instrument's version the answers were given on. */
  @Column('int')
  instrumentVersion!: number;

  @Column('int')
  occasion!: number;

  /** PHI: item number → position of the chosen option. */
  @Column('jsonb')
  answers!: Record<string, number>;

  @Column('int')
  total!: number;

  @Column('boolean')
  belowCutoff!: boolean;

  @Column({ type: 'uuid', nullable: true })
  correctsId!: string | null;

  @ManyToOne(() => OutcomeResponse, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrects_id' })
  corrects?: OutcomeResponse;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  answeredAt!: Date;
}
