import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of users; docs/problems.md lists them. */
export const USER_PROBLEMS = declareProblems('users', {
  'unknown-therapist': { status: 422, meaning: 'no such active therapist (a primary therapist, the therapist a couple is handed to, or a bookable one for a connection call)' },
  'profile-not-allowed': { status: 422, meaning: 'only therapists have a therapist profile' },
  'self-deactivation': { status: 422, meaning: 'an admin cannot deactivate their own account' },
});
