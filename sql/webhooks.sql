-- Rendered by `npm run queries` from src/**/webhooks.queries.ts; CI fails when this file is stale.

-- webhooks.register[1] (no scope)
--   $1 = "https://partner.example.ca/hooks/clinic"
--   $2 = ["connection_call.booked"]
--   $3 = null
--   $4 = <bytes>
--   $5 = "00000000-0000-4000-8000-000000000001"
INSERT INTO webhooks AS w (url, events, description, secret_seed, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING w.id, w.url, w.events, w.description, w.created_at;

-- webhooks.list[1] (no scope)
SELECT w.id, w.url, w.events, w.description, w.created_at, ARRAY[(w.created_at)::text, (w.id)::text] AS page_key FROM webhooks w WHERE w.deleted_at IS NULL AND TRUE
          ORDER BY w.created_at DESC, w.id DESC LIMIT 21;

-- webhooks.list[2] (no scope)
--   $1 = "2026-03-01 14:00:00+00"
--   $2 = "00000000-0000-4000-8000-00000000000b"
SELECT w.id, w.url, w.events, w.description, w.created_at, ARRAY[(w.created_at)::text, (w.id)::text] AS page_key FROM webhooks w WHERE w.deleted_at IS NULL AND (w.created_at, w.id) < ($1::timestamptz, $2::uuid)
          ORDER BY w.created_at DESC, w.id DESC LIMIT 21;

-- webhooks.remove[1] (no scope)
--   $1 = "00000000-0000-4000-8000-00000000000b"
UPDATE webhooks SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id;

-- webhooks.giveUpPending[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-00000000000b"
UPDATE webhook_deliveries SET failed_at = now(), last_error = 'webhook deleted' WHERE webhook_id = $1 AND delivered_at IS NULL AND failed_at IS NULL;

-- webhooks.dueMessages[1] (exemption: worker)
--   $1 = 50
SELECT m.id, m.event, m.payload, m.created_at FROM outbox_messages m
          WHERE m.channel = 'webhook' AND m.delivered_at IS NULL AND m.failed_at IS NULL AND m.withdrawn_at IS NULL AND m.available_at <= now()
          ORDER BY m.available_at LIMIT $1 FOR UPDATE SKIP LOCKED;

-- webhooks.dueMessages[2] (exemption: worker)
--   $1 = 50
--   $2 = ["00000000-0000-4000-8000-00000000000b"]
SELECT m.id, m.event, m.payload, m.created_at FROM outbox_messages m
          WHERE m.channel = 'webhook' AND m.delivered_at IS NULL AND m.failed_at IS NULL AND m.withdrawn_at IS NULL AND m.available_at <= now() AND m.id = ANY($2::uuid[])
          ORDER BY m.available_at LIMIT $1 FOR UPDATE SKIP LOCKED;

-- webhooks.expand[1] (exemption: worker)
--   $1 = "[{\"message_id\":\"00000000-0000-4000-8000-00000000000b\",\"event\":\"connection_call.booked\",\"occurred_at\":\"2026-03-01T14:00:00.000Z\",\"data\":{\"callId\":\"00000000-0000-4000-8000-000000000009\"}}]"
INSERT INTO webhook_deliveries (message_id, webhook_id, event, occurred_at, data)
         SELECT r.message_id, w.id, r.event, r.occurred_at, r.data
           FROM jsonb_to_recordset($1::jsonb) AS r(message_id uuid, event text, occurred_at timestamptz, data jsonb)
           JOIN webhooks w ON w.deleted_at IS NULL AND r.event = ANY(w.events)
         ON CONFLICT (message_id, webhook_id) DO NOTHING;

-- webhooks.expanded[1] (exemption: worker)
--   $1 = ["00000000-0000-4000-8000-00000000000b"]
UPDATE outbox_messages SET delivered_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[]);

-- webhooks.claimDue[1] (exemption: worker)
--   $1 = 50
--   $2 = 60000
UPDATE webhook_deliveries d SET attempts = d.attempts + 1, available_at = now() + $2::int * interval '1 millisecond'
         FROM webhooks w
        WHERE w.id = d.webhook_id AND d.id IN (
              SELECT d2.id FROM webhook_deliveries d2 JOIN webhooks w2 ON w2.id = d2.webhook_id AND w2.deleted_at IS NULL
               WHERE d2.delivered_at IS NULL AND d2.failed_at IS NULL AND d2.available_at <= now()
               ORDER BY d2.available_at LIMIT $1 FOR UPDATE OF d2 SKIP LOCKED)
       RETURNING d.id, d.webhook_id, d.event, d.occurred_at, d.data, d.attempts, w.url, w.secret_seed;

-- webhooks.claimDue[2] (exemption: worker)
--   $1 = 50
--   $2 = 60000
--   $3 = ["00000000-0000-4000-8000-00000000000b"]
--   $4 = ["00000000-0000-4000-8000-00000000000b"]
UPDATE webhook_deliveries d SET attempts = d.attempts + 1, available_at = now() + $2::int * interval '1 millisecond'
         FROM webhooks w
        WHERE w.id = d.webhook_id AND d.id IN (
              SELECT d2.id FROM webhook_deliveries d2 JOIN webhooks w2 ON w2.id = d2.webhook_id AND w2.deleted_at IS NULL
               WHERE d2.delivered_at IS NULL AND d2.failed_at IS NULL AND d2.available_at <= now() AND d2.message_id = ANY($3::uuid[]) AND d2.webhook_id = ANY($4::uuid[])
               ORDER BY d2.available_at LIMIT $1 FOR UPDATE OF d2 SKIP LOCKED)
       RETURNING d.id, d.webhook_id, d.event, d.occurred_at, d.data, d.attempts, w.url, w.secret_seed;

-- webhooks.delivered[1] (exemption: worker)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = 1
--   $3 = 204
UPDATE webhook_deliveries SET delivered_at = now(), last_status = $3, last_error = NULL WHERE id = $1 AND attempts = $2;

-- webhooks.failed[1] (exemption: worker)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = 1
--   $3 = "HTTP 503"
--   $4 = false
--   $5 = 30000
--   $6 = 503
UPDATE webhook_deliveries SET last_error = $3, last_status = $6,
                available_at = CASE WHEN $4::boolean THEN available_at ELSE now() + $5::int * interval '1 millisecond' END,
                failed_at = CASE WHEN $4::boolean THEN now() END
          WHERE id = $1 AND attempts = $2;
