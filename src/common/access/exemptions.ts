/**
 * Statements on tables of personal health information that do not start from a caller's scope,
 * each with the reason that is safe. A statement names its exemption (`statement(text, p, 'worker')`);
 * the query catalogue test fails on a statement of such a table with neither a scope nor an exemption.
 * docs/architecture.md lists these.
 */
export const EXEMPTIONS = {
  /** Background work with no caller: outbox delivery, sweeps, the audit sealer. It never answers a request. */
  worker: 'background work with no caller (delivery, sweeps); never answers a request',
  /**
   * A write or read that follows, in the same transaction, a scoped statement that found and
   * locked the record it depends on (e.g. the attempts of a rupture already read in scope).
   */
  'after-scoped-check': 'follows a scoped statement in the same transaction that found and locked the record',
  /** The caller proves possession of a secret (a manage-link, invitation or reset token) whose hash selects the one row. */
  'bearer-token': 'the row is selected by the hash of a secret the caller holds',
  /** Admin-only routes over de-identified aggregates, with small counts suppressed. */
  'de-identified-report': 'admin-only aggregate over whole periods, small counts suppressed',
  /** The audit trail itself: appending events and verifying the chain (admin-only reads). */
  'audit-trail': 'the append-only audit log: appending events, admin-only reads and verification',
  /** Retention and purge: admin-only, after the record was read in the admin's scope. */
  retention: 'admin-only erasure after the retention period, of a record already found',
  /** A public booking of a connection call: the caller's own new call, and counts of calls to choose a therapist and cap open bookings. */
  'public-booking': "the caller's own new connection call (written, or its link re-issued on a replay) and counts of calls, never their rows",
  /** Records: a new client on a caseload the service checked the caller may add to (an active therapist's, their own for a therapist). */
  'new-record': 'inserts a new record on a caseload the caller may add to; reads no existing record',
  /** Records: who accessed a client's record, read only after the client was found in the caller's scope. */
  'access-log': "a client's access log, read after the client was found in the caller's scope; staff names only",
  /** A message written into the outbox in the transaction of the change it reports; only the delivery worker reads it. */
  'outbox-write': 'writes a message in the transaction of the change it reports; only the delivery worker reads it',
  /** Admin-only: the deliveries that gave up (dead letters), listed and sent again; never a body, a name or a link. */
  'delivery-admin': 'admin-only dead letters: ids, channel, event, a masked recipient or webhook id, attempts, errors; never a body',
} as const;

export type Exemption = keyof typeof EXEMPTIONS;

/**
 * Tables that hold personal health information, or say that someone is in care: every statement
 * on them starts from a caller's AccessScope or names an exemption above.
 */
export const PHI_TABLES: ReadonlySet<string> = new Set([
  'clients',
  'couples',
  'couple_memberships',
  'consents',
  'therapy_sessions',
  'clinical_notes',
  'clinical_note_versions',
  'ruptures',
  'rupture_recognitions',
  'rupture_transitions',
  'repair_attempts',
  'repair_confirmations',
  'connection_calls',
  'invitations',
  'audit_events',
  'outbox_messages',
  'webhook_deliveries',
  'client_birth_date_corrections',
  'outcome_assignments',
  'outcome_responses',
  'outcome_notices',
  // Billing: an invoice or a payment says that someone is in therapy.
  'invoices',
  'invoice_lines',
  'credit_notes',
  'credit_note_lines',
  'payments',
  'payment_allocations',
]);
