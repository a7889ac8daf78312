import { KeyedRow, keyset } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_TIME, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { scrubLinks } from '../outbox/outbox.queries';
import { WebhookEvent } from './webhook-events';

/** A webhook as the API shows it: never its secret. */
export type WebhookRow = Pick<Row<'webhooks'>, 'id' | 'url' | 'description' | 'created_at'> & { events: WebhookEvent[] };

/** A `webhook` outbox message due for expansion into deliveries. */
export type DueWebhookMessage = Pick<Row<'outbox_messages'>, 'id' | 'event' | 'payload' | 'created_at'>;

/** One delivery to make of a message, to every live webhook subscribed to its event. */
export type NewWebhookDelivery = Pick<Row<'webhook_deliveries'>, 'message_id' | 'event' | 'occurred_at'> & { data: Record<string, unknown> };

const COLUMNS = 'w.id, w.url, w.events, w.description, w.created_at';

/** Live webhooks, newest first. */
export const WEBHOOK_ORDER = keyset({ column: 'w.created_at', type: 'timestamptz', descending: true }, { column: 'w.id', type: 'uuid', descending: true });

export const webhookQueries = queryModule(
  'webhooks',
  {
    /** Registers a webhook. */
    register(webhook: { url: string; events: WebhookEvent[]; description: string | null; secretSeed: Buffer; createdBy: string }) {
      return statement<WebhookRow>(
        `INSERT INTO webhooks AS w (url, events, description, secret_seed, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [webhook.url, webhook.events, webhook.description, webhook.secretSeed, webhook.createdBy],
      );
    },

    /** One page of the live webhooks. */
    list(query: { cursor?: string; limit: number }) {
      const p = new SqlParams();
      return statement<WebhookRow & KeyedRow>(
        `SELECT ${COLUMNS}, ${WEBHOOK_ORDER.key} FROM webhooks w WHERE w.deleted_at IS NULL AND ${WEBHOOK_ORDER.after(query.cursor, p)}
          ORDER BY ${WEBHOOK_ORDER.orderBy} LIMIT ${WEBHOOK_ORDER.limit(query.limit)}`,
        p,
      );
    },

    /** Deletes a live webhook (kept, for the delivery history), locking it. */
    remove(id: string) {
      return statement<Pick<Row<'webhooks'>, 'id'>>(`UPDATE webhooks SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id`, [id]);
    },

    /** Gives up the pending deliveries of a webhook just deleted in this transaction. */
    giveUpPending(webhookId: string) {
      return statement(
        `UPDATE webhook_deliveries SET failed_at = now(), last_error = 'webhook deleted' WHERE webhook_id = $1 AND delivered_at IS NULL AND failed_at IS NULL`,
        [webhookId],
        'after-scoped-check',
      );
    },

    /** Due `webhook` outbox messages, locked with SKIP LOCKED for their expansion. */
    dueMessages(limit: number, messageIds?: string[]) {
      const filter = messageIds ? 'AND m.id = ANY($2::uuid[])' : '';
      return statement<DueWebhookMessage>(
        `SELECT m.id, m.event, m.payload, m.created_at FROM outbox_messages m
          WHERE m.channel = 'webhook' AND m.delivered_at IS NULL AND m.failed_at IS NULL AND m.withdrawn_at IS NULL AND m.available_at <= now() ${filter}
          ORDER BY m.available_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        messageIds ? [limit, messageIds] : [limit],
        'worker',
      );
    },

    /** One delivery per live webhook subscribed to each message's event; a message expanded before adds none. */
    expand(deliveries: NewWebhookDelivery[]) {
      return statement(
        `INSERT INTO webhook_deliveries (message_id, webhook_id, event, occurred_at, data)
         SELECT r.message_id, w.id, r.event, r.occurred_at, r.data
           FROM jsonb_to_recordset($1::jsonb) AS r(message_id uuid, event text, occurred_at timestamptz, data jsonb)
           JOIN webhooks w ON w.deleted_at IS NULL AND r.event = ANY(w.events)
         ON CONFLICT (message_id, webhook_id) DO NOTHING`,
        [JSON.stringify(deliveries)],
        'worker',
      );
    },

    /** Settles the messages just expanded; their payloads forget any link (deliveries carry only whitelisted data). */
    expanded(messageIds: string[]) {
      return statement(`UPDATE outbox_messages SET delivered_at = now(), attempts = attempts + 1, ${scrubLinks()} WHERE id = ANY($1::uuid[])`, [messageIds], 'worker');
    },

    /** Where a claimed delivery goes and how it is signed (a deleted webhook is kept for its history). */
    target(webhookId: string) {
      return statement<Pick<Row<'webhooks'>, 'id' | 'url' | 'secret_seed'>>(`SELECT w.id, w.url, w.secret_seed FROM webhooks w WHERE w.id = $1`, [webhookId]);
    },
  },
  {
    register: [
      [{ url: 'https://partner.example.ca/hooks/clinic', events: ['connection_call.booked'], description: null, secretSeed: Buffer.alloc(32), createdBy: SAMPLE_ID.admin }],
    ],
    list: [[{ limit: 20 }], [{ limit: 20, cursor: sampleCursor('2026-03-01 14:00:00+00', SAMPLE_ID.other) }]],
    remove: [[SAMPLE_ID.other]],
    giveUpPending: [[SAMPLE_ID.other]],
    dueMessages: [[50], [50, [SAMPLE_ID.other]]],
    expand: [[[{ message_id: SAMPLE_ID.other, event: 'connection_call.booked', occurred_at: SAMPLE_TIME.from, data: { callId: SAMPLE_ID.call } }]]],
    expanded: [[[SAMPLE_ID.other]]],
    target: [[SAMPLE_ID.other]],
  },
);
