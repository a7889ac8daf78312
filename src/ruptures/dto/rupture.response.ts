import { ApiProperty } from '@nestjs/swagger';
import { MAX_THEME_LENGTH } from '../rupture-themes';
import { ATTEMPT_STATUSES, AttemptStatus, REPAIR_STAGES, RepairStage, TRANSITION_EVENTS, TransitionEvent } from '../repair-stages';
import { IMAGO_STEPS, ImagoStep, REPAIR_APPROACHES, RepairApproach } from '../repair-attempt.entity';
import { RUPTURE_ACTOR_ROLES, RUPTURE_KINDS, RUPTURE_SEVERITIES, RuptureActorRole, RuptureKind, RuptureSeverity } from '../rupture.entity';

/** A person acting on a rupture, by role and name only: internal ids stay internal. */
export class RupturePersonResponse {
  @ApiProperty({ enum: RUPTURE_ACTOR_ROLES, enumName: 'RuptureActorRole', example: 'client' })
  role!: RuptureActorRole;
  /** A partner's preferred (or legal) name; the therapist's name. @example "Alex" */
  @ApiProperty({ maxLength: 200 })
  name!: string;
  /** Whether this is the person reading. @example true */
  isYou!: boolean;
}

export class RuptureResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  coupleId!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-03T12:45:00.000Z' })
  occurredAt!: Date;
  reportedBy!: RupturePersonResponse;
  /** PHI. @example "I reached for their hand at breakfast and they kept scrolling." */
  @ApiProperty({ maxLength: 4000 })
  description!: string;
  @ApiProperty({ enum: RUPTURE_SEVERITIES, enumName: 'RuptureSeverity', example: 'minor' })
  severity!: RuptureSeverity;
  @ApiProperty({ enum: RUPTURE_KINDS, enumName: 'RuptureKind', example: 'missed_bid' })
  kind!: RuptureKind;
  @ApiProperty({ type: [String], maxItems: 10, example: ['money', 'morning routine'], maxLength: MAX_THEME_LENGTH })
  themes!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sessionId!: string | null;
  @ApiProperty({ enum: REPAIR_STAGES, enumName: 'RepairStage', example: 'recognized' })
  stage!: RepairStage;
  @ApiProperty({ type: Date, nullable: true })
  recognizedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  initiatedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  completedAt!: Date | null;
  /** The most recent earlier rupture of the couple that shared a theme with this one. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  recurrenceOf!: string | null;
  /** Which of `themes` had come up in an earlier rupture of the couple. */
  @ApiProperty({ type: [String], maxItems: 10, example: ['money'], maxLength: MAX_THEME_LENGTH })
  recurringThemes!: string[];
  createdAt!: Date;
  updatedAt!: Date;
}

export class RecognitionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  recognizedBy!: RupturePersonResponse;
  /** PHI. @example "Something happened between us, and I want to understand it." */
  @ApiProperty({ type: String, nullable: true, maxLength: 2000 })
  statement!: string | null;
  recognizedAt!: Date;
}

export class RepairConfirmationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** The partner whose feeling this is. */
  partner!: RupturePersonResponse;
  /** @example true */
  feelsRepaired!: boolean;
  /** PHI. @example "I felt heard this time." */
  @ApiProperty({ type: String, nullable: true, maxLength: 2000 })
  comment!: string | null;
  confirmedAt!: Date;
}

export class RepairAttemptResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** 1 for the first attempt on the rupture. @example 1 */
  sequence!: number;
  /** The partner who moved toward the other. */
  initiator!: RupturePersonResponse;
  recordedBy!: RupturePersonResponse;
  @ApiProperty({ enum: REPAIR_APPROACHES, enumName: 'RepairApproach', example: 'imago_dialogue' })
  approach!: RepairApproach;
  @ApiProperty({ enum: IMAGO_STEPS, enumName: 'ImagoStep', isArray: true, example: ['mirroring', 'validation', 'empathy'], maxItems: IMAGO_STEPS.length })
  imagoSteps!: ImagoStep[];
  @ApiProperty({ type: [String], maxItems: 10, example: [], maxLength: 500 })
  requests!: string[];
  @ApiProperty({ type: String, nullable: true, maxLength: 4000 })
  notes!: string | null;
  /** open until both partners confirm it (completed) or one says "not yet" (incomplete). */
  @ApiProperty({ enum: ATTEMPT_STATUSES, enumName: 'RepairAttemptStatus', example: 'open' })
  status!: AttemptStatus;
  startedAt!: Date;
  @ApiProperty({ type: Date, nullable: true })
  closedAt!: Date | null;
  @ApiProperty({ type: [RepairConfirmationResponse], maxItems: 2 })
  confirmations!: RepairConfirmationResponse[];
}

export class RuptureTransitionResponse {
  @ApiProperty({ enum: TRANSITION_EVENTS, enumName: 'RuptureTransitionEvent', example: 'recognized' })
  event!: TransitionEvent;
  @ApiProperty({ enum: REPAIR_STAGES, enumName: 'RepairStage', nullable: true, example: 'reported' })
  fromStage!: RepairStage | null;
  @ApiProperty({ enum: REPAIR_STAGES, enumName: 'RepairStage', example: 'recognized' })
  toStage!: RepairStage;
  /** The attempt the transition belongs to (initiated, attempt_incomplete, completed). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  attemptId!: string | null;
  actor!: RupturePersonResponse;
  occurredAt!: Date;
}

/** One rupture with its timeline, each part in the order it happened. */
export class RuptureDetailResponse extends RuptureResponse {
  @ApiProperty({ type: [RecognitionResponse], maxItems: 3 })
  recognitions!: RecognitionResponse[];
  @ApiProperty({ type: [RepairAttemptResponse] })
  attempts!: RepairAttemptResponse[];
  @ApiProperty({ type: [RuptureTransitionResponse] })
  transitions!: RuptureTransitionResponse[];
}
