-- Rendered by `npm run queries` from src/**/outbox.queries.ts; CI fails when this file is stale.

-- outbox.enqueue[1] (exemption: outbox-write)
--   $1 = "[{\"channel\":\"email\",\"event\":\"portal.account_created\",\"payload\":{\"to\":\"client@example.ca\"}}]"
INSERT INTO outbox_messages (channel, event, payload, available_at, not_after, subject_id, idempotency_key)
       SELECT e.item->>'channel', e.item->>'event', e.item->'payload', coalesce((e.item->>'availableAt')::timestamptz, now()),
              (e.item->>'notAfter')::timestamptz, (e.item->>'subjectId')::uuid, e.item->>'idempotencyKey'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(item, n)
        ORDER BY e.n
       ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id;

-- outbox.enqueue[2] (exemption: outbox-write)
--   $1 = "[{\"channel\":\"email\",\"event\":\"session.reminder\",\"payload\":{\"to\":\"client@example.ca\"},\"availableAt\":\"2026-03-01T14:00:00.000Z\",\"notAfter\":\"2026-04-01T14:00:00.000Z\",\"subjectId\":\"00000000-0000-4000-8000-00000000000b\",\"idempotencyKey\":\"sample\"}]"
INSERT INTO outbox_messages (channel, event, payload, available_at, not_after, subject_id, idempotency_key)
       SELECT e.item->>'channel', e.item->>'event', e.item->'payload', coalesce((e.item->>'availableAt')::timestamptz, now()),
              (e.item->>'notAfter')::timestamptz, (e.item->>'subjectId')::uuid, e.item->>'idempotencyKey'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(item, n)
        ORDER BY e.n
       ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id;

-- outbox.withdrawPending[1] (exemption: outbox-write)
--   $1 = ["00000000-0000-4000-8000-000000000007"]
--   $2 = ["session.reminder"]
--   $3 = "withdrawn: the session moved"
UPDATE outbox_messages SET withdrawn_at = now(), last_error = $3, payload = CASE WHEN true THEN payload - ARRAY['manageUrl', 'videoUrl', 'acceptUrl', 'resetUrl'] ELSE payload END,
                link_removed_at = CASE WHEN true AND payload ?| ARRAY['manageUrl', 'videoUrl', 'acceptUrl', 'resetUrl'] THEN now() ELSE link_removed_at END
          WHERE subject_id = ANY($1::uuid[]) AND event = ANY($2::text[]) AND delivered_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL
      RETURNING id;

-- outbox.withdrawExpired[1] (exemption: worker)
UPDATE outbox_messages SET withdrawn_at = now(), last_error = 'expired: not delivered before its time', payload = CASE WHEN true THEN payload - ARRAY['manageUrl', 'videoUrl', 'acceptUrl', 'resetUrl'] ELSE payload END,
                link_removed_at = CASE WHEN true AND payload ?| ARRAY['manageUrl', 'videoUrl', 'acceptUrl', 'resetUrl'] THEN now() ELSE link_removed_at END
          WHERE delivered_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL AND available_at <= now() AND not_after <= now();

-- outbox.claimDue[1] (exemption: worker)
--   $1 = 50
--   $2 = 60000
UPDATE outbox_messages d SET attempts = d.attempts + 1, available_at = now() + $2::int * interval '1 millisecond'
        WHERE d.id IN (
              SELECT d2.id FROM outbox_messages d2
               WHERE d2.delivered_at IS NULL AND d2.failed_at IS NULL AND d2.available_at <= now() AND d2.channel = 'email' AND d2.withdrawn_at IS NULL AND (d2.not_after IS NULL OR d2.not_after > now())
               ORDER BY d2.available_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING 'email' AS channel, d.id, d.event, d.attempts, d.payload, d.created_at AS occurred_at, NULL::uuid AS webhook_id;

-- outbox.claimDue[2] (exemption: worker)
--   $1 = 50
--   $2 = 60000
--   $3 = ["00000000-0000-4000-8000-00000000000b"]
UPDATE outbox_messages d SET attempts = d.attempts + 1, available_at = now() + $2::int * interval '1 millisecond'
        WHERE d.id IN (
              SELECT d2.id FROM outbox_messages d2
               WHERE d2.delivered_at IS NULL AND d2.failed_at IS NULL AND d2.available_at <= now() AND d2.channel = 'email' AND d2.withdrawn_at IS NULL AND (d2.not_after IS NULL OR d2.not_after > now()) AND d2.id = ANY($3::uuid[])
               ORDER BY d2.available_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING 'email' AS channel, d.id, d.event, d.attempts, d.payload, d.created_at AS occurred_at, NULL::uuid AS webhook_id;

-- outbox.claimDue[3] (exemption: worker)
--   $1 = 50
--   $2 = 60000
UPDATE webhook_deliveries d SET attempts = d.attempts + 1, available_at = now() + $2::int * interval '1 millisecond'
        WHERE d.id IN (
              SELECT d2.id FROM webhook_deliveries d2
               WHERE d2.delivered_at IS NULL AND d2.failed_at IS NULL AND d2.available_at <= now() AND EXISTS (SELECT FROM webhooks w WHERE w.id = d2.webhook_id AND w.deleted_at IS NULL)
               ORDER BY d2.available_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING 'webhook' AS channel, d.id, d.event, d.attempts, d.data AS payload, d.occurred_at, d.webhook_id;

-- outbox.claimDue[4] (exemption: worker)
--   $1 = 50
--   $2 = 60000
--   $3 = ["00000000-0000-4000-8000-00000000000b"]
--   $4 = ["00000000-0000-4000-8000-00000000000b"]
UPDATE webhook_deliveries d SET attempts = d.attempts + 1, available_at = now() + $2::int * interval '1 millisecond'
        WHERE d.id IN (
              SELECT d2.id FROM webhook_deliveries d2
               WHERE d2.delivered_at IS NULL AND d2.failed_at IS NULL AND d2.available_at <= now() AND EXISTS (SELECT FROM webhooks w WHERE w.id = d2.webhook_id AND w.deleted_at IS NULL) AND d2.message_id = ANY($3::uuid[]) AND d2.webhook_id = ANY($4::uuid[])
               ORDER BY d2.available_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING 'webhook' AS channel, d.id, d.event, d.attempts, d.data AS payload, d.occurred_at, d.webhook_id;

-- outbox.settle[1] (exemption: worker)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = 1
--   $3 = true
--   $4 = false
--   $5 = null
--   $6 = 0
UPDATE outbox_messages SET last_error = $5::varchar,
                delivered_at = CASE WHEN $3::boolean THEN now() END,
                failed_at = CASE WHEN $4::boolean AND NOT $3::boolean THEN now() END,
                available_at = CASE WHEN ($3::boolean OR $4::boolean) THEN available_at ELSE now() + $6::int * interval '1 millisecond' END,
                payload = CASE WHEN ($3::boolean OR $4::boolean) THEN payload - ARRAY['manageUrl', 'videoUrl', 'acceptUrl', 'resetUrl'] ELSE payload END,
                link_removed_at = CASE WHEN ($3::boolean OR $4::boolean) AND payload ?| ARRAY['manageUrl', 'videoUrl', 'acceptUrl', 'resetUrl'] THEN now() ELSE link_removed_at END
          WHERE id = $1 AND attempts = $2;

-- outbox.settle[2] (exemption: worker)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = 1
--   $3 = false
--   $4 = false
--   $5 = 503
--   $6 = "HTTP 503"
--   $7 = 30000
UPDATE webhook_deliveries SET last_error = $6::varchar,
                delivered_at = CASE WHEN $3::boolean THEN now() END,
                failed_at = CASE WHEN $4::boolean AND NOT $3::boolean THEN now() END,
                available_at = CASE WHEN ($3::boolean OR $4::boolean) THEN available_at ELSE now() + $7::int * interval '1 millisecond' END,
                last_status = $5::smallint
          WHERE id = $1 AND attempts = $2;
