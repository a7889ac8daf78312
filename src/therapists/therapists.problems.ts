import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of therapists; docs/problems.md lists them. */
export const THERAPIST_PROBLEMS = declareProblems('therapists', {
  'window-order': { status: 422, meaning: 'an availability window ends after it starts' },
  'window-overlap': { status: 422, meaning: 'availability windows of one weekday overlap' },
  'time-off-order': { status: 422, meaning: 'time off ends after it starts' },
  'time-off-length': { status: 422, meaning: 'time off is longer than allowed' },
});
