import { Conflict } from '../common/problem/problem';
import { RUPTURE_PROBLEMS } from './ruptures.problems';

/** Repair moves forward only: recognition, then initiation, then completion felt by both partners. */
export const REPAIR_STAGES = ['reported', 'recognized', 'initiated', 'completed'] as const;
export type RepairStage = (typeof REPAIR_STAGES)[number];

/** A rupture still waiting for repair. */
export const OPEN_STAGES = ['reported', 'recognized', 'initiated'] as const satisfies readonly RepairStage[];

export const ATTEMPT_STATUSES = ['open', 'incomplete', 'completed'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** The rows of a rupture's history: one per move of its stage or close of an attempt. */
export const TRANSITION_EVENTS = ['reported', 'recognized', 'initiated', 'attempt_incomplete', 'completed'] as const;
export type TransitionEvent = (typeof TRANSITION_EVENTS)[number];

export interface Transition {
  event: TransitionEvent;
  from: RepairStage;
  to: RepairStage;
}

/** What a move does: the stage afterwards and the history row to write, if any. */
export interface Move {
  stage: RepairStage;
  transition: Transition | null;
}

export interface ConfirmationMove extends Move {
  /** The attempt's status afterwards. */
  attempt: AttemptStatus;
}

const completedRupture = () => new Conflict(RUPTURE_PROBLEMS['rupture-completed'], 'This rupture is already repaired; record a new rupture if connection broke again.');

/** A partner or the therapist acknowledges the rupture; only the first acknowledgement moves the stage. */
export function recognize(stage: RepairStage, alreadyRecognizedByCaller: boolean): Move {
  if (stage === 'completed') throw completedRupture();
  if (alreadyRecognizedByCaller) throw new Conflict(RUPTURE_PROBLEMS['already-recognized'], 'You have already recognised this rupture; each person recognises it once.');
  if (stage === 'reported') return { stage: 'recognized', transition: { event: 'recognized', from: 'reported', to: 'recognized' } };
  return { stage, transition: null };
}

/** Someone moves toward the other. Recognition comes first, and one attempt is open at a time. */
export function startAttempt(stage: RepairStage, hasOpenAttempt: boolean): Move & { transition: Transition } {
  if (stage === 'completed') throw completedRupture();
  if (stage === 'reported') throw new Conflict(RUPTURE_PROBLEMS['rupture-not-recognized'], 'Recognise the rupture before a repair attempt: the stages are not skipped.');
  if (hasOpenAttempt) throw new Conflict(RUPTURE_PROBLEMS['repair-attempt-open'], 'A repair attempt is still open; both partners confirm it, or one says "not yet", before the next.');
  return { stage: 'initiated', transition: { event: 'initiated', from: stage, to: 'initiated' } };
}

export interface ConfirmationState {
  stage: RepairStage;
  attempt: AttemptStatus;
  /** Whether the confirming partner has already answered on this attempt. */
  alreadyConfirmedByCaller: boolean;
  /** The other partner's answer on this attempt, if given. */
  otherPartnerFeelsRepaired: boolean | null;
}

/**
 * A partner says whether they feel repaired. Completion needs both partners' "yes" on the same
 * attempt; a "not yet" closes the attempt as incomplete and leaves the rupture open.
 */
export function confirm(state: ConfirmationState, feelsRepaired: boolean): ConfirmationMove {
  if (state.stage === 'completed') throw completedRupture();
  if (state.attempt !== 'open') throw new Conflict(RUPTURE_PROBLEMS['repair-attempt-closed'], 'This repair attempt is closed; confirmations go on the open attempt.');
  if (state.alreadyConfirmedByCaller) throw new Conflict(RUPTURE_PROBLEMS['already-confirmed'], 'You have already said how you feel about this attempt.');
  if (!feelsRepaired) {
    return { stage: state.stage, attempt: 'incomplete', transition: { event: 'attempt_incomplete', from: state.stage, to: state.stage } };
  }
  if (state.otherPartnerFeelsRepaired === true) {
    return { stage: 'completed', attempt: 'completed', transition: { event: 'completed', from: state.stage, to: 'completed' } };
  }
  return { stage: state.stage, attempt: 'open', transition: null };
}
