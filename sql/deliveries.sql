-- Rendered by `npm run queries` from src/**/deliveries.queries.ts; CI fails when this file is stale.

-- deliveries.deadLetters[1] (exemption: delivery-admin)
SELECT dl.channel, dl.id, dl.event, dl.recipient, dl.webhook_id, dl.attempts, dl.last_error, dl.created_at, dl.failed_at, dl.unretryable, ARRAY[(dl.failed_at)::text, (dl.id)::text] AS page_key FROM (
  SELECT 'email' AS channel, m.id, m.event, m.payload->>'to' AS recipient, NULL::uuid AS webhook_id, m.attempts, m.last_error,
         m.created_at, m.failed_at, CASE WHEN m.link_removed_at IS NOT NULL THEN 'link-removed' END AS unretryable
    FROM outbox_messages m WHERE m.channel = 'email'
  UNION ALL
  SELECT 'webhook', d.id, d.event, NULL, d.webhook_id, d.attempts, d.last_error,
         d.occurred_at, d.failed_at, CASE WHEN w.deleted_at IS NOT NULL THEN 'webhook-deleted' END
    FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
) dl
          WHERE dl.failed_at IS NOT NULL AND TRUE
          ORDER BY dl.failed_at DESC, dl.id DESC LIMIT 21;

-- deliveries.deadLetters[2] (exemption: delivery-admin)
--   $1 = "email"
--   $2 = "connection_call.booked"
--   $3 = "2026-03-01 14:00:00+00"
--   $4 = "00000000-0000-4000-8000-00000000000b"
SELECT dl.channel, dl.id, dl.event, dl.recipient, dl.webhook_id, dl.attempts, dl.last_error, dl.created_at, dl.failed_at, dl.unretryable, ARRAY[(dl.failed_at)::text, (dl.id)::text] AS page_key FROM (
  SELECT 'email' AS channel, m.id, m.event, m.payload->>'to' AS recipient, NULL::uuid AS webhook_id, m.attempts, m.last_error,
         m.created_at, m.failed_at, CASE WHEN m.link_removed_at IS NOT NULL THEN 'link-removed' END AS unretryable
    FROM outbox_messages m WHERE m.channel = 'email'
  UNION ALL
  SELECT 'webhook', d.id, d.event, NULL, d.webhook_id, d.attempts, d.last_error,
         d.occurred_at, d.failed_at, CASE WHEN w.deleted_at IS NOT NULL THEN 'webhook-deleted' END
    FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
) dl
          WHERE dl.failed_at IS NOT NULL AND dl.channel = $1 AND dl.event = $2 AND (dl.failed_at, dl.id) < ($3::timestamptz, $4::uuid)
          ORDER BY dl.failed_at DESC, dl.id DESC LIMIT 21;

-- deliveries.one[1] (exemption: delivery-admin)
--   $1 = "00000000-0000-4000-8000-00000000000b"
SELECT dl.channel, dl.id, dl.event, dl.recipient, dl.webhook_id, dl.attempts, dl.last_error, dl.created_at, dl.failed_at, dl.unretryable FROM (
  SELECT 'email' AS channel, m.id, m.event, m.payload->>'to' AS recipient, NULL::uuid AS webhook_id, m.attempts, m.last_error,
         m.created_at, m.failed_at, CASE WHEN m.link_removed_at IS NOT NULL THEN 'link-removed' END AS unretryable
    FROM outbox_messages m WHERE m.channel = 'email'
  UNION ALL
  SELECT 'webhook', d.id, d.event, NULL, d.webhook_id, d.attempts, d.last_error,
         d.occurred_at, d.failed_at, CASE WHEN w.deleted_at IS NOT NULL THEN 'webhook-deleted' END
    FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
) dl WHERE dl.id = $1;

-- deliveries.retry[1] (exemption: delivery-admin)
--   $1 = "00000000-0000-4000-8000-00000000000b"
UPDATE outbox_messages SET failed_at = NULL, attempts = 0, available_at = now()
          WHERE id = $1 AND failed_at IS NOT NULL AND link_removed_at IS NULL
      RETURNING id;

-- deliveries.retry[2] (exemption: delivery-admin)
--   $1 = "00000000-0000-4000-8000-00000000000b"
UPDATE webhook_deliveries SET failed_at = NULL, attempts = 0, available_at = now()
          WHERE id = $1 AND failed_at IS NOT NULL AND EXISTS (SELECT FROM webhooks w WHERE w.id = webhook_id AND w.deleted_at IS NULL)
      RETURNING id;
