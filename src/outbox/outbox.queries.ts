import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_TIME } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { SECRET_PAYLOAD_KEYS } from './email-templates';
import type { OutboxEntry } from './outbox.service';

/** The channels a delivery goes out on. */
export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * Where each channel keeps its deliveries. An email is delivered as its outbox message; a webhook
 * message fans out to one `webhook_deliveries` row per subscriber. Both tables share the delivery
 * columns (`available_at`, `attempts`, `delivered_at`, `failed_at`, `last_error`), so one claim and
 * one settle statement serve both.
 */
const DELIVERY_TABLES = {
  email: {
    table: 'outbox_messages',
    /** Besides being unsettled and due: an email, neither withdrawn nor past its latest time. */
    due: (d: string) => `${d}.channel = 'email' AND ${d}.withdrawn_at IS NULL AND (${d}.not_after IS NULL OR ${d}.not_after > now())`,
    /** The column `OutboxScope.messageIds` restricts. */
    message: 'id',
    returning: `d.payload, d.created_at AS occurred_at, NULL::uuid AS webhook_id`,
  },
  webhook: {
    table: 'webhook_deliveries',
    /** Besides being unsettled and due: its webhook is not deleted. */
    due: (d: string) => `EXISTS (SELECT FROM webhooks w WHERE w.id = ${d}.webhook_id AND w.deleted_at IS NULL)`,
    message: 'message_id',
    returning: `d.data AS payload, d.occurred_at, d.webhook_id`,
  },
} as const satisfies Record<DeliveryChannel, unknown>;

/** The table that holds a channel's deliveries. */
export const deliveryTable = (channel: DeliveryChannel): string => DELIVERY_TABLES[channel].table;

/**
 * SET assignments that drop the bearer links from an outbox message's payload `when` the condition
 * holds, noting in `link_removed_at` that it had one (such a message cannot be sent again).
 */
/** An outbox message still to be delivered: not delivered, given up or withdrawn. */
export const PENDING_MESSAGE = 'delivered_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL';

export function scrubLinks(when = 'true'): string {
  const keys = `ARRAY[${SECRET_PAYLOAD_KEYS.map((k) => `'${k}'`).join(', ')}]`;
  return `payload = CASE WHEN ${when} THEN payload - ${keys} ELSE payload END,
                link_removed_at = CASE WHEN ${when} AND payload ?| ${keys} THEN now() ELSE link_removed_at END`;
}

/** Restricts a run to some outbox messages (tests, targeted re-drives); empty means all. */
export interface OutboxScope {
  messageIds?: string[];
  /** Only deliveries to these webhooks (the expansion still fans out to every subscriber). */
  webhookIds?: string[];
}

/** A delivery claimed by this process; its lease runs until it is settled or expires. `attempts` is the claim's token. */
export type ClaimedDelivery = Pick<Row<'outbox_messages'>, 'id' | 'event' | 'attempts'> & {
  channel: DeliveryChannel;
  payload: Record<string, unknown>;
  /** When the change happened (the message's creation). */
  occurred_at: Date;
  webhook_id: string | null;
};

/** How a claimed delivery ended: delivered, or failed and either retried after `delayMs` or given up. */
export interface Settlement {
  delivered: boolean;
  giveUp: boolean;
  delayMs: number;
  /** What `last_error` keeps (null when delivered): never content, addresses or URLs. */
  reason: string | null;
  /** The receiver's HTTP status (webhooks). */
  status: number | null;
}

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

    /**
     * Withdraws, in the caller's transaction, the messages of `events` about `subjectIds` still
     * waiting to be sent (their record moved or was cancelled), forgetting their links; answers their ids.
     */
    withdrawPending(subjectIds: string[], events: readonly string[], reason: string) {
      return statement<Pick<Row<'outbox_messages'>, 'id'>>(
        `UPDATE outbox_messages SET withdrawn_at = now(), last_error = $3, ${scrubLinks()}
          WHERE subject_id = ANY($1::uuid[]) AND event = ANY($2::text[]) AND ${PENDING_MESSAGE}
      RETURNING id`,
        [subjectIds, events, reason],
        'outbox-write',
      );
    },

    /** Withdraws the pending messages that outlived their `not_after`: a reminder is never sent after its time. */
    withdrawExpired() {
      return statement(
        `UPDATE outbox_messages SET withdrawn_at = now(), last_error = 'expired: not delivered before its time', ${scrubLinks()}
          WHERE ${PENDING_MESSAGE} AND available_at <= now() AND not_after <= now()`,
        [],
        'worker',
      );
    },

    /**
     * Claims a channel's due deliveries with SKIP LOCKED, moving them a lease ahead and counting the
     * attempt: one statement, so two processes never claim the same row, and a crashed claimer's
     * rows are due again when the lease ends.
     */
    claimDue(channel: DeliveryChannel, scope: OutboxScope, limit: number, leaseMs: number) {
      const kind = DELIVERY_TABLES[channel];
      const p = new SqlParams();
      const [limitParam, leaseParam] = [p.add(limit), p.add(leaseMs)];
      const filter = [
        scope.messageIds ? `AND d2.${kind.message} = ANY(${p.add(scope.messageIds)}::uuid[])` : '',
        scope.webhookIds && channel === 'webhook' ? `AND d2.webhook_id = ANY(${p.add(scope.webhookIds)}::uuid[])` : '',
      ].join(' ');
      return statement<ClaimedDelivery>(
        `UPDATE ${kind.table} d SET attempts = d.attempts + 1, available_at = now() + ${leaseParam}::int * interval '1 millisecond'
        WHERE d.id IN (
              SELECT d2.id FROM ${kind.table} d2
               WHERE d2.delivered_at IS NULL AND d2.failed_at IS NULL AND d2.available_at <= now() AND ${kind.due('d2')} ${filter}
               ORDER BY d2.available_at LIMIT ${limitParam} FOR UPDATE SKIP LOCKED)
       RETURNING '${channel}' AS channel, d.id, d.event, d.attempts, ${kind.returning}`,
        p,
        'worker',
      );
    },

    /**
     * Settles a delivery under its claim (a claim taken over since, with more attempts, is left
     * alone): delivered, retried after a delay, or given up. An email settled for good forgets its links.
     */
    settle(delivery: Pick<ClaimedDelivery, 'channel' | 'id' | 'attempts'>, outcome: Settlement) {
      const p = new SqlParams();
      const [id, attempts, delivered, giveUp] = [p.add(delivery.id), p.add(delivery.attempts), p.add(outcome.delivered), p.add(outcome.giveUp)];
      const settled = `(${delivered}::boolean OR ${giveUp}::boolean)`;
      const own = delivery.channel === 'email' ? scrubLinks(settled) : `last_status = ${p.add(outcome.status)}::smallint`;
      return statement(
        `UPDATE ${deliveryTable(delivery.channel)} SET last_error = ${p.add(outcome.reason)}::varchar,
                delivered_at = CASE WHEN ${delivered}::boolean THEN now() END,
                failed_at = CASE WHEN ${giveUp}::boolean AND NOT ${delivered}::boolean THEN now() END,
                available_at = CASE WHEN ${settled} THEN available_at ELSE now() + ${p.add(outcome.delayMs)}::int * interval '1 millisecond' END,
                ${own}
          WHERE id = ${id} AND attempts = ${attempts}`,
        p,
        'worker',
      );
    },
  },
  {
    enqueue: [
      [[{ channel: 'email', event: 'portal.account_created', payload: { to: 'client@example.ca' } }]],
      [[{ channel: 'email', event: 'session.reminder', payload: { to: 'client@example.ca' }, availableAt: SAMPLE_TIME.from, notAfter: SAMPLE_TIME.to, subjectId: SAMPLE_ID.other, idempotencyKey: 'sample' }]],
    ],
    withdrawPending: [[[SAMPLE_ID.session], ['session.reminder'], 'withdrawn: the session moved']],
    withdrawExpired: [[]],
    claimDue: [
      ['email', {}, 50, 60_000],
      ['email', { messageIds: [SAMPLE_ID.other] }, 50, 60_000],
      ['webhook', {}, 50, 60_000],
      ['webhook', { messageIds: [SAMPLE_ID.other], webhookIds: [SAMPLE_ID.other] }, 50, 60_000],
    ],
    settle: [
      [{ channel: 'email', id: SAMPLE_ID.other, attempts: 1 }, { delivered: true, giveUp: false, delayMs: 0, reason: null, status: null }],
      [{ channel: 'webhook', id: SAMPLE_ID.other, attempts: 1 }, { delivered: false, giveUp: false, delayMs: 30_000, reason: 'HTTP 503', status: 503 }],
    ],
  },
);
