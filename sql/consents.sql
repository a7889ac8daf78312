-- Rendered by `npm run queries` from src/**/consents.queries.ts; CI fails when this file is stale.

-- consents.ledger[1] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT c.id,
        coalesce((SELECT json_agg(json_build_object('id', s.id, 'purpose', s.purpose, 'decision', s.decision, 'note', s.note,
  'recorded_by', s.recorded_by, 'recorded_at', s.recorded_at) ORDER BY s.recorded_at DESC, s.id) FROM consents s WHERE s.client_id = c.id), '[]') AS entries
      FROM clients c WHERE c.id = $1 AND c.portal_user_id = $2;

-- consents.ledger[2] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT c.id,
        coalesce((SELECT json_agg(json_build_object('id', s.id, 'purpose', s.purpose, 'decision', s.decision, 'note', s.note,
  'recorded_by', s.recorded_by, 'recorded_at', s.recorded_at) ORDER BY s.recorded_at DESC, s.id) FROM consents s WHERE s.client_id = c.id), '[]') AS entries
      FROM clients c WHERE c.id = $1 AND c.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $2
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $2
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $2);

-- consents.record[1] (scope: client)
--   $1 = "joint_record_release"
--   $2 = "granted"
--   $3 = "Signed form"
--   $4 = "00000000-0000-4000-8000-000000000003"
--   $5 = "00000000-0000-4000-8000-000000000004"
--   $6 = "00000000-0000-4000-8000-000000000003"
INSERT INTO consents (client_id, purpose, decision, note, recorded_by)
      SELECT c.id, $1, $2, $3, $4
        FROM clients c WHERE c.id = $5 AND c.portal_user_id = $6
      RETURNING id, purpose, decision, note, recorded_by, recorded_at;

-- consents.withoutConsent[1] (exemption: after-scoped-check)
--   $1 = ["00000000-0000-4000-8000-000000000004","00000000-0000-4000-8000-000000000005"]
--   $2 = "joint_record_release"
SELECT c.id FROM unnest($1::uuid[]) AS c(id) WHERE NOT (coalesce((SELECT g.decision FROM consents g WHERE g.client_id = c.id AND g.purpose = $2
             ORDER BY g.recorded_at DESC, g.id LIMIT 1), 'withdrawn') = 'granted');
