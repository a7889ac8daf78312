import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OutcomeAssignment } from './outcome-assignment.entity';

/** That the partners were told an occasion of an assignment is waiting: once per occasion. */
@Entity('outcome_notices')
export class OutcomeNotice {
  @PrimaryColumn('uuid')
  assignmentId!: string;

  @ManyToOne(() => OutcomeAssignment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: OutcomeAssignment;

  @PrimaryColumn('int')
  occasion!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  sentAt!: Date;
}
