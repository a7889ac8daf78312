-- Rendered by `npm run queries` from src/**/payments.queries.ts; CI fails when this file is stale.

-- payments.lockPayer[1] (no scope)
--   $1 = "00000000-0000-4000-8000-000000000004"
SELECT pg_advisory_xact_lock(hashtextextended('billing-payer:' || $1::text, 0))::text AS locked;

-- payments.payer[1] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000004"
SELECT c.id FROM clients c WHERE c.id = $1 AND TRUE;

-- payments.insert[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "e_transfer"
--   $3 = 17500
--   $4 = "2026-11-05T10:00:00-05:00"
--   $5 = "CA1xYz"
--   $6 = "00000000-0000-4000-8000-000000000001"
INSERT INTO payments (payer_client_id, method, amount_cents, received_at, reference, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id;

-- payments.credits[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000004"
SELECT pm.id AS "paymentId", (pm.amount_cents - coalesce(sum(a.amount_cents), 0))::int AS "availableCents"
  FROM payments pm LEFT JOIN payment_allocations a ON a.payment_id = pm.id
  WHERE pm.payer_client_id = $1
  GROUP BY pm.id HAVING pm.amount_cents - coalesce(sum(a.amount_cents), 0) > 0
  ORDER BY pm.received_at, pm.id;

-- payments.openLines[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000004"
SELECT l.id AS "invoiceLineId", l.invoice_id AS "invoiceId", (l.total_cents - (SELECT coalesce(sum(cl.total_cents), 0) FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id)
    - (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_line_id = l.id))::int AS "owingCents"
  FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
  WHERE i.payer_client_id = $1 AND i.status = 'issued' AND l.total_cents - (SELECT coalesce(sum(cl.total_cents), 0) FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id)
    - (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_line_id = l.id) > 0
  ORDER BY i.issued_at, i.number, l.position;

-- payments.insertAllocations[1] (exemption: after-scoped-check)
--   $1 = "[{\"paymentId\":\"00000000-0000-4000-8000-00000000000b\",\"invoiceLineId\":\"00000000-0000-4000-8000-00000000000b\",\"invoiceId\":\"00000000-0000-4000-8000-00000000000b\",\"amountCents\":8750}]"
INSERT INTO payment_allocations (payment_id, invoice_line_id, invoice_id, amount_cents, credit_note_id)
  SELECT x."paymentId", x."invoiceLineId", x."invoiceId", x."amountCents", x."creditNoteId"
    FROM jsonb_to_recordset($1::jsonb) AS x("paymentId" uuid, "invoiceLineId" uuid, "invoiceId" uuid, "amountCents" int, "creditNoteId" uuid);

-- payments.list[1] (scope: billing, client)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT pm.id, pm.payer_client_id, pm.method, pm.amount_cents, pm.received_at, pm.reference, pm.recorded_at,
    (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.payment_id = pm.id) AS allocated_cents,
    (SELECT coalesce(json_agg(json_build_object('invoiceId', a.invoice_id, 'invoiceNumber', i.number, 'invoiceLineId', a.invoice_line_id,
       'amountCents', a.amount_cents, 'allocatedAt', a.allocated_at, 'creditNoteId', a.credit_note_id) ORDER BY a.allocated_at, i.number, l.position, a.id), '[]')
       FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id JOIN invoice_lines l ON l.id = a.invoice_line_id
      WHERE a.payment_id = pm.id) AS allocations, ARRAY[(pm.received_at)::text, (pm.id)::text] AS page_key
  FROM payments pm WHERE EXISTS (SELECT 1 FROM clients bc WHERE bc.id = pm.payer_client_id AND bc.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $1
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $1
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $1)) AND TRUE ORDER BY pm.received_at DESC, pm.id DESC LIMIT 21;

-- payments.list[2] (scope: billing, client)
--   $1 = "00000000-0000-4000-8000-000000000003"
--   $2 = "00000000-0000-4000-8000-000000000004"
--   $3 = "2026-11-05 15:00:00+00"
--   $4 = "00000000-0000-4000-8000-00000000000b"
SELECT pm.id, pm.payer_client_id, pm.method, pm.amount_cents, pm.received_at, pm.reference, pm.recorded_at,
    (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.payment_id = pm.id) AS allocated_cents,
    (SELECT coalesce(json_agg(json_build_object('invoiceId', a.invoice_id, 'invoiceNumber', i.number, 'invoiceLineId', a.invoice_line_id,
       'amountCents', a.amount_cents, 'allocatedAt', a.allocated_at, 'creditNoteId', a.credit_note_id) ORDER BY a.allocated_at, i.number, l.position, a.id), '[]')
       FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id JOIN invoice_lines l ON l.id = a.invoice_line_id
      WHERE a.payment_id = pm.id) AS allocations, ARRAY[(pm.received_at)::text, (pm.id)::text] AS page_key
  FROM payments pm WHERE EXISTS (SELECT 1 FROM clients bc WHERE bc.id = pm.payer_client_id AND bc.portal_user_id = $1) AND pm.payer_client_id = $2 AND (pm.received_at, pm.id) < ($3::timestamptz, $4::uuid) ORDER BY pm.received_at DESC, pm.id DESC LIMIT 21;

-- payments.payment[1] (scope: billing, client)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT pm.id, pm.payer_client_id, pm.method, pm.amount_cents, pm.received_at, pm.reference, pm.recorded_at,
    (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.payment_id = pm.id) AS allocated_cents,
    (SELECT coalesce(json_agg(json_build_object('invoiceId', a.invoice_id, 'invoiceNumber', i.number, 'invoiceLineId', a.invoice_line_id,
       'amountCents', a.amount_cents, 'allocatedAt', a.allocated_at, 'creditNoteId', a.credit_note_id) ORDER BY a.allocated_at, i.number, l.position, a.id), '[]')
       FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id JOIN invoice_lines l ON l.id = a.invoice_line_id
      WHERE a.payment_id = pm.id) AS allocations FROM payments pm WHERE pm.id = $1 AND EXISTS (SELECT 1 FROM clients bc WHERE bc.id = pm.payer_client_id AND bc.portal_user_id = $2);

-- payments.written[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-00000000000b"
SELECT pm.id, pm.payer_client_id, pm.method, pm.amount_cents, pm.received_at, pm.reference, pm.recorded_at,
    (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.payment_id = pm.id) AS allocated_cents,
    (SELECT coalesce(json_agg(json_build_object('invoiceId', a.invoice_id, 'invoiceNumber', i.number, 'invoiceLineId', a.invoice_line_id,
       'amountCents', a.amount_cents, 'allocatedAt', a.allocated_at, 'creditNoteId', a.credit_note_id) ORDER BY a.allocated_at, i.number, l.position, a.id), '[]')
       FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id JOIN invoice_lines l ON l.id = a.invoice_line_id
      WHERE a.payment_id = pm.id) AS allocations FROM payments pm WHERE pm.id = $1;

-- payments.balance[1] (scope: billing, client)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT c.id AS client_id,
    (SELECT coalesce(sum(l.total_cents - (SELECT coalesce(sum(cl.total_cents), 0) FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id)
    - (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_line_id = l.id)), 0)::int FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
      WHERE i.payer_client_id = c.id AND i.status = 'issued') AS owing_cents,
    (SELECT (coalesce(sum(pm.amount_cents), 0) - coalesce(sum((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.payment_id = pm.id)), 0))::int
      FROM payments pm WHERE pm.payer_client_id = c.id) AS credit_cents,
    (SELECT count(*)::int FROM invoices i WHERE i.payer_client_id = c.id AND i.status = 'issued'
      AND EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id AND l.total_cents - (SELECT coalesce(sum(cl.total_cents), 0) FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id)
    - (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_line_id = l.id) > 0)) AS open_invoices
  FROM clients c WHERE c.id = $1 AND EXISTS (SELECT 1 FROM clients bc WHERE bc.id = c.id AND bc.portal_user_id = $2);

-- payments.balance[2] (scope: billing, client)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT c.id AS client_id,
    (SELECT coalesce(sum(l.total_cents - (SELECT coalesce(sum(cl.total_cents), 0) FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id)
    - (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_line_id = l.id)), 0)::int FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
      WHERE i.payer_client_id = c.id AND i.status = 'issued') AS owing_cents,
    (SELECT (coalesce(sum(pm.amount_cents), 0) - coalesce(sum((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.payment_id = pm.id)), 0))::int
      FROM payments pm WHERE pm.payer_client_id = c.id) AS credit_cents,
    (SELECT count(*)::int FROM invoices i WHERE i.payer_client_id = c.id AND i.status = 'issued'
      AND EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id AND l.total_cents - (SELECT coalesce(sum(cl.total_cents), 0) FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id)
    - (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_line_id = l.id) > 0)) AS open_invoices
  FROM clients c WHERE c.id = $1 AND EXISTS (SELECT 1 FROM clients bc WHERE bc.id = c.id AND bc.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $2
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $2
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $2));
