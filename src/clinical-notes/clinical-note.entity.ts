import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TherapySession } from '../therapy-sessions/therapy-session.entity';
import { User } from '../users/user.entity';

export const MAX_NOTE_LENGTH = 20_000;

/**
 * One version of a session's clinical note. Versions are never changed or deleted (a trigger
 * refuses it): a correction is a new version naming the version it corrects and why, so the
 * original stays readable (CRPO record keeping). The highest version is the current text.
 */
@Entity('clinical_notes')
@Index('clinical_notes_session_version_key', ['sessionId', 'version'], { unique: true })
@Check('clinical_notes_text_check', `char_length("text") BETWEEN 1 AND ${MAX_NOTE_LENGTH}`)
@Check(
  'clinical_notes_correction_check',
  `("version" = 1 AND "corrects_version" IS NULL AND "reason" IS NULL) OR ("version" > 1 AND "corrects_version" BETWEEN 1 AND "version" - 1 AND "reason" IS NOT NULL)`,
)
export class ClinicalNote {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  sessionId!: string;

  @ManyToOne(() => TherapySession, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: TherapySession;

  /** 1 for the original, then 2, 3… for corrections. */
  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  text!: string;

  /** The version this one corrects (null for the original). */
  @Column({ type: 'int', nullable: true })
  correctsVersion!: number | null;

  /** Why the correction was made. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @Column('uuid')
  authorId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  writtenAt!: Date;
}
