import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of accounts; docs/problems.md lists them. */
export const ACCOUNT_PROBLEMS = declareProblems('accounts', {
  'email-taken': { status: 409, meaning: 'an account with this email already exists (accepting a portal invitation)' },
  'portal-account-exists': { status: 409, meaning: 'the client already has a portal account' },
  'invitation-used': { status: 410, meaning: 'the portal invitation link was already used' },
  'invitation-expired': { status: 410, meaning: 'the portal invitation link has expired' },
  'invitation-invalid': { status: 410, meaning: 'the portal invitation link is unknown or was replaced by a newer one' },
  'reset-used': { status: 410, meaning: 'the password-reset link was already used' },
  'reset-expired': { status: 410, meaning: 'the password-reset link has expired' },
  'reset-invalid': { status: 410, meaning: 'the password-reset link is unknown or was replaced' },
  'wrong-password': { status: 422, meaning: 'changing a password needs the current one' },
});
