import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of receipts; docs/problems.md lists them. */
export const RECEIPT_PROBLEMS = declareProblems('receipts', {
  'therapist-registration-missing': {
    status: 409,
    meaning: 'a service on the receipt was provided by a therapist whose profile has no CRPO registration number, which an insurance receipt must carry; `therapistIds` lists whose',
  },
});
