import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of therapy-sessions; docs/problems.md lists them. */
export const SESSION_PROBLEMS = declareProblems('therapy-sessions', {
  'invalid-session-transition': { status: 409, meaning: 'the session\'s status does not allow the change; `allowed` lists what does (docs/scheduling.md)' },
  'session-not-started': { status: 409, meaning: 'the session has not started yet, so it cannot be completed or marked a no-show' },
  'session-time': { status: 422, meaning: 'a session ends after it starts and lasts at most 4 hours' },
  'session-place': { status: 422, meaning: 'an in-person session needs a place, an online session an https video link, not both' },
  'not-on-caseload': { status: 422, meaning: 'the client or couple is not on the therapist\'s caseload, or a client of it is archived' },
  'not-a-participant': { status: 422, meaning: 'the person named does not attend the session' },
});
