import { KeyedRow, keyset } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { DeliveryChannel, deliveryTable } from '../outbox/outbox.queries';

/**
 * A delivery as the dead-letter list shows it: what, to whom (the recipient's address, masked by
 * the mapper, or the webhook's id), how it failed. Never a body, a name or a link.
 */
export type DeliveryRow = Pick<Row<'outbox_messages'>, 'id' | 'event' | 'attempts' | 'last_error' | 'created_at' | 'failed_at'> & {
  channel: DeliveryChannel;
  recipient: string | null;
  webhook_id: string | null;
  /** Why it cannot be sent again, or null when it can. */
  unretryable: 'link-removed' | 'webhook-deleted' | null;
};

/**
 * Every delivery, of both channels, in one shape: an email is its outbox message; a webhook call,
 * its `webhook_deliveries` row.
 */
const DELIVERIES = `(
  SELECT 'email' AS channel, m.id, m.event, m.payload->>'to' AS recipient, NULL::uuid AS webhook_id, m.attempts, m.last_error,
         m.created_at, m.failed_at, CASE WHEN m.link_removed_at IS NOT NULL THEN 'link-removed' END AS unretryable
    FROM outbox_messages m WHERE m.channel = 'email'
  UNION ALL
  SELECT 'webhook', d.id, d.event, NULL, d.webhook_id, d.attempts, d.last_error,
         d.occurred_at, d.failed_at, CASE WHEN w.deleted_at IS NOT NULL THEN 'webhook-deleted' END
    FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
) dl`;

const COLUMNS = 'dl.channel, dl.id, dl.event, dl.recipient, dl.webhook_id, dl.attempts, dl.last_error, dl.created_at, dl.failed_at, dl.unretryable';

/** Dead letters, the latest given up first. */
export const DEAD_LETTER_ORDER = keyset({ column: 'dl.failed_at', type: 'timestamptz', descending: true }, { column: 'dl.id', type: 'uuid', descending: true });

export interface DeadLetterFilter {
  channel?: DeliveryChannel;
  event?: string;
  cursor?: string;
  limit: number;
}

export const deliveryQueries = queryModule(
  'deliveries',
  {
    /** One page of the deliveries that gave up. */
    deadLetters(query: DeadLetterFilter) {
      const p = new SqlParams();
      const filters = [
        'dl.failed_at IS NOT NULL',
        query.channel ? `dl.channel = ${p.add(query.channel)}` : '',
        query.event ? `dl.event = ${p.add(query.event)}` : '',
        DEAD_LETTER_ORDER.after(query.cursor, p),
      ].filter(Boolean);
      return statement<DeliveryRow & KeyedRow>(
        `SELECT ${COLUMNS}, ${DEAD_LETTER_ORDER.key} FROM ${DELIVERIES}
          WHERE ${filters.join(' AND ')}
          ORDER BY ${DEAD_LETTER_ORDER.orderBy} LIMIT ${DEAD_LETTER_ORDER.limit(query.limit)}`,
        p,
        'delivery-admin',
      );
    },

    /** One delivery, of either channel. */
    one(id: string) {
      return statement<DeliveryRow>(`SELECT ${COLUMNS} FROM ${DELIVERIES} WHERE dl.id = $1`, [id], 'delivery-admin');
    },

    /**
     * Moves a dead letter back to pending, due now, its attempts reset; an email whose link was
     * removed, or a call to a deleted webhook, stays where it is. Answers the id when it moved.
     */
    retry(channel: DeliveryChannel, id: string) {
      const sendable =
        channel === 'email' ? 'link_removed_at IS NULL' : 'EXISTS (SELECT FROM webhooks w WHERE w.id = webhook_id AND w.deleted_at IS NULL)';
      return statement<Pick<Row<'outbox_messages'>, 'id'>>(
        `UPDATE ${deliveryTable(channel)} SET failed_at = NULL, attempts = 0, available_at = now()
          WHERE id = $1 AND failed_at IS NOT NULL AND ${sendable}
      RETURNING id`,
        [id],
        'delivery-admin',
      );
    },
  },
  {
    deadLetters: [
      [{ limit: 20 }],
      [{ limit: 20, channel: 'email', event: 'connection_call.booked', cursor: sampleCursor('2026-03-01 14:00:00+00', SAMPLE_ID.other) }],
    ],
    one: [[SAMPLE_ID.other]],
    retry: [
      ['email', SAMPLE_ID.other],
      ['webhook', SAMPLE_ID.other],
    ],
  },
);
