import { declareProblems } from '../problem/problem-codes';

/** The problem codes of idempotency; docs/problems.md lists them. */
export const IDEMPOTENCY_PROBLEMS = declareProblems('idempotency', {
  'idempotency-in-progress': { status: 409, meaning: 'a request with this `Idempotency-Key` is still running' },
  'idempotency-key-reused': { status: 422, meaning: 'the `Idempotency-Key` was used with another body' },
});
