import { declareProblems } from './problem-codes';

/** Codes any operation may answer with, and those the database's own rules raise. */
export const COMMON_PROBLEMS = declareProblems('common', {
  validation: { status: 400, meaning: 'a field is missing, malformed, unknown, or a cursor is not one this API issued' },
  unauthorized: { status: 401, meaning: 'no valid credentials' },
  forbidden: { status: 403, meaning: "the caller's role may never use this operation" },
  'not-found': { status: 404, meaning: "no such record within the caller's reach (the same answer whether it exists or not)" },
  duplicate: { status: 409, meaning: 'a unique value is already taken' },
  overlap: { status: 409, meaning: 'a time overlaps another booking' },
  reference: { status: 409, meaning: 'the change would break a reference between records' },
  'concurrent-change': {
    status: 409,
    meaning: 'another change won a race (a write aborted as a deadlock or serialization failure); retry. A read aborted that way is retried once, then 503',
  },
  constraint: { status: 422, meaning: 'values break a rule of the record' },
  'rate-limited': { status: 429, meaning: 'too many requests; `Retry-After` says when to retry' },
  unavailable: { status: 503, meaning: 'the database did not answer; nothing was decided and the same request may be sent again after `Retry-After`' },
});
