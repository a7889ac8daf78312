import { HttpStatus } from '@nestjs/common';
import { ACCOUNT_PROBLEMS } from '../../auth/auth.problems';
import { BILLING_PROBLEMS } from '../../billing/billing.problems';
import { BUSY_TIME_PROBLEMS } from '../../busy-time/busy-time.problems';
import { CLIENT_PROBLEMS } from '../../clients/clients.problems';
import { CLINICAL_NOTE_PROBLEMS } from '../../clinical-notes/clinical-notes.problems';
import { COUPLE_PROBLEMS } from '../../couples/couples.problems';
import { RUPTURE_PROBLEMS } from '../../ruptures/ruptures.problems';
import { SESSION_PROBLEMS } from '../../therapy-sessions/therapy-sessions.problems';
import { Problem } from './problem';

/**
 * Constraints whose violation has a specific meaning for the caller. The database enforces the
 * rule; this table only words the answer. Names never leave the process.
 */
const CONSTRAINT_PROBLEMS: Record<string, () => Problem> = {
  couple_memberships_one_active: () =>
    new Problem(HttpStatus.CONFLICT, COUPLE_PROBLEMS['partner-in-active-couple'], 'Conflict', 'A partner already belongs to another active couple; end that couple first.'),
  couples_distinct_partners_check: () =>
    new Problem(HttpStatus.UNPROCESSABLE_ENTITY, COUPLE_PROBLEMS['same-partner'], 'Unprocessable request', 'A couple is two different clients.'),
  busy_times_no_overlap: () =>
    new Problem(HttpStatus.CONFLICT, BUSY_TIME_PROBLEMS['therapist-busy'], 'Conflict', 'The therapist is already booked at this time.'),
  therapy_sessions_during_check: () =>
    new Problem(HttpStatus.UNPROCESSABLE_ENTITY, SESSION_PROBLEMS['session-time'], 'Unprocessable request', 'A session ends after it starts and lasts at most 4 hours.'),
  therapy_sessions_modality_check: () =>
    new Problem(HttpStatus.UNPROCESSABLE_ENTITY, SESSION_PROBLEMS['session-place'], 'Unprocessable request', 'An in-person session needs a place, an online session an https video link, not both.'),
  clinical_notes_session_version_key: () =>
    new Problem(HttpStatus.CONFLICT, CLINICAL_NOTE_PROBLEMS['clinical-note-version-stale'], 'Conflict', 'The note changed at the same time; read it again and correct the current version.'),
  repair_attempts_one_open: () =>
    new Problem(HttpStatus.CONFLICT, RUPTURE_PROBLEMS['repair-attempt-open'], 'Conflict', 'A repair attempt is already open; confirm or close it first.'),
  repair_confirmations_once_key: () =>
    new Problem(HttpStatus.CONFLICT, RUPTURE_PROBLEMS['already-confirmed'], 'Conflict', 'You have already said how you feel about this repair attempt.'),
  rupture_recognitions_once_key: () => new Problem(HttpStatus.CONFLICT, RUPTURE_PROBLEMS['already-recognized'], 'Conflict', 'You have already recognised this rupture.'),
  clients_purged_read_only: () =>
    new Problem(HttpStatus.CONFLICT, CLIENT_PROBLEMS['record-purged'], 'Conflict', 'This client record was purged; it is kept read-only and can no longer change.'),
  invoices_issued_immutable: () =>
    new Problem(HttpStatus.CONFLICT, BILLING_PROBLEMS['invoice-immutable'], 'Conflict', 'An issued invoice never changes; correct it with a credit note.'),
  invoices_void_unpaid: () =>
    new Problem(HttpStatus.CONFLICT, BILLING_PROBLEMS['invoice-paid'], 'Conflict', 'A payment is applied to the invoice; correct it with a credit note.'),
  billing_line_within_total: () =>
    new Problem(HttpStatus.CONFLICT, BILLING_PROBLEMS['credit-exceeds-line'], 'Conflict', 'An invoice line would be credited or paid beyond its total.'),
  service_types_code_key: () => new Problem(HttpStatus.CONFLICT, BILLING_PROBLEMS['service-type-code-taken'], 'Conflict', 'Another service type has this code.'),
  service_prices_type_from_key: () =>
    new Problem(HttpStatus.CONFLICT, BILLING_PROBLEMS['price-date-taken'], 'Conflict', 'The service type already has a price from this date.'),
  users_email_key: () => new Problem(HttpStatus.CONFLICT, ACCOUNT_PROBLEMS['email-taken'], 'Conflict', 'An account with this email already exists.'),
};

export function problemForConstraint(constraint: string | undefined): Problem | undefined {
  return constraint ? CONSTRAINT_PROBLEMS[constraint]?.() : undefined;
}

/** The answer to any change of a purged client record or of its erased portal account; the database refuses it too. */
export const recordPurged = (): Problem => problemForConstraint('clients_purged_read_only') as Problem;
