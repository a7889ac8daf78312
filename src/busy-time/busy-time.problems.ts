import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of busy-time; docs/problems.md lists them. */
export const BUSY_TIME_PROBLEMS = declareProblems('busy-time', {
  'therapist-busy': { status: 409, meaning: 'the therapist already has a session, call or time off then; the detail names the busy time' },
});
