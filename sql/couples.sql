-- Rendered by `npm run queries` from src/**/couples.queries.ts; CI fails when this file is stale.

-- couples.list[1] (scope: couple)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT k.id, k.therapist_id, k.status,
    to_char(k.started_on, 'YYYY-MM-DD') AS started_on, to_char(k.ended_on, 'YYYY-MM-DD') AS ended_on,
    k.created_at, k.updated_at, k.billing_payer, k.billing_share_a_basis_points,
    k.partner_a_id, a.legal_name AS a_legal_name, a.preferred_name AS a_preferred_name, a.pronouns AS a_pronouns,
    k.partner_b_id, b.legal_name AS b_legal_name, b.preferred_name AS b_preferred_name, b.pronouns AS b_pronouns, ARRAY[(k.started_on)::text, (k.id)::text] AS page_key
  FROM couples k
  JOIN clients a ON a.id = k.partner_a_id
  JOIN clients b ON b.id = k.partner_b_id WHERE k.therapist_id = $1 AND TRUE ORDER BY k.started_on DESC, k.id DESC LIMIT 21;

-- couples.list[2] (scope: couple)
--   $1 = "active"
--   $2 = "00000000-0000-4000-8000-000000000002"
--   $3 = "00000000-0000-4000-8000-000000000004"
--   $4 = "2026-03-01"
--   $5 = "00000000-0000-4000-8000-000000000006"
SELECT k.id, k.therapist_id, k.status,
    to_char(k.started_on, 'YYYY-MM-DD') AS started_on, to_char(k.ended_on, 'YYYY-MM-DD') AS ended_on,
    k.created_at, k.updated_at, k.billing_payer, k.billing_share_a_basis_points,
    k.partner_a_id, a.legal_name AS a_legal_name, a.preferred_name AS a_preferred_name, a.pronouns AS a_pronouns,
    k.partner_b_id, b.legal_name AS b_legal_name, b.preferred_name AS b_preferred_name, b.pronouns AS b_pronouns, ARRAY[(k.started_on)::text, (k.id)::text] AS page_key
  FROM couples k
  JOIN clients a ON a.id = k.partner_a_id
  JOIN clients b ON b.id = k.partner_b_id WHERE TRUE AND k.status = $1 AND k.therapist_id = $2 AND $3::uuid IN (k.partner_a_id, k.partner_b_id) AND (k.started_on, k.id) < ($4::date, $5::uuid) ORDER BY k.started_on DESC, k.id DESC LIMIT 21;

-- couples.list[3] (scope: couple)
--   $1 = "00000000-0000-4000-8000-000000000003"
SELECT k.id, k.therapist_id, k.status,
    to_char(k.started_on, 'YYYY-MM-DD') AS started_on, to_char(k.ended_on, 'YYYY-MM-DD') AS ended_on,
    k.created_at, k.updated_at, k.billing_payer, k.billing_share_a_basis_points,
    k.partner_a_id, a.legal_name AS a_legal_name, a.preferred_name AS a_preferred_name, a.pronouns AS a_pronouns,
    k.partner_b_id, b.legal_name AS b_legal_name, b.preferred_name AS b_preferred_name, b.pronouns AS b_pronouns, ARRAY[(k.started_on)::text, (k.id)::text] AS page_key
  FROM couples k
  JOIN clients a ON a.id = k.partner_a_id
  JOIN clients b ON b.id = k.partner_b_id WHERE k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $1) AND TRUE ORDER BY k.started_on DESC, k.id DESC LIMIT 21;

-- couples.couple[1] (scope: couple)
--   $1 = "00000000-0000-4000-8000-000000000006"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT k.id, k.therapist_id, k.status,
    to_char(k.started_on, 'YYYY-MM-DD') AS started_on, to_char(k.ended_on, 'YYYY-MM-DD') AS ended_on,
    k.created_at, k.updated_at, k.billing_payer, k.billing_share_a_basis_points,
    k.partner_a_id, a.legal_name AS a_legal_name, a.preferred_name AS a_preferred_name, a.pronouns AS a_pronouns,
    k.partner_b_id, b.legal_name AS b_legal_name, b.preferred_name AS b_preferred_name, b.pronouns AS b_pronouns
  FROM couples k
  JOIN clients a ON a.id = k.partner_a_id
  JOIN clients b ON b.id = k.partner_b_id WHERE k.id = $1 AND k.therapist_id = $2;

-- couples.couple[2] (scope: couple)
--   $1 = "00000000-0000-4000-8000-000000000006"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT k.id, k.therapist_id, k.status,
    to_char(k.started_on, 'YYYY-MM-DD') AS started_on, to_char(k.ended_on, 'YYYY-MM-DD') AS ended_on,
    k.created_at, k.updated_at, k.billing_payer, k.billing_share_a_basis_points,
    k.partner_a_id, a.legal_name AS a_legal_name, a.preferred_name AS a_preferred_name, a.pronouns AS a_pronouns,
    k.partner_b_id, b.legal_name AS b_legal_name, b.preferred_name AS b_preferred_name, b.pronouns AS b_pronouns
  FROM couples k
  JOIN clients a ON a.id = k.partner_a_id
  JOIN clients b ON b.id = k.partner_b_id WHERE k.id = $1 AND k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $2);

-- couples.written[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000006"
SELECT k.id, k.therapist_id, k.status,
    to_char(k.started_on, 'YYYY-MM-DD') AS started_on, to_char(k.ended_on, 'YYYY-MM-DD') AS ended_on,
    k.created_at, k.updated_at, k.billing_payer, k.billing_share_a_basis_points,
    k.partner_a_id, a.legal_name AS a_legal_name, a.preferred_name AS a_preferred_name, a.pronouns AS a_pronouns,
    k.partner_b_id, b.legal_name AS b_legal_name, b.preferred_name AS b_preferred_name, b.pronouns AS b_pronouns
  FROM couples k
  JOIN clients a ON a.id = k.partner_a_id
  JOIN clients b ON b.id = k.partner_b_id WHERE k.id = $1;

-- couples.create[1] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000005"
--   $3 = "00000000-0000-4000-8000-000000000002"
--   $4 = "2026-03-01"
--   $5 = "00000000-0000-4000-8000-000000000002"
INSERT INTO couples (partner_a_id, partner_b_id, therapist_id, started_on)
      SELECT $1::uuid, $2::uuid, $3::uuid, coalesce($4::date, current_date)
       WHERE (SELECT count(*) FROM clients c WHERE c.id IN ($1::uuid, $2::uuid) AND c.archived_at IS NULL AND c.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $5
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $5
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $5)) = 2
      RETURNING id;

-- couples.update[1] (scope: couple)
--   $1 = "ended"
--   $2 = "2026-03-31"
--   $3 = "00000000-0000-4000-8000-000000000002"
--   $4 = "00000000-0000-4000-8000-000000000006"
UPDATE couples k SET status = $1, ended_on = coalesce($2::date, k.ended_on, current_date), therapist_id = $3, updated_at = now() WHERE k.id = $4 AND TRUE RETURNING k.id, k.partner_a_id, k.partner_b_id;

-- couples.update[2] (scope: couple)
--   $1 = "paused"
--   $2 = "00000000-0000-4000-8000-000000000006"
--   $3 = "00000000-0000-4000-8000-000000000002"
UPDATE couples k SET status = $1, ended_on = NULL, updated_at = now() WHERE k.id = $2 AND k.therapist_id = $3 RETURNING k.id, k.partner_a_id, k.partner_b_id;

-- couples.update[3] (scope: couple)
--   $1 = "split"
--   $2 = 6000
--   $3 = "00000000-0000-4000-8000-000000000006"
--   $4 = "00000000-0000-4000-8000-000000000002"
UPDATE couples k SET billing_payer = $1, billing_share_a_basis_points = $2::int, updated_at = now() WHERE k.id = $3 AND k.therapist_id = $4 RETURNING k.id, k.partner_a_id, k.partner_b_id;

-- couples.partnerRecords[1] (exemption: after-scoped-check)
--   $1 = ["00000000-0000-4000-8000-000000000004","00000000-0000-4000-8000-000000000005"]
--   $2 = "00000000-0000-4000-8000-000000000004"
SELECT c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at FROM clients c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id = $2 DESC;
