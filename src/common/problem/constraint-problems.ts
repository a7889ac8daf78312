import { HttpStatus } from '@nestjs/common';
import { Problem } from './problem';

/**
 * Constraints whose violation has a specific meaning for the caller. The database enforces the
 * rule; this table only words the answer. Names never leave the process.
 */
const CONSTRAINT_PROBLEMS: Record<string, () => Problem> = {
  couple_memberships_one_active: () =>
    new Problem(HttpStatus.CONFLICT, 'partner-in-active-couple', 'Conflict', 'A partner already belongs to another active couple; end that couple first.'),
  couples_distinct_partners_check: () =>
    new Problem(HttpStatus.UNPROCESSABLE_ENTITY, 'same-partner', 'Unprocessable request', 'A couple is two different clients.'),
  users_email_key: () => new Problem(HttpStatus.CONFLICT, 'email-taken', 'Conflict', 'An account with this email already exists.'),
};

export function problemForConstraint(constraint: string | undefined): Problem | undefined {
  return constraint ? CONSTRAINT_PROBLEMS[constraint]?.() : undefined;
}
