import { consentGranted } from '../consents/consents.queries';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { statement } from '../database/statement';
import { PENDING_MESSAGE, scrubLinks } from '../outbox/outbox.queries';
import { SESSION_CLIENT_IDS, sessionsOfClient } from '../therapy-sessions/therapy-sessions.queries';


/** The latest entry of a purpose in a client's consent ledger is a grant (none is not). */
const granted = (client: string, purpose: Row<'consents'>['purpose']) => consentGranted(client, `'${purpose}'`);

/** The events a change of their subject withdraws: reminders, never the change's own messages or webhooks. */
export const REMINDER_EVENTS = ['session.reminder', 'connection_call.reminder'] as const;

/** A scheduled session's client who agreed to reminders and has an email: what a reminder needs, no clinical field. */
export type SessionReminderRow = Pick<Row<'therapy_sessions'>, 'modality' | 'location' | 'video_url' | 'updated_at'> & {
  session_id: string;
  starts_at: Date;
  ends_at: Date;
  couple: boolean;
  therapist_name: Row<'users'>['display_name'];
  client_id: string;
  email: string;
  name: string;
};

/** Who hears about a change of a couple's repair record: partners with their consent, and the therapist. */
export interface RepairNoticeRow {
  client_id: string | null;
  email: string | null;
  name: string;
  consented: boolean;
}

export const notificationQueries = queryModule(
  'notifications',
  {
    /** For each scheduled session among `sessionIds`, its clients who agreed to reminders and have an email; the sessions were found in scope first. */
    sessionReminderRecipients(sessionIds: string[]) {
      return statement<SessionReminderRow>(
        `SELECT s.id AS session_id, lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url, s.updated_at,
                s.couple_id IS NOT NULL AS couple, u.display_name AS therapist_name,
                c.id AS client_id, c.email, coalesce(c.preferred_name, c.legal_name) AS name
           FROM therapy_sessions s
           JOIN users u ON u.id = s.therapist_id
           JOIN clients c ON c.id = ANY(${SESSION_CLIENT_IDS})
          WHERE s.id = ANY($1::uuid[]) AND s.status = 'scheduled' AND c.email IS NOT NULL AND ${granted('c.id', 'reminders')}
          ORDER BY lower(s.during), s.id, c.id`,
        [sessionIds],
        'after-scoped-check',
      );
    },

    /** The pending reminders of a call carry its new manage link (the booking was replayed and its link replaced). */
    replaceReminderLink(callId: string, manageUrl: string) {
      return statement<{ id: string }>(
        `UPDATE outbox_messages SET payload = jsonb_set(payload, '{manageUrl}', to_jsonb($2::text))
          WHERE subject_id = $1 AND event = 'connection_call.reminder' AND ${PENDING_MESSAGE}
        RETURNING id`,
        [callId, manageUrl],
        'public-booking',
      );
    },

    /** The scheduled sessions of a client that have not started (the client was found in scope first). */
    upcomingSessionsOf(clientId: string) {
      return statement<{ id: string }>(
        `SELECT s.id FROM therapy_sessions s
          WHERE ${sessionsOfClient('$1::uuid')} AND s.status = 'scheduled' AND lower(s.during) > now()`,
        [clientId],
        'after-scoped-check',
      );
    },

    /** Withdraws the pending messages of these events to a client who withdrew the consent they rest on. */
    withdrawForClient(clientId: string, events: string[]) {
      return statement<{ id: string }>(
        `UPDATE outbox_messages SET withdrawn_at = now(), last_error = 'withdrawn: consent withdrawn', ${scrubLinks()}
          WHERE channel = 'email' AND event = ANY($2::text[]) AND payload->>'clientId' = $1::text AND ${PENDING_MESSAGE}
        RETURNING id`,
        [clientId, events],
        'after-scoped-check',
      );
    },

    /** The partners of a rupture's couple, each with their `repair_notices` consent, then its therapist; the rupture was found in scope first. */
    repairNoticeRecipients(ruptureId: string) {
      return statement<RepairNoticeRow>(
        `SELECT p.id AS client_id, p.email, coalesce(p.preferred_name, p.legal_name) AS name, ${granted('p.id', 'repair_notices')} AS consented
           FROM ruptures r JOIN couples k ON k.id = r.couple_id JOIN clients p ON p.id IN (k.partner_a_id, k.partner_b_id)
          WHERE r.id = $1
         UNION ALL
         SELECT NULL, u.email, u.display_name, true
           FROM ruptures r JOIN couples k ON k.id = r.couple_id JOIN users u ON u.id = k.therapist_id AND u.active
          WHERE r.id = $1`,
        [ruptureId],
        'after-scoped-check',
      );
    },
  },
  {
    sessionReminderRecipients: [[[SAMPLE_ID.session]]],
    replaceReminderLink: [[SAMPLE_ID.call, 'https://clinic.example/api/v1/connection-calls/manage/mt_sample']],
    upcomingSessionsOf: [[SAMPLE_ID.client]],
    withdrawForClient: [[SAMPLE_ID.client, ['session.reminder']]],
    repairNoticeRecipients: [[SAMPLE_ID.rupture]],
  },
);
