import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_TIME } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { SECRET_PAYLOAD_KEYS } from './email-templates';
import type { OutboxEntry } from './outbox.service';
import { FailedDelivery } from './retry-policy';

/** Removes the payload keys that hold a bearer link. */
const SCRUB = SECRET_PAYLOAD_KEYS.map((k) => ` - '${k}'`).join('');

/** An email claimed for delivery by this process; its lease runs until it is settled or expires. */
export type ClaimedEmail = Pick<Row<'outbox_messages'>, 'id' | 'event' | 'attempts'> & { payload: Record<string, unknown> };

/** A message to write, as `OutboxEntry` gives it. */
export type NewOutboxMessage = OutboxEntry;

export const outboxQueries = queryModule(
  'outbox',
  {
    /** Writes messages in the caller's transaction; answers the ids of those written (a taken idempotency key writes none). */
    enqueue(entries: NewOutboxMessage[]) {
      return statement<Pick<Row<'outbox_messages'>, 'id'>>(
        `INSERT INTO outbox_messages (channel, event, payload, available_at, not_after, subject_id, idempotency_key)
       SELECT e.item->>'channel', e.item->>'event', e.item->'payload', coalesce((e.item->>'availableAt')::timestamptz, now()),
              (e.item->>'notAfter')::timestamptz, (e.item->>'subjectId')::uuid, e.item->>'idempotencyKey'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(item, n)
        ORDER BY e.n
       ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id`,
        [JSON.stringify(entries)],
        'outbox-write',
      );
    },

    /** Claims due emails with SKIP LOCKED, moving them a lease ahead; `messageIds` restricts the claim. */
    claimDueEmails(limit: number, leaseMs: number, messageIds?: string[]) {
      const p = new SqlParams();
      const [limitParam, leaseParam] = [p.add(limit), p.add(leaseMs)];
      const filter = messageIds ? `AND m2.id = ANY(${p.add(messageIds)}::uuid[])` : '';
      return statement<ClaimedEmail>(
        `UPDATE outbox_messages m SET attempts = m.attempts + 1, available_at = now() + ${leaseParam}::int * interval '1 millisecond'
        WHERE m.id IN (
              SELECT m2.id FROM outbox_messages m2
               WHERE m2.channel = 'email' AND m2.delivered_at IS NULL AND m2.failed_at IS NULL AND m2.withdrawn_at IS NULL
                 AND m2.available_at <= now() AND (m2.not_after IS NULL OR m2.not_after > now()) ${filter}
               ORDER BY m2.available_at LIMIT ${limitParam} FOR UPDATE SKIP LOCKED)
       RETURNING m.id, m.event, m.payload, m.attempts`,
        p,
        'worker',
      );
    },

    /** Withdraws the pending messages that outlived their `not_after`: a reminder is never sent after its time. */
    withdrawExpired() {
      return statement(
        `UPDATE outbox_messages SET withdrawn_at = now(), last_error = 'expired: not delivered before its time', payload = payload${SCRUB}
          WHERE delivered_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL AND available_at <= now() AND not_after <= now()`,
        [],
        'worker',
      );
    },

    /** The email went out under this claim: the database forgets its bearer link. */
    emailDelivered(email: Pick<ClaimedEmail, 'id' | 'attempts'>) {
      return statement(
        `UPDATE outbox_messages SET delivered_at = now(), last_error = NULL, payload = payload${SCRUB} WHERE id = $1 AND attempts = $2`,
        [email.id, email.attempts],
        'worker',
      );
    },

    /** The email failed under this claim: retried later, or given up and its bearer link forgotten. */
    emailFailed(email: Pick<ClaimedEmail, 'id' | 'attempts'>, failure: FailedDelivery) {
      return statement(
        `UPDATE outbox_messages SET last_error = $3,
                available_at = CASE WHEN $4::boolean THEN available_at ELSE now() + $5::int * interval '1 millisecond' END,
                failed_at = CASE WHEN $4::boolean THEN now() END,
                payload = CASE WHEN $4::boolean THEN payload${SCRUB} ELSE payload END
          WHERE id = $1 AND attempts = $2`,
        [email.id, email.attempts, failure.reason, failure.giveUp, failure.delayMs],
        'worker',
      );
    },
  },
  {
    enqueue: [
      [[{ channel: 'email', event: 'portal.account_created', payload: { to: 'client@example.ca' } }]],
      [[{ channel: 'email', event: 'session.reminder', payload: { to: 'client@example.ca' }, availableAt: SAMPLE_TIME.from, notAfter: SAMPLE_TIME.to, subjectId: SAMPLE_ID.other, idempotencyKey: 'sample' }]],
    ],
    withdrawExpired: [[]],
    claimDueEmails: [
      [50, 60_000],
      [50, 60_000, [SAMPLE_ID.other]],
    ],
    emailDelivered: [[{ id: SAMPLE_ID.other, attempts: 1 }]],
    emailFailed: [[{ id: SAMPLE_ID.other, attempts: 1 }, { reason: 'timeout', giveUp: false, delayMs: 30_000 }]],
  },
);
