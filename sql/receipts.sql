-- Rendered by `npm run queries` from src/**/receipts.queries.ts; CI fails when this file is stale.

-- receipts.payment[1] (scope: billing, client)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT pm.id, pm.received_at, pm.payer_client_id, c.legal_name AS payer_name,
                ARRAY(SELECT pm.payer_client_id UNION SELECT unnest(ARRAY[k.partner_a_id, k.partner_b_id]) FROM couples k WHERE k.id IN (SELECT i.couple_id FROM payment_allocations pa JOIN invoices i ON i.id = pa.invoice_id WHERE pa.payment_id = pm.id)) AS client_ids
           FROM payments pm JOIN clients c ON c.id = pm.payer_client_id
          WHERE pm.id = $1 AND EXISTS (SELECT 1 FROM clients bc WHERE bc.id = pm.payer_client_id AND bc.portal_user_id = $2);

-- receipts.payment[2] (scope: billing, client)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT pm.id, pm.received_at, pm.payer_client_id, c.legal_name AS payer_name,
                ARRAY(SELECT pm.payer_client_id UNION SELECT unnest(ARRAY[k.partner_a_id, k.partner_b_id]) FROM couples k WHERE k.id IN (SELECT i.couple_id FROM payment_allocations pa JOIN invoices i ON i.id = pa.invoice_id WHERE pa.payment_id = pm.id)) AS client_ids
           FROM payments pm JOIN clients c ON c.id = pm.payer_client_id
          WHERE pm.id = $1 AND EXISTS (SELECT 1 FROM clients bc WHERE bc.id = pm.payer_client_id AND bc.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $2
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $2
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $2));

-- receipts.payer[1] (scope: billing, client)
--   $1 = "2026-03-01"
--   $2 = "2026-04-01"
--   $3 = "00000000-0000-4000-8000-000000000004"
--   $4 = "00000000-0000-4000-8000-000000000003"
SELECT c.id AS payer_client_id, c.legal_name AS payer_name,
                ARRAY(SELECT c.id UNION SELECT unnest(ARRAY[k.partner_a_id, k.partner_b_id]) FROM couples k WHERE k.id IN (SELECT i.couple_id FROM invoices i WHERE i.payer_client_id = c.id AND EXISTS (
                    SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id AND l.service_date >= $1::date AND l.service_date < $2::date))) AS client_ids
           FROM clients c
          WHERE c.id = $3 AND EXISTS (SELECT 1 FROM clients bc WHERE bc.id = c.id AND bc.portal_user_id = $4);

-- receipts.paymentAllocations[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "America/Toronto"
SELECT a.payment_id, a.allocated_at, a.amount_cents AS allocated_cents, pm.method, pm.received_at,
         to_char(pm.received_at AT TIME ZONE $2::text, 'YYYY-MM-DD') AS paid_on,
         l.id AS line_id, l.position, i.number AS invoice_number, i.hst_number, to_char(l.service_date, 'YYYY-MM-DD') AS service_date,
         l.duration_minutes, l.description, l.tax_treatment, l.amount_cents, l.tax_cents, l.total_cents,
         l.therapist_id, u.display_name AS therapist_name, tp.crpo_number,
         CASE WHEN i.couple_id IS NULL THEN ARRAY[payer.legal_name]
              ELSE ARRAY(SELECT c.legal_name FROM couples k JOIN clients c ON c.id IN (k.partner_a_id, k.partner_b_id)
                          WHERE k.id = i.couple_id ORDER BY c.id = k.partner_b_id) END AS client_names
    FROM payment_allocations a
    JOIN payments pm ON pm.id = a.payment_id
    JOIN invoice_lines l ON l.id = a.invoice_line_id
    JOIN invoices i ON i.id = l.invoice_id
    JOIN clients payer ON payer.id = i.payer_client_id
    JOIN users u ON u.id = l.therapist_id
    LEFT JOIN therapist_profiles tp ON tp.user_id = l.therapist_id
   WHERE a.payment_id = $1
   ORDER BY l.service_date, i.number, l.position, pm.received_at, a.allocated_at, a.payment_id;

-- receipts.periodAllocations[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "America/Toronto"
--   $3 = "2026-03-01"
--   $4 = "2026-04-01"
SELECT a.payment_id, a.allocated_at, a.amount_cents AS allocated_cents, pm.method, pm.received_at,
         to_char(pm.received_at AT TIME ZONE $2::text, 'YYYY-MM-DD') AS paid_on,
         l.id AS line_id, l.position, i.number AS invoice_number, i.hst_number, to_char(l.service_date, 'YYYY-MM-DD') AS service_date,
         l.duration_minutes, l.description, l.tax_treatment, l.amount_cents, l.tax_cents, l.total_cents,
         l.therapist_id, u.display_name AS therapist_name, tp.crpo_number,
         CASE WHEN i.couple_id IS NULL THEN ARRAY[payer.legal_name]
              ELSE ARRAY(SELECT c.legal_name FROM couples k JOIN clients c ON c.id IN (k.partner_a_id, k.partner_b_id)
                          WHERE k.id = i.couple_id ORDER BY c.id = k.partner_b_id) END AS client_names
    FROM payment_allocations a
    JOIN payments pm ON pm.id = a.payment_id
    JOIN invoice_lines l ON l.id = a.invoice_line_id
    JOIN invoices i ON i.id = l.invoice_id
    JOIN clients payer ON payer.id = i.payer_client_id
    JOIN users u ON u.id = l.therapist_id
    LEFT JOIN therapist_profiles tp ON tp.user_id = l.therapist_id
   WHERE i.payer_client_id = $1 AND pm.payer_client_id = $1 AND i.status = 'issued'
     AND l.service_date >= $3::date AND l.service_date < $4::date
   ORDER BY l.service_date, i.number, l.position, pm.received_at, a.allocated_at, a.payment_id;

-- receipts.credits[1] (exemption: after-scoped-check)
--   $1 = "America/Toronto"
--   $2 = ["00000000-0000-4000-8000-00000000000b"]
SELECT cn.number AS credit_note_number, i.number AS invoice_number,
                to_char(cn.issued_at AT TIME ZONE $1::text, 'YYYY-MM-DD') AS issued_on, sum(cl.total_cents)::bigint AS amount_cents
           FROM credit_note_lines cl
           JOIN credit_notes cn ON cn.id = cl.credit_note_id
           JOIN invoices i ON i.id = cn.invoice_id
          WHERE cl.invoice_line_id = ANY($2::uuid[])
          GROUP BY cn.number, i.number, cn.issued_at
          ORDER BY cn.issued_at, cn.number;
