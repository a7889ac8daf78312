import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of outcome measures; docs/problems.md lists them. */
export const OUTCOME_PROBLEMS = declareProblems('outcomes', {
  'occasion-answered': { status: 409, meaning: 'this partner already answered this occasion of the questionnaire; a change is a correction naming the response it corrects' },
  'correction-not-found': { status: 422, meaning: 'a correction names one of the caller’s own responses to this assignment that has not been corrected yet' },
});
