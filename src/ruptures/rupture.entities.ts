// The rupture-and-repair record's tables, registered together in src/database/entities.ts.
export { RepairAttempt } from './repair-attempt.entity';
export { RepairConfirmation } from './repair-confirmation.entity';
export { Rupture } from './rupture.entity';
export { RuptureRecognition } from './rupture-recognition.entity';
export { RuptureTransition } from './rupture-transition.entity';
