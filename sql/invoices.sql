-- Rendered by `npm run queries` from src/**/invoices.queries.ts; CI fails when this file is stale.

-- invoices.lockSessions[1] (scope: session)
--   $1 = ["00000000-0000-4000-8000-000000000007"]
SELECT s.id FROM therapy_sessions s WHERE TRUE AND s.id = ANY($1::uuid[]) ORDER BY s.id FOR UPDATE OF s;

-- invoices.lockSessions[2] (scope: session)
--   $1 = "00000000-0000-4000-8000-000000000006"
--   $2 = "America/Toronto"
--   $3 = "2026-11-01"
--   $4 = "2026-12-01"
SELECT s.id FROM therapy_sessions s WHERE TRUE AND s.couple_id = $1 AND lower(s.during) >= ($3::date::timestamp AT TIME ZONE $2) AND lower(s.during) < ($4::date::timestamp AT TIME ZONE $2) AND s.status <> 'scheduled' ORDER BY s.id FOR UPDATE OF s;

-- invoices.billableSessions[1] (scope: session)
--   $1 = "America/Toronto"
--   $2 = ["00000000-0000-4000-8000-000000000007"]
SELECT s.id, s.therapist_id, s.couple_id, s.client_id, s.status, s.late_cancellation,
    to_char(d.service_date, 'YYYY-MM-DD') AS service_date, d.minutes,
    k.partner_a_id, k.partner_b_id, k.billing_payer, k.billing_share_a_basis_points,
    st.id AS service_type_id, st.name AS service_name, st.tax_treatment, price.unit_price_cents,
    ARRAY(SELECT i.payer_client_id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE l.therapy_session_id = s.id AND i.status = 'issued') AS billed_payer_ids
  FROM therapy_sessions s
  CROSS JOIN LATERAL (SELECT (lower(s.during) AT TIME ZONE $1)::date AS service_date,
    (extract(epoch FROM upper(s.during) - lower(s.during)) / 60)::int AS minutes) d
  LEFT JOIN couples k ON k.id = s.couple_id
  LEFT JOIN LATERAL (SELECT st.id, st.name, st.tax_treatment FROM service_types st
    WHERE st.active AND st.kind = CASE s.status WHEN 'completed' THEN 'session' WHEN 'cancelled' THEN 'late_cancellation' WHEN 'no_show' THEN 'no_show' END
      AND (st.kind <> 'session' OR (st.party = CASE WHEN s.couple_id IS NULL THEN 'individual' ELSE 'couple' END AND st.duration_minutes = d.minutes))
    ORDER BY st.code LIMIT 1) st ON TRUE
  LEFT JOIN LATERAL (SELECT sp.unit_price_cents FROM service_prices sp
    WHERE sp.service_type_id = st.id AND sp.effective_from <= d.service_date ORDER BY sp.effective_from DESC LIMIT 1) price ON TRUE
  WHERE TRUE AND s.id = ANY($2::uuid[])
  ORDER BY lower(s.during), s.id;

-- invoices.billableSessions[2] (scope: session)
--   $1 = "America/Toronto"
--   $2 = "00000000-0000-4000-8000-000000000006"
--   $3 = "America/Toronto"
--   $4 = "2026-11-01"
--   $5 = "2026-12-01"
SELECT s.id, s.therapist_id, s.couple_id, s.client_id, s.status, s.late_cancellation,
    to_char(d.service_date, 'YYYY-MM-DD') AS service_date, d.minutes,
    k.partner_a_id, k.partner_b_id, k.billing_payer, k.billing_share_a_basis_points,
    st.id AS service_type_id, st.name AS service_name, st.tax_treatment, price.unit_price_cents,
    ARRAY(SELECT i.payer_client_id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE l.therapy_session_id = s.id AND i.status = 'issued') AS billed_payer_ids
  FROM therapy_sessions s
  CROSS JOIN LATERAL (SELECT (lower(s.during) AT TIME ZONE $1)::date AS service_date,
    (extract(epoch FROM upper(s.during) - lower(s.during)) / 60)::int AS minutes) d
  LEFT JOIN couples k ON k.id = s.couple_id
  LEFT JOIN LATERAL (SELECT st.id, st.name, st.tax_treatment FROM service_types st
    WHERE st.active AND st.kind = CASE s.status WHEN 'completed' THEN 'session' WHEN 'cancelled' THEN 'late_cancellation' WHEN 'no_show' THEN 'no_show' END
      AND (st.kind <> 'session' OR (st.party = CASE WHEN s.couple_id IS NULL THEN 'individual' ELSE 'couple' END AND st.duration_minutes = d.minutes))
    ORDER BY st.code LIMIT 1) st ON TRUE
  LEFT JOIN LATERAL (SELECT sp.unit_price_cents FROM service_prices sp
    WHERE sp.service_type_id = st.id AND sp.effective_from <= d.service_date ORDER BY sp.effective_from DESC LIMIT 1) price ON TRUE
  WHERE TRUE AND s.couple_id = $2 AND lower(s.during) >= ($4::date::timestamp AT TIME ZONE $3) AND lower(s.during) < ($5::date::timestamp AT TIME ZONE $3) AND s.status <> 'scheduled'
  ORDER BY lower(s.during), s.id;

-- invoices.billableSessions[3] (scope: session)
--   $1 = "America/Toronto"
--   $2 = "00000000-0000-4000-8000-000000000004"
--   $3 = "America/Toronto"
--   $4 = "2026-11-01"
--   $5 = "2026-12-01"
SELECT s.id, s.therapist_id, s.couple_id, s.client_id, s.status, s.late_cancellation,
    to_char(d.service_date, 'YYYY-MM-DD') AS service_date, d.minutes,
    k.partner_a_id, k.partner_b_id, k.billing_payer, k.billing_share_a_basis_points,
    st.id AS service_type_id, st.name AS service_name, st.tax_treatment, price.unit_price_cents,
    ARRAY(SELECT i.payer_client_id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE l.therapy_session_id = s.id AND i.status = 'issued') AS billed_payer_ids
  FROM therapy_sessions s
  CROSS JOIN LATERAL (SELECT (lower(s.during) AT TIME ZONE $1)::date AS service_date,
    (extract(epoch FROM upper(s.during) - lower(s.during)) / 60)::int AS minutes) d
  LEFT JOIN couples k ON k.id = s.couple_id
  LEFT JOIN LATERAL (SELECT st.id, st.name, st.tax_treatment FROM service_types st
    WHERE st.active AND st.kind = CASE s.status WHEN 'completed' THEN 'session' WHEN 'cancelled' THEN 'late_cancellation' WHEN 'no_show' THEN 'no_show' END
      AND (st.kind <> 'session' OR (st.party = CASE WHEN s.couple_id IS NULL THEN 'individual' ELSE 'couple' END AND st.duration_minutes = d.minutes))
    ORDER BY st.code LIMIT 1) st ON TRUE
  LEFT JOIN LATERAL (SELECT sp.unit_price_cents FROM service_prices sp
    WHERE sp.service_type_id = st.id AND sp.effective_from <= d.service_date ORDER BY sp.effective_from DESC LIMIT 1) price ON TRUE
  WHERE TRUE AND s.client_id = $2 AND lower(s.during) >= ($4::date::timestamp AT TIME ZONE $3) AND lower(s.during) < ($5::date::timestamp AT TIME ZONE $3) AND s.status <> 'scheduled'
  ORDER BY lower(s.during), s.id;

-- invoices.documentCharges[1] (scope: client)
--   $1 = "[{\"clientId\":\"00000000-0000-4000-8000-000000000004\",\"therapistId\":\"00000000-0000-4000-8000-000000000002\",\"serviceTypeId\":\"00000000-0000-4000-8000-00000000000b\",\"serviceDate\":\"2026-11-20\",\"n\":0}]"
SELECT x.n, c.id AS client_id, u.id AS therapist_id, st.id AS service_type_id, st.name, st.kind, st.tax_treatment, st.active,
    (SELECT sp.unit_price_cents FROM service_prices sp WHERE sp.service_type_id = st.id AND sp.effective_from <= x."serviceDate"
      ORDER BY sp.effective_from DESC LIMIT 1) AS unit_price_cents
  FROM jsonb_to_recordset($1::jsonb)
    AS x(n int, "clientId" uuid, "therapistId" uuid, "serviceTypeId" uuid, "serviceDate" date)
  JOIN clients c ON c.id = x."clientId" AND TRUE
  JOIN users u ON u.id = x."therapistId" AND u.role = 'therapist'
  JOIN service_types st ON st.id = x."serviceTypeId"
  ORDER BY x.n;

-- invoices.takeNumbers[1] (no scope)
--   $1 = "invoice"
--   $2 = 2
UPDATE billing_counters SET last_number = last_number + $2 WHERE name = $1 RETURNING last_number;

-- invoices.insertInvoices[1] (exemption: after-scoped-check)
--   $1 = "[{\"id\":\"00000000-0000-4000-8000-00000000000b\",\"number\":41,\"payer_client_id\":\"00000000-0000-4000-8000-000000000004\",\"couple_id\":\"00000000-0000-4000-8000-000000000006\",\"period_from\":\"2026-11-01\",\"period_to\":\"2026-12-01\",\"subtotal_cents\":17500,\"tax_cents\":0,\"total_cents\":17500,\"hst_number\":null,\"issued_by\":\"00000000-0000-4000-8000-000000000001\"}]"
--   $2 = "America/Toronto"
--   $3 = 30
INSERT INTO invoices (id, number, payer_client_id, couple_id, issued_at, due_on, period_from, period_to, subtotal_cents, tax_cents, total_cents, hst_number, issued_by)
  SELECT x.id, x.number, x.payer_client_id, x.couple_id, now(), (now() AT TIME ZONE $2)::date + $3::int, x.period_from, x.period_to, x.subtotal_cents, x.tax_cents, x.total_cents, x.hst_number, x.issued_by
    FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, number int, payer_client_id uuid, couple_id uuid, period_from date, period_to date,
    subtotal_cents int, tax_cents int, total_cents int, hst_number varchar, issued_by uuid);

-- invoices.insertLines[1] (exemption: after-scoped-check)
--   $1 = "[{\"invoice_id\":\"00000000-0000-4000-8000-00000000000b\",\"position\":1,\"service_type_id\":\"00000000-0000-4000-8000-00000000000b\",\"therapy_session_id\":\"00000000-0000-4000-8000-000000000007\",\"therapist_id\":\"00000000-0000-4000-8000-000000000002\",\"service_date\":\"2026-11-03\",\"duration_minutes\":50,\"description\":\"Couple psychotherapy session, 50 minutes\",\"tax_treatment\":\"exempt\",\"fee_cents\":17500,\"share_basis_points\":10000,\"amount_cents\":17500,\"tax_cents\":0,\"total_cents\":17500}]"
INSERT INTO invoice_lines (invoice_id, position, service_type_id, therapy_session_id, therapist_id, service_date, duration_minutes, description,
    tax_treatment, fee_cents, share_basis_points, amount_cents, tax_cents, total_cents)
  SELECT x.invoice_id, x.position, x.service_type_id, x.therapy_session_id, x.therapist_id, x.service_date, x.duration_minutes, x.description,
    x.tax_treatment, x.fee_cents, x.share_basis_points, x.amount_cents, x.tax_cents, x.total_cents
    FROM jsonb_to_recordset($1::jsonb) AS x(invoice_id uuid, position smallint, service_type_id uuid, therapy_session_id uuid, therapist_id uuid, service_date date,
    duration_minutes int, description varchar, tax_treatment varchar, fee_cents int, share_basis_points int, amount_cents int, tax_cents int, total_cents int);

-- invoices.list[1] (scope: billing, client)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT i.id, i.number, i.payer_client_id, coalesce(c.preferred_name, c.legal_name) AS payer_name, i.couple_id, i.status, i.issued_at,
    to_char(i.due_on, 'YYYY-MM-DD') AS due_on, to_char(i.period_from, 'YYYY-MM-DD') AS period_from, to_char(i.period_to, 'YYYY-MM-DD') AS period_to,
    i.subtotal_cents, i.tax_cents, i.total_cents, i.hst_number, i.voided_at, i.void_reason,
    (SELECT coalesce(sum(cn.total_cents), 0)::int FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credited_cents, (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.invoice_id = i.id) AS paid_cents, CASE WHEN k.id IS NULL THEN ARRAY[i.payer_client_id] ELSE ARRAY[k.partner_a_id, k.partner_b_id] END AS client_ids, ARRAY[(i.issued_at)::text, (i.number)::text] AS page_key
  FROM invoices i JOIN clients c ON c.id = i.payer_client_id LEFT JOIN couples k ON k.id = i.couple_id WHERE EXISTS (SELECT 1 FROM clients bc WHERE bc.id = i.payer_client_id AND bc.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $1
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $1
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $1)) AND TRUE ORDER BY i.issued_at DESC, i.number DESC LIMIT 21;

-- invoices.list[2] (scope: billing, client)
--   $1 = "00000000-0000-4000-8000-000000000003"
--   $2 = "00000000-0000-4000-8000-000000000004"
SELECT i.id, i.number, i.payer_client_id, coalesce(c.preferred_name, c.legal_name) AS payer_name, i.couple_id, i.status, i.issued_at,
    to_char(i.due_on, 'YYYY-MM-DD') AS due_on, to_char(i.period_from, 'YYYY-MM-DD') AS period_from, to_char(i.period_to, 'YYYY-MM-DD') AS period_to,
    i.subtotal_cents, i.tax_cents, i.total_cents, i.hst_number, i.voided_at, i.void_reason,
    (SELECT coalesce(sum(cn.total_cents), 0)::int FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credited_cents, (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.invoice_id = i.id) AS paid_cents, CASE WHEN k.id IS NULL THEN ARRAY[i.payer_client_id] ELSE ARRAY[k.partner_a_id, k.partner_b_id] END AS client_ids, ARRAY[(i.issued_at)::text, (i.number)::text] AS page_key
  FROM invoices i JOIN clients c ON c.id = i.payer_client_id LEFT JOIN couples k ON k.id = i.couple_id WHERE EXISTS (SELECT 1 FROM clients bc WHERE bc.id = i.payer_client_id AND bc.portal_user_id = $1) AND i.payer_client_id = $2 AND TRUE ORDER BY i.issued_at DESC, i.number DESC LIMIT 21;

-- invoices.list[3] (scope: billing)
--   $1 = "00000000-0000-4000-8000-000000000006"
--   $2 = "issued"
--   $3 = "2026-11-30 15:00:00+00"
--   $4 = "41"
SELECT i.id, i.number, i.payer_client_id, coalesce(c.preferred_name, c.legal_name) AS payer_name, i.couple_id, i.status, i.issued_at,
    to_char(i.due_on, 'YYYY-MM-DD') AS due_on, to_char(i.period_from, 'YYYY-MM-DD') AS period_from, to_char(i.period_to, 'YYYY-MM-DD') AS period_to,
    i.subtotal_cents, i.tax_cents, i.total_cents, i.hst_number, i.voided_at, i.void_reason,
    (SELECT coalesce(sum(cn.total_cents), 0)::int FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credited_cents, (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.invoice_id = i.id) AS paid_cents, CASE WHEN k.id IS NULL THEN ARRAY[i.payer_client_id] ELSE ARRAY[k.partner_a_id, k.partner_b_id] END AS client_ids, ARRAY[(i.issued_at)::text, (i.number)::text] AS page_key
  FROM invoices i JOIN clients c ON c.id = i.payer_client_id LEFT JOIN couples k ON k.id = i.couple_id WHERE TRUE AND i.couple_id = $1 AND i.status = $2 AND (i.issued_at, i.number) < ($3::timestamptz, $4::integer) ORDER BY i.issued_at DESC, i.number DESC LIMIT 21;

-- invoices.invoice[1] (scope: billing, client)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT i.id, i.number, i.payer_client_id, coalesce(c.preferred_name, c.legal_name) AS payer_name, i.couple_id, i.status, i.issued_at,
    to_char(i.due_on, 'YYYY-MM-DD') AS due_on, to_char(i.period_from, 'YYYY-MM-DD') AS period_from, to_char(i.period_to, 'YYYY-MM-DD') AS period_to,
    i.subtotal_cents, i.tax_cents, i.total_cents, i.hst_number, i.voided_at, i.void_reason,
    (SELECT coalesce(sum(cn.total_cents), 0)::int FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credited_cents, (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.invoice_id = i.id) AS paid_cents, CASE WHEN k.id IS NULL THEN ARRAY[i.payer_client_id] ELSE ARRAY[k.partner_a_id, k.partner_b_id] END AS client_ids, (SELECT json_agg(json_build_object(
      'id', l.id, 'position', l.position, 'serviceTypeId', l.service_type_id, 'therapySessionId', l.therapy_session_id,
      'therapistId', l.therapist_id, 'therapistName', u.display_name, 'serviceDate', to_char(l.service_date, 'YYYY-MM-DD'),
      'durationMinutes', l.duration_minutes, 'description', l.description, 'taxTreatment', l.tax_treatment,
      'feeCents', l.fee_cents, 'shareBasisPoints', l.share_basis_points, 'amountCents', l.amount_cents, 'taxCents', l.tax_cents,
      'totalCents', l.total_cents,
      'creditedCents', (SELECT coalesce(sum(cl.total_cents), 0) FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id),
      'paidCents', (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_line_id = l.id)) ORDER BY l.position)
    FROM invoice_lines l JOIN users u ON u.id = l.therapist_id WHERE l.invoice_id = i.id) AS lines, (SELECT coalesce(json_agg(json_build_object(
      'id', cn.id, 'number', cn.number, 'issuedAt', cn.issued_at, 'reason', cn.reason, 'subtotalCents', cn.subtotal_cents,
      'taxCents', cn.tax_cents, 'totalCents', cn.total_cents,
      'lines', (SELECT json_agg(json_build_object('invoiceLineId', cl.invoice_line_id, 'amountCents', cl.amount_cents, 'taxCents', cl.tax_cents,
        'totalCents', cl.total_cents) ORDER BY l.position) FROM credit_note_lines cl JOIN invoice_lines l ON l.id = cl.invoice_line_id WHERE cl.credit_note_id = cn.id)
    ) ORDER BY cn.number), '[]') FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credit_notes
  FROM invoices i JOIN clients c ON c.id = i.payer_client_id LEFT JOIN couples k ON k.id = i.couple_id WHERE i.id = $1 AND EXISTS (SELECT 1 FROM clients bc WHERE bc.id = i.payer_client_id AND bc.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $2
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $2
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $2));

-- invoices.invoice[2] (scope: billing, client)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT i.id, i.number, i.payer_client_id, coalesce(c.preferred_name, c.legal_name) AS payer_name, i.couple_id, i.status, i.issued_at,
    to_char(i.due_on, 'YYYY-MM-DD') AS due_on, to_char(i.period_from, 'YYYY-MM-DD') AS period_from, to_char(i.period_to, 'YYYY-MM-DD') AS period_to,
    i.subtotal_cents, i.tax_cents, i.total_cents, i.hst_number, i.voided_at, i.void_reason,
    (SELECT coalesce(sum(cn.total_cents), 0)::int FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credited_cents, (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.invoice_id = i.id) AS paid_cents, CASE WHEN k.id IS NULL THEN ARRAY[i.payer_client_id] ELSE ARRAY[k.partner_a_id, k.partner_b_id] END AS client_ids, (SELECT json_agg(json_build_object(
      'id', l.id, 'position', l.position, 'serviceTypeId', l.service_type_id, 'therapySessionId', l.therapy_session_id,
      'therapistId', l.therapist_id, 'therapistName', u.display_name, 'serviceDate', to_char(l.service_date, 'YYYY-MM-DD'),
      'durationMinutes', l.duration_minutes, 'description', l.description, 'taxTreatment', l.tax_treatment,
      'feeCents', l.fee_cents, 'shareBasisPoints', l.share_basis_points, 'amountCents', l.amount_cents, 'taxCents', l.tax_cents,
      'totalCents', l.total_cents,
      'creditedCents', (SELECT coalesce(sum(cl.total_cents), 0) FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id),
      'paidCents', (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_line_id = l.id)) ORDER BY l.position)
    FROM invoice_lines l JOIN users u ON u.id = l.therapist_id WHERE l.invoice_id = i.id) AS lines, (SELECT coalesce(json_agg(json_build_object(
      'id', cn.id, 'number', cn.number, 'issuedAt', cn.issued_at, 'reason', cn.reason, 'subtotalCents', cn.subtotal_cents,
      'taxCents', cn.tax_cents, 'totalCents', cn.total_cents,
      'lines', (SELECT json_agg(json_build_object('invoiceLineId', cl.invoice_line_id, 'amountCents', cl.amount_cents, 'taxCents', cl.tax_cents,
        'totalCents', cl.total_cents) ORDER BY l.position) FROM credit_note_lines cl JOIN invoice_lines l ON l.id = cl.invoice_line_id WHERE cl.credit_note_id = cn.id)
    ) ORDER BY cn.number), '[]') FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credit_notes
  FROM invoices i JOIN clients c ON c.id = i.payer_client_id LEFT JOIN couples k ON k.id = i.couple_id WHERE i.id = $1 AND EXISTS (SELECT 1 FROM clients bc WHERE bc.id = i.payer_client_id AND bc.portal_user_id = $2);

-- invoices.written[1] (exemption: after-scoped-check)
--   $1 = ["00000000-0000-4000-8000-00000000000b"]
SELECT i.id, i.number, i.payer_client_id, coalesce(c.preferred_name, c.legal_name) AS payer_name, i.couple_id, i.status, i.issued_at,
    to_char(i.due_on, 'YYYY-MM-DD') AS due_on, to_char(i.period_from, 'YYYY-MM-DD') AS period_from, to_char(i.period_to, 'YYYY-MM-DD') AS period_to,
    i.subtotal_cents, i.tax_cents, i.total_cents, i.hst_number, i.voided_at, i.void_reason,
    (SELECT coalesce(sum(cn.total_cents), 0)::int FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credited_cents, (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.invoice_id = i.id) AS paid_cents, CASE WHEN k.id IS NULL THEN ARRAY[i.payer_client_id] ELSE ARRAY[k.partner_a_id, k.partner_b_id] END AS client_ids, (SELECT json_agg(json_build_object(
      'id', l.id, 'position', l.position, 'serviceTypeId', l.service_type_id, 'therapySessionId', l.therapy_session_id,
      'therapistId', l.therapist_id, 'therapistName', u.display_name, 'serviceDate', to_char(l.service_date, 'YYYY-MM-DD'),
      'durationMinutes', l.duration_minutes, 'description', l.description, 'taxTreatment', l.tax_treatment,
      'feeCents', l.fee_cents, 'shareBasisPoints', l.share_basis_points, 'amountCents', l.amount_cents, 'taxCents', l.tax_cents,
      'totalCents', l.total_cents,
      'creditedCents', (SELECT coalesce(sum(cl.total_cents), 0) FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id),
      'paidCents', (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_line_id = l.id)) ORDER BY l.position)
    FROM invoice_lines l JOIN users u ON u.id = l.therapist_id WHERE l.invoice_id = i.id) AS lines, (SELECT coalesce(json_agg(json_build_object(
      'id', cn.id, 'number', cn.number, 'issuedAt', cn.issued_at, 'reason', cn.reason, 'subtotalCents', cn.subtotal_cents,
      'taxCents', cn.tax_cents, 'totalCents', cn.total_cents,
      'lines', (SELECT json_agg(json_build_object('invoiceLineId', cl.invoice_line_id, 'amountCents', cl.amount_cents, 'taxCents', cl.tax_cents,
        'totalCents', cl.total_cents) ORDER BY l.position) FROM credit_note_lines cl JOIN invoice_lines l ON l.id = cl.invoice_line_id WHERE cl.credit_note_id = cn.id)
    ) ORDER BY cn.number), '[]') FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credit_notes
  FROM invoices i JOIN clients c ON c.id = i.payer_client_id LEFT JOIN couples k ON k.id = i.couple_id WHERE i.id = ANY($1::uuid[]) ORDER BY i.number;

-- invoices.lock[1] (scope: billing)
--   $1 = "00000000-0000-4000-8000-00000000000b"
SELECT i.id, i.number, i.status, i.payer_client_id, (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.invoice_id = i.id) AS paid_cents, (SELECT coalesce(sum(cn.total_cents), 0)::int FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credited_cents, CASE WHEN k.id IS NULL THEN ARRAY[i.payer_client_id] ELSE ARRAY[k.partner_a_id, k.partner_b_id] END AS client_ids
  FROM invoices i LEFT JOIN couples k ON k.id = i.couple_id
  WHERE i.id = $1 AND TRUE
  FOR NO KEY UPDATE OF i;

-- invoices.markVoid[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "Billed to the wrong partner"
--   $3 = "00000000-0000-4000-8000-000000000001"
UPDATE invoices SET status = 'void', voided_at = now(), voided_by = $3, void_reason = $2 WHERE id = $1 AND status = 'issued';

-- invoices.creditableLines[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-00000000000b"
SELECT l.id, l.tax_treatment, l.amount_cents, l.total_cents,
    (SELECT coalesce(sum(cl.amount_cents), 0)::int FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id) AS credited_amount_cents,
    (SELECT coalesce(sum(cl.total_cents), 0)::int FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id) AS credited_total_cents,
    (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.invoice_line_id = l.id) AS paid_cents,
    (SELECT coalesce(json_agg(json_build_object('paymentId', x.payment_id, 'appliedCents', x.applied) ORDER BY x.received_at, x.payment_id), '[]')
       FROM (SELECT a.payment_id, pm.received_at, sum(a.amount_cents) AS applied FROM payment_allocations a JOIN payments pm ON pm.id = a.payment_id
              WHERE a.invoice_line_id = l.id GROUP BY a.payment_id, pm.received_at HAVING sum(a.amount_cents) > 0) x) AS payments
  FROM invoice_lines l WHERE l.invoice_id = $1 ORDER BY l.position;

-- invoices.insertCreditNote[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = 3
--   $3 = "00000000-0000-4000-8000-00000000000b"
--   $4 = "Session billed at 80 minutes, held for 50"
--   $5 = 7500
--   $6 = 0
--   $7 = 7500
--   $8 = "00000000-0000-4000-8000-000000000001"
--   $9 = "[{\"invoice_line_id\":\"00000000-0000-4000-8000-00000000000b\",\"tax_treatment\":\"exempt\",\"amount_cents\":7500,\"tax_cents\":0,\"total_cents\":7500}]"
WITH note AS (
      INSERT INTO credit_notes (id, number, invoice_id, issued_at, reason, subtotal_cents, tax_cents, total_cents, issued_by)
      VALUES ($1, $2, $3, now(), $4, $5, $6, $7, $8) RETURNING id
    )
    INSERT INTO credit_note_lines (credit_note_id, invoice_line_id, tax_treatment, amount_cents, tax_cents, total_cents)
    SELECT note.id, x.invoice_line_id, x.tax_treatment, x.amount_cents, x.tax_cents, x.total_cents
      FROM note, jsonb_to_recordset($9::jsonb) AS x(invoice_line_id uuid, tax_treatment varchar, amount_cents int, tax_cents int, total_cents int);
