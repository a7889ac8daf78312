import { queryModule } from '../database/query-module';
import { SAMPLE_ID } from '../database/query-samples';
import { statement } from '../database/statement';
import { CLIENT_COLUMNS, ClientRow } from './clients.queries';

/** CRPO: records are kept 10 years after the last contact, or 10 years after a minor turns 18. */
export const RETENTION_YEARS = 10;

/** Stands in for an erased name or email where the column may not be empty. */
const PURGED_NAME = 'Purged record';
const PURGED_EMAIL = `'purged@purged.invalid'`;

/** Every date of birth client `id` has held (corrections keep the previous ones). */
const birthDates = (id: string) => `SELECT bc.date_of_birth FROM clients bc WHERE bc.id = ${id}
  UNION ALL SELECT k.previous_date_of_birth FROM client_birth_date_corrections k WHERE k.client_id = ${id}`;

/**
 * Retention and purge of a client record: admin-only, each statement on client $1 found first by
 * `retention` (which locks it), all in the purge's transaction.
 */
export const retentionQueries = queryModule(
  'retention',
  {
    /**
     * Until when client $1 must be kept, and whether anything is still scheduled, locking the record.
     * - own records: 10 years after the last contact the database derives (creation when none);
     * - a minor: 10 years after turning 18, by the youngest date of birth the record has held;
     * - joint records: the same rule for every partner of every couple the client was in;
     * - a scheduled session (own or a couple's) or a booked call (converted into the client, or under
     *   one of the client's emails) would be contact: 10 years after its end, and no purge meanwhile.
     */
    retention(clientId: string) {
      return statement<{ purgeable_from: string; purgeable: boolean; scheduled: boolean }>(
        `SELECT to_char(greatest(r.retained_until, s.scheduled_until), 'YYYY-MM-DD') AS purgeable_from,
         s.scheduled_until IS NOT NULL AS scheduled,
         r.retained_until <= now() AND s.scheduled_until IS NULL AS purgeable
    FROM clients c,
    LATERAL (SELECT greatest(
        coalesce(client_last_contact(c.id), c.created_at) + make_interval(years => $2),
        (SELECT max(d) FROM (${birthDates('c.id')}) own(d)) + make_interval(years => 18 + $2),
        (SELECT max(d) FROM couple_memberships m
           JOIN couple_memberships o ON o.couple_id = m.couple_id AND o.client_id <> m.client_id,
           LATERAL (${birthDates('o.client_id')}) partner(d)
          WHERE m.client_id = c.id) + make_interval(years => 18 + $2)) AS retained_until) r,
    LATERAL (SELECT max(e) + make_interval(years => $2) AS scheduled_until FROM (
        SELECT upper(ts.during) FROM therapy_sessions ts
         WHERE ts.status = 'scheduled'
           AND (ts.client_id = c.id OR ts.couple_id IN (SELECT m.couple_id FROM couple_memberships m WHERE m.client_id = c.id))
        UNION ALL
        SELECT cc.ends_at FROM connection_calls cc
         WHERE cc.status = 'booked' AND (cc.client_id = c.id OR lower(cc.email) = lower(c.email))) upcoming(e)) s
   WHERE c.id = $1
     FOR UPDATE OF c`,
        [clientId, RETENTION_YEARS],
        'retention',
      );
    },

    /** The person's emails before the purge: the record's, the portal account's and the invitations'. */
    personEmails(clientId: string) {
      return statement<{ emails: string[] }>(
        `SELECT coalesce(array_agg(DISTINCT lower(e)) FILTER (WHERE e IS NOT NULL), '{}') AS emails FROM (
    SELECT c.email FROM clients c WHERE c.id = $1
    UNION ALL SELECT u.email FROM clients c JOIN users u ON u.id = c.portal_user_id WHERE c.id = $1
    UNION ALL SELECT i.email FROM invitations i WHERE i.client_id = $1) emails(e)`,
        [clientId],
        'retention',
      );
    },

    /** The record itself: identity erased, the date of birth reduced to its year, archived and marked purged. */
    eraseRecord(clientId: string) {
      return statement<ClientRow>(
        `UPDATE clients c SET legal_name = '${PURGED_NAME}', preferred_name = NULL, pronouns = NULL,
                date_of_birth = date_trunc('year', c.date_of_birth), email = NULL, phone = NULL,
                address_line1 = NULL, address_line2 = NULL, address_city = NULL, address_postal_code = NULL,
                emergency_contact_name = NULL, emergency_contact_phone = NULL, emergency_contact_relationship = NULL,
                archived_at = coalesce(c.archived_at, now()), purged_at = now(), updated_at = now()
          WHERE c.id = $1 RETURNING ${CLIENT_COLUMNS}`,
        [clientId],
        'retention',
      );
    },

    /** Connection calls of the person ($1): converted into the record, or booked under one of their emails ($2). */
    eraseBookings(clientId: string, emails: string[]) {
      return statement(
        `UPDATE connection_calls cc SET name = '${PURGED_NAME}', email = ${PURGED_EMAIL}, phone = NULL, message = NULL, staff_notes = NULL
  WHERE cc.client_id = $1 OR lower(cc.email) = ANY($2::text[])`,
        [clientId, emails],
        'retention',
      );
    },

    /** Emails to or about the person's addresses ($1), sent or not: an emptied payload is never sent (a permanent failure). */
    eraseEmails(emails: string[]) {
      return statement(
        `UPDATE outbox_messages o SET payload = '{}'::jsonb
  WHERE o.channel = 'email' AND (lower(o.payload->>'to') = ANY($1::text[]) OR lower(o.payload->>'personEmail') = ANY($1::text[]))`,
        [emails],
        'retention',
      );
    },

    /**
     * Erases client $1's identity wherever else it is stored, after the client row itself. Kept: ids
     * and links, decisions and dates (consent ledger, audit trail, bookings' times and outcomes), so
     * counts and the audit chain stay whole.
     */
    eraseIdentity(clientId: string) {
      return [
        // The portal account: no name, no email, no password; it cannot sign in, refresh or read a feed.
        `UPDATE users u SET email = 'purged-' || u.id || '@purged.invalid', display_name = '${PURGED_NAME}', password_hash = NULL,
                active = false, deactivated_at = coalesce(u.deactivated_at, now()), updated_at = now()
          WHERE u.id = (SELECT c.portal_user_id FROM clients c WHERE c.id = $1)`,
        `UPDATE refresh_tokens t SET revoked_at = now()
          WHERE t.revoked_at IS NULL AND t.user_id = (SELECT c.portal_user_id FROM clients c WHERE c.id = $1)`,
        `DELETE FROM calendar_feeds f WHERE f.user_id = (SELECT c.portal_user_id FROM clients c WHERE c.id = $1)`,
        // Invitations: the address goes, and an unused link stops working.
        `UPDATE invitations i SET email = ${PURGED_EMAIL}, expires_at = least(i.expires_at, now()) WHERE i.client_id = $1`,
        // Consents: the decisions stay (the ledger), the free-text note goes.
        `UPDATE consents s SET note = NULL WHERE s.client_id = $1 AND s.note IS NOT NULL`,
        // Earlier dates of birth: reduced to their year, like the current one.
        `UPDATE client_birth_date_corrections k SET previous_date_of_birth = date_trunc('year', k.previous_date_of_birth),
                date_of_birth = date_trunc('year', k.date_of_birth)
          WHERE k.client_id = $1`,
      ].map((text) => statement(text, [clientId], 'retention'));
    },
  },
  {
    retention: [[SAMPLE_ID.client]],
    personEmails: [[SAMPLE_ID.client]],
    eraseRecord: [[SAMPLE_ID.client]],
    eraseBookings: [[SAMPLE_ID.client, ['alex@example.com']]],
    eraseEmails: [[['alex@example.com']]],
    eraseIdentity: [[SAMPLE_ID.client]],
  },
);
