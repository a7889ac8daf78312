/**
 * When an assigned questionnaire falls due. Every assignment is due at intake (occasion 0, when it
 * is assigned); a repeating one falls due again every N completed sessions of the couple or every
 * N weeks. Each partner answers each occasion once (a correction is a new response to the same
 * occasion). Pure: the caller passes the clock's `now` and the count of sessions completed.
 */

export const SCHEDULE_KINDS = ['once', 'sessions', 'weeks'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export interface OutcomeSchedule {
  kind: ScheduleKind;
  /** N for `sessions` and `weeks`; null for `once`. */
  every: number | null;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The occasion the assignment is at: 0 from intake, then one more per N sessions or N weeks. */
export function currentOccasion(schedule: OutcomeSchedule, assignedAt: Date, now: Date, completedSessionsSinceAssigned: number): number {
  if (schedule.kind === 'once' || !schedule.every) return 0;
  if (schedule.kind === 'sessions') return Math.floor(Math.max(0, completedSessionsSinceAssigned) / schedule.every);
  return Math.floor(Math.max(0, now.getTime() - assignedAt.getTime()) / (schedule.every * WEEK_MS));
}

/** Whether a partner has a questionnaire waiting: the current occasion is not yet answered by them. */
export function isDue(occasion: number, answeredOccasions: readonly number[]): boolean {
  return !answeredOccasions.includes(occasion);
}
