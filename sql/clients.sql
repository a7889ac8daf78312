-- Rendered by `npm run queries` from src/**/clients.queries.ts; CI fails when this file is stale.

-- clients.list[1] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at, ARRAY[(c.legal_name)::text, (c.id)::text] AS page_key FROM clients c WHERE c.id = ANY (ARRAY(SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $1
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $1
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $1)) AND c.archived_at IS NULL AND TRUE
      ORDER BY c.legal_name ASC, c.id ASC LIMIT 21;

-- clients.list[2] (scope: client)
--   $1 = "active"
--   $2 = "00000000-0000-4000-8000-000000000002"
--   $3 = "trem"
--   $4 = "Tremblay"
--   $5 = "00000000-0000-4000-8000-000000000004"
SELECT c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at, ARRAY[(c.legal_name)::text, (c.id)::text] AS page_key FROM clients c WHERE TRUE AND c.status = $1 AND c.primary_therapist_id = $2 AND (c.legal_name || ' ' || coalesce(c.preferred_name, '')) ILIKE '%' || $3 || '%' AND (c.legal_name, c.id) > ($4::text, $5::uuid)
      ORDER BY c.legal_name ASC, c.id ASC LIMIT 21;

-- clients.list[3] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000003"
SELECT c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at, ARRAY[(c.legal_name)::text, (c.id)::text] AS page_key FROM clients c WHERE c.portal_user_id = $1 AND c.archived_at IS NULL AND TRUE
      ORDER BY c.legal_name ASC, c.id ASC LIMIT 21;

-- clients.client[1] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at FROM clients c WHERE c.id = $1 AND c.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $2
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $2
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $2);

-- clients.create[1] (exemption: new-record)
--   $1 = "Alexandra Tremblay"
--   $2 = "1990-04-12"
--   $3 = "alex@example.com"
--   $4 = "Ottawa"
--   $5 = "ON"
--   $6 = "00000000-0000-4000-8000-000000000002"
INSERT INTO clients AS c (legal_name, date_of_birth, email, address_city, address_province, primary_therapist_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at;

-- clients.update[1] (scope: client)
--   $1 = "alex@example.com"
--   $2 = "1990-04-12"
--   $3 = "00000000-0000-4000-8000-000000000004"
--   $4 = "00000000-0000-4000-8000-000000000002"
--   $5 = "00000000-0000-4000-8000-000000000004"
UPDATE clients c SET email = $1, date_of_birth = $2, updated_at = now()
           FROM (SELECT id, email FROM clients WHERE id = $5 FOR UPDATE) before
          WHERE before.id = c.id AND c.id = $3 AND c.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $4
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $4
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $4) RETURNING c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at, before.email AS previous_email;

-- clients.update[2] (scope: client)
--   $1 = "+16135550100"
--   $2 = "Sam"
--   $3 = "00000000-0000-4000-8000-000000000004"
--   $4 = "00000000-0000-4000-8000-000000000003"
--   $5 = "00000000-0000-4000-8000-000000000004"
UPDATE clients c SET phone = $1, emergency_contact_name = $2, updated_at = now()
           FROM (SELECT id, email FROM clients WHERE id = $5 FOR UPDATE) before
          WHERE before.id = c.id AND c.id = $3 AND c.portal_user_id = $4 RETURNING c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at, before.email AS previous_email;

-- clients.birthDateCorrected[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000004"
SELECT EXISTS (SELECT 1 FROM client_birth_date_corrections k WHERE k.client_id = $1 AND k.corrected_at = now()) AS yes;

-- clients.invitee[1] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT c.email, c.portal_user_id IS NOT NULL AS has_portal, c.purged_at IS NOT NULL AS purged, c.archived_at IS NOT NULL AS archived
           FROM clients c WHERE c.id = $1 AND c.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $2
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $2
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $2) FOR UPDATE;

-- clients.archive[1] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000004"
UPDATE clients c SET archived_at = coalesce(c.archived_at, now()), updated_at = now() WHERE c.id = $1 AND TRUE RETURNING c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at;
