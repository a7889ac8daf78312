-- Rendered by `npm run queries` from src/**/billing-reports.queries.ts; CI fails when this file is stale.

-- billing-reports.revenue[1] (scope: report)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "month"
--   $4 = "America/Toronto"
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $4::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $4::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $4::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $4::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc($3::text, $1::timestamptz AT TIME ZONE $4::text), $2::timestamptz AT TIME ZONE $4::text, (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $4::text AS starts, (p + (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AT TIME ZONE $4::text AS ends) AS e
  ), ledger AS (
    SELECT pr.p, l.therapist_id, l.amount_cents AS billed, l.tax_cents AS tax_billed, 0 AS credited, 0 AS tax_credited, 0 AS collected
      FROM periods pr
      JOIN invoices i ON i.issued_at >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND i.issued_at < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (i.issued_at >= pr.starts + pr.lo_margin AND i.issued_at < pr.ends - pr.hi_margin OR date_trunc($3::text, i.issued_at AT TIME ZONE $4::text) = pr.p) AND i.status = 'issued'
      JOIN invoice_lines l ON l.invoice_id = i.id
    UNION ALL
    SELECT pr.p, l.therapist_id, 0, 0, cl.amount_cents, cl.tax_cents, 0
      FROM periods pr
      JOIN credit_notes cn ON cn.issued_at >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND cn.issued_at < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (cn.issued_at >= pr.starts + pr.lo_margin AND cn.issued_at < pr.ends - pr.hi_margin OR date_trunc($3::text, cn.issued_at AT TIME ZONE $4::text) = pr.p)
      JOIN credit_note_lines cl ON cl.credit_note_id = cn.id
      JOIN invoice_lines l ON l.id = cl.invoice_line_id
    UNION ALL
    SELECT pr.p, l.therapist_id, 0, 0, 0, 0, a.amount_cents
      FROM periods pr
      JOIN payments pm ON pm.received_at >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND pm.received_at < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (pm.received_at >= pr.starts + pr.lo_margin AND pm.received_at < pr.ends - pr.hi_margin OR date_trunc($3::text, pm.received_at AT TIME ZONE $4::text) = pr.p)
      JOIN payment_allocations a ON a.payment_id = pm.id AND a.credit_note_id IS NULL
      JOIN invoice_lines l ON l.id = a.invoice_line_id
    UNION ALL
    SELECT pr.p, l.therapist_id, 0, 0, 0, 0, a.amount_cents
      FROM periods pr
      JOIN credit_notes cn ON cn.issued_at >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND cn.issued_at < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (cn.issued_at >= pr.starts + pr.lo_margin AND cn.issued_at < pr.ends - pr.hi_margin OR date_trunc($3::text, cn.issued_at AT TIME ZONE $4::text) = pr.p)
      JOIN credit_note_lines cl ON cl.credit_note_id = cn.id
      -- A give-back is on a line its credit note credits: found by the line's index.
      JOIN payment_allocations a ON a.invoice_line_id = cl.invoice_line_id AND a.credit_note_id = cn.id
      JOIN invoice_lines l ON l.id = cl.invoice_line_id
  ), figures AS (
    SELECT p, therapist_id, sum(billed)::bigint AS billed_cents, sum(tax_billed)::bigint AS tax_billed_cents,
           sum(credited)::bigint AS credited_cents, sum(tax_credited)::bigint AS tax_credited_cents, sum(collected)::bigint AS collected_cents
      FROM ledger
     GROUP BY 1, 2
  ), names AS (
    SELECT u.id, u.display_name FROM users u WHERE u.id = ANY(ARRAY(SELECT DISTINCT f.therapist_id FROM figures f))
  )
  SELECT to_char(f.p, 'YYYY-MM-DD') AS period, f.therapist_id, u.display_name AS therapist_name,
         f.billed_cents, f.tax_billed_cents, f.credited_cents, f.tax_credited_cents, f.collected_cents
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY f.p, u.display_name, f.therapist_id;

-- billing-reports.revenue[2] (scope: report)
--   $1 = "2026-03-01T14:00:00.000Z"
--   $2 = "2026-04-01T14:00:00.000Z"
--   $3 = "week"
--   $4 = "America/Toronto"
--   $5 = "00000000-0000-4000-8000-000000000002"
WITH periods AS MATERIALIZED (
    SELECT p, starts, ends,
           CASE WHEN ((starts - interval '1 day') AT TIME ZONE $4::text - (starts - interval '1 day') AT TIME ZONE 'UTC') = ((starts + interval '1 day') AT TIME ZONE $4::text - (starts + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS lo_margin,
           CASE WHEN ((ends - interval '1 day') AT TIME ZONE $4::text - (ends - interval '1 day') AT TIME ZONE 'UTC') = ((ends + interval '1 day') AT TIME ZONE $4::text - (ends + interval '1 day') AT TIME ZONE 'UTC') THEN interval '0' ELSE interval '1 day' END AS hi_margin
      FROM generate_series(date_trunc($3::text, $1::timestamptz AT TIME ZONE $4::text), $2::timestamptz AT TIME ZONE $4::text, (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AS p,
           LATERAL (SELECT p AT TIME ZONE $4::text AS starts, (p + (CASE $3::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || $3::text)::interval END)) AT TIME ZONE $4::text AS ends) AS e
  ), ledger AS (
    SELECT pr.p, l.therapist_id, l.amount_cents AS billed, l.tax_cents AS tax_billed, 0 AS credited, 0 AS tax_credited, 0 AS collected
      FROM periods pr
      JOIN invoices i ON i.issued_at >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND i.issued_at < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (i.issued_at >= pr.starts + pr.lo_margin AND i.issued_at < pr.ends - pr.hi_margin OR date_trunc($3::text, i.issued_at AT TIME ZONE $4::text) = pr.p) AND i.status = 'issued'
      JOIN invoice_lines l ON l.invoice_id = i.id AND l.therapist_id = $5::uuid
    UNION ALL
    SELECT pr.p, l.therapist_id, 0, 0, cl.amount_cents, cl.tax_cents, 0
      FROM periods pr
      JOIN credit_notes cn ON cn.issued_at >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND cn.issued_at < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (cn.issued_at >= pr.starts + pr.lo_margin AND cn.issued_at < pr.ends - pr.hi_margin OR date_trunc($3::text, cn.issued_at AT TIME ZONE $4::text) = pr.p)
      JOIN credit_note_lines cl ON cl.credit_note_id = cn.id
      JOIN invoice_lines l ON l.id = cl.invoice_line_id AND l.therapist_id = $5::uuid
    UNION ALL
    SELECT pr.p, l.therapist_id, 0, 0, 0, 0, a.amount_cents
      FROM periods pr
      JOIN payments pm ON pm.received_at >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND pm.received_at < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (pm.received_at >= pr.starts + pr.lo_margin AND pm.received_at < pr.ends - pr.hi_margin OR date_trunc($3::text, pm.received_at AT TIME ZONE $4::text) = pr.p)
      JOIN payment_allocations a ON a.payment_id = pm.id AND a.credit_note_id IS NULL
      JOIN invoice_lines l ON l.id = a.invoice_line_id AND l.therapist_id = $5::uuid
    UNION ALL
    SELECT pr.p, l.therapist_id, 0, 0, 0, 0, a.amount_cents
      FROM periods pr
      JOIN credit_notes cn ON cn.issued_at >= greatest($1::timestamptz, pr.starts - pr.lo_margin) AND cn.issued_at < least($2::timestamptz, pr.ends + pr.hi_margin)
       AND (cn.issued_at >= pr.starts + pr.lo_margin AND cn.issued_at < pr.ends - pr.hi_margin OR date_trunc($3::text, cn.issued_at AT TIME ZONE $4::text) = pr.p)
      JOIN credit_note_lines cl ON cl.credit_note_id = cn.id
      -- A give-back is on a line its credit note credits: found by the line's index.
      JOIN payment_allocations a ON a.invoice_line_id = cl.invoice_line_id AND a.credit_note_id = cn.id
      JOIN invoice_lines l ON l.id = cl.invoice_line_id AND l.therapist_id = $5::uuid
  ), figures AS (
    SELECT p, therapist_id, sum(billed)::bigint AS billed_cents, sum(tax_billed)::bigint AS tax_billed_cents,
           sum(credited)::bigint AS credited_cents, sum(tax_credited)::bigint AS tax_credited_cents, sum(collected)::bigint AS collected_cents
      FROM ledger
     GROUP BY 1, 2
  ), names AS (
    SELECT u.id, u.display_name FROM users u WHERE u.id = ANY(ARRAY(SELECT DISTINCT f.therapist_id FROM figures f))
  )
  SELECT to_char(f.p, 'YYYY-MM-DD') AS period, f.therapist_id, u.display_name AS therapist_name,
         f.billed_cents, f.tax_billed_cents, f.credited_cents, f.tax_credited_cents, f.collected_cents
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY f.p, u.display_name, f.therapist_id;

-- billing-reports.aging[1] (scope: report)
--   $1 = "2026-04-01T04:00:00.000Z"
--   $2 = "2026-03-31"
WITH open_lines AS (
    SELECT l.therapist_id, $2::date - i.due_on AS days,
           l.total_cents
             - coalesce((SELECT sum(cl.total_cents) FROM credit_note_lines cl JOIN credit_notes cn ON cn.id = cl.credit_note_id
                          WHERE cl.invoice_line_id = l.id AND cn.issued_at < $1::timestamptz), 0)
             - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
                          WHERE a.invoice_line_id = l.id AND a.allocated_at < $1::timestamptz), 0) AS owed
      FROM invoices i
      JOIN invoice_lines l ON l.invoice_id = i.id
     WHERE i.issued_at < $1::timestamptz AND (i.status = 'issued' OR i.voided_at >= $1::timestamptz)
  ), figures AS (
    SELECT therapist_id,
           coalesce(sum(owed) FILTER (WHERE days <= 30), 0)::bigint AS current_cents,
           coalesce(sum(owed) FILTER (WHERE days BETWEEN 31 AND 60), 0)::bigint AS days_31_to_60_cents,
           coalesce(sum(owed) FILTER (WHERE days BETWEEN 61 AND 90), 0)::bigint AS days_61_to_90_cents,
           coalesce(sum(owed) FILTER (WHERE days > 90), 0)::bigint AS over_90_cents,
           sum(owed)::bigint AS total_cents
      FROM open_lines
     WHERE owed <> 0
     GROUP BY therapist_id
  ), names AS (
    SELECT u.id, u.display_name FROM users u WHERE u.id = ANY(ARRAY(SELECT DISTINCT f.therapist_id FROM figures f))
  )
  SELECT f.therapist_id, u.display_name AS therapist_name,
         f.current_cents, f.days_31_to_60_cents, f.days_61_to_90_cents, f.over_90_cents, f.total_cents
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY u.display_name, f.therapist_id;

-- billing-reports.aging[2] (scope: report)
--   $1 = "2026-04-01T04:00:00.000Z"
--   $2 = "2026-03-31"
--   $3 = "00000000-0000-4000-8000-000000000002"
WITH open_lines AS (
    SELECT l.therapist_id, $2::date - i.due_on AS days,
           l.total_cents
             - coalesce((SELECT sum(cl.total_cents) FROM credit_note_lines cl JOIN credit_notes cn ON cn.id = cl.credit_note_id
                          WHERE cl.invoice_line_id = l.id AND cn.issued_at < $1::timestamptz), 0)
             - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
                          WHERE a.invoice_line_id = l.id AND a.allocated_at < $1::timestamptz), 0) AS owed
      FROM invoices i
      JOIN invoice_lines l ON l.invoice_id = i.id AND l.therapist_id = $3::uuid
     WHERE i.issued_at < $1::timestamptz AND (i.status = 'issued' OR i.voided_at >= $1::timestamptz)
  ), figures AS (
    SELECT therapist_id,
           coalesce(sum(owed) FILTER (WHERE days <= 30), 0)::bigint AS current_cents,
           coalesce(sum(owed) FILTER (WHERE days BETWEEN 31 AND 60), 0)::bigint AS days_31_to_60_cents,
           coalesce(sum(owed) FILTER (WHERE days BETWEEN 61 AND 90), 0)::bigint AS days_61_to_90_cents,
           coalesce(sum(owed) FILTER (WHERE days > 90), 0)::bigint AS over_90_cents,
           sum(owed)::bigint AS total_cents
      FROM open_lines
     WHERE owed <> 0
     GROUP BY therapist_id
  ), names AS (
    SELECT u.id, u.display_name FROM users u WHERE u.id = ANY(ARRAY(SELECT DISTINCT f.therapist_id FROM figures f))
  )
  SELECT f.therapist_id, u.display_name AS therapist_name,
         f.current_cents, f.days_31_to_60_cents, f.days_61_to_90_cents, f.over_90_cents, f.total_cents
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY u.display_name, f.therapist_id;

-- billing-reports.unappliedCredit[1] (scope: report)
--   $1 = "2026-04-01T04:00:00.000Z"
SELECT coalesce(sum(pm.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
                                                          WHERE a.payment_id = pm.id AND a.allocated_at < $1::timestamptz), 0)), 0)::bigint AS unapplied_cents
    FROM payments pm
   WHERE pm.received_at < $1::timestamptz AND TRUE;
