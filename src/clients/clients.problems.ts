import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of clients; docs/problems.md lists them. */
export const CLIENT_PROBLEMS = declareProblems('clients', {
  'retention-period': { status: 409, meaning: 'a purge inside the retention period; `purgeableFrom` says when it becomes possible' },
  'record-purged': { status: 409, meaning: 'the client record was purged; it is kept read-only' },
  'record-archived': { status: 409, meaning: 'the client record is archived: it stays readable, but takes no portal invitation' },
  'client-email-missing': { status: 422, meaning: 'a portal invitation needs an email on the client record' },
});
