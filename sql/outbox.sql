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

-- outbox.claimDueEmails[1] (exemption: worker)
--   $1 = 50
--   $2 = 60000
UPDATE outbox_messages m SET attempts = m.attempts + 1, available_at = now() + $2::int * interval '1 millisecond'
        WHERE m.id IN (
              SELECT m2.id FROM outbox_messages m2
               WHERE m2.channel = 'email' AND m2.delivered_at IS NULL AND m2.failed_at IS NULL AND m2.withdrawn_at IS NULL
                 AND m2.available_at <= now() AND (m2.not_after IS NULL OR m2.not_after > now())
               ORDER BY m2.available_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING m.id, m.event, m.payload, m.attempts;

-- outbox.claimDueEmails[2] (exemption: worker)
--   $1 = 50
--   $2 = 60000
--   $3 = ["00000000-0000-4000-8000-00000000000b"]
UPDATE outbox_messages m SET attempts = m.attempts + 1, available_at = now() + $2::int * interval '1 millisecond'
        WHERE m.id IN (
              SELECT m2.id FROM outbox_messages m2
               WHERE m2.channel = 'email' AND m2.delivered_at IS NULL AND m2.failed_at IS NULL AND m2.withdrawn_at IS NULL
                 AND m2.available_at <= now() AND (m2.not_after IS NULL OR m2.not_after > now()) AND m2.id = ANY($3::uuid[])
               ORDER BY m2.available_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING m.id, m.event, m.payload, m.attempts;

-- outbox.withdrawExpired[1] (exemption: worker)
UPDATE outbox_messages SET withdrawn_at = now(), last_error = 'expired: not delivered before its time', payload = payload - 'manageUrl' - 'videoUrl' - 'acceptUrl' - 'resetUrl'
          WHERE delivered_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL AND available_at <= now() AND not_after <= now();

-- outbox.emailDelivered[1] (exemption: worker)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = 1
UPDATE outbox_messages SET delivered_at = now(), last_error = NULL, payload = payload - 'manageUrl' - 'videoUrl' - 'acceptUrl' - 'resetUrl' WHERE id = $1 AND attempts = $2;

-- outbox.emailFailed[1] (exemption: worker)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = 1
--   $3 = "timeout"
--   $4 = false
--   $5 = 30000
UPDATE outbox_messages SET last_error = $3,
                available_at = CASE WHEN $4::boolean THEN available_at ELSE now() + $5::int * interval '1 millisecond' END,
                failed_at = CASE WHEN $4::boolean THEN now() END,
                payload = CASE WHEN $4::boolean THEN payload - 'manageUrl' - 'videoUrl' - 'acceptUrl' - 'resetUrl' ELSE payload END
          WHERE id = $1 AND attempts = $2;
