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
UPDATE outbox_messages SET delivered_at = now(), attempts = attempts + 1, payload = CASE WHEN true THEN payload - ARRAY['manageUrl', 'videoUrl', 'acceptUrl', 'resetUrl'] ELSE payload END,
                link_removed_at = CASE WHEN true AND payload ?| ARRAY['manageUrl', 'videoUrl', 'acceptUrl', 'resetUrl'] THEN now() ELSE link_removed_at END WHERE id = ANY($1::uuid[]);

-- webhooks.target[1] (no scope)
--   $1 = "00000000-0000-4000-8000-00000000000b"
SELECT w.id, w.url, w.secret_seed FROM webhooks w WHERE w.id = $1;
