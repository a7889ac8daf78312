-- Rendered by `npm run queries` from src/**/outcomes.queries.ts; CI fails when this file is stale.

-- outcomes.assign[1] (scope: outcome-assignment, couple)
--   $1 = "csi-4"
--   $2 = "weeks"
--   $3 = 4
--   $4 = false
--   $5 = "00000000-0000-4000-8000-000000000002"
--   $6 = "00000000-0000-4000-8000-000000000006"
--   $7 = "00000000-0000-4000-8000-000000000002"
WITH a AS (
           INSERT INTO outcome_assignments (couple_id, instrument, schedule_kind, every, shares_totals, assigned_by_user_id)
           SELECT k.id, $1, $2, $3::int, $4, $5
             FROM couples k WHERE k.id = $6 AND k.therapist_id = $7
           RETURNING *)
         SELECT a.*, k.partner_a_id, k.partner_b_id, 0 AS completed_sessions, '{}'::int[] AS my_occasions
           FROM a JOIN couples k ON k.id = a.couple_id;

-- outcomes.list[1] (scope: outcome-assignment, couple)
--   $1 = 2026-04-01T14:00:00.000Z
--   $2 = "00000000-0000-4000-8000-000000000003"
--   $3 = "00000000-0000-4000-8000-000000000006"
--   $4 = "00000000-0000-4000-8000-000000000003"
SELECT a.id, a.couple_id, a.instrument, a.schedule_kind, a.every, a.shares_totals,
    a.assigned_by_user_id, a.assigned_at, k.partner_a_id, k.partner_b_id, CASE WHEN a.schedule_kind = 'sessions' THEN (SELECT count(*)::int FROM therapy_sessions s
    WHERE s.couple_id = k.id AND s.status = 'completed' AND s.completed_at >= a.assigned_at AND s.completed_at <= $1::timestamptz) ELSE 0 END AS completed_sessions,
    coalesce((SELECT array_agg(DISTINCT m.occasion ORDER BY m.occasion) FROM outcome_responses m
               WHERE m.assignment_id = a.id AND m.client_id = (SELECT pc.id FROM clients pc WHERE pc.portal_user_id = $2 AND pc.id IN (k.partner_a_id, k.partner_b_id)) AND m.corrects_id IS NULL), '{}') AS my_occasions, ARRAY[(a.assigned_at)::text, (a.id)::text] AS page_key
           FROM outcome_assignments a JOIN couples k ON k.id = a.couple_id
          WHERE a.couple_id = $3 AND k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $4) AND TRUE
          ORDER BY a.assigned_at DESC, a.id DESC LIMIT 21;

-- outcomes.list[2] (scope: outcome-assignment, couple)
--   $1 = 2026-04-01T14:00:00.000Z
--   $2 = "00000000-0000-4000-8000-000000000006"
--   $3 = "00000000-0000-4000-8000-000000000002"
--   $4 = "2026-03-15 10:00:00.123456+00"
--   $5 = "00000000-0000-4000-8000-00000000000b"
SELECT a.id, a.couple_id, a.instrument, a.schedule_kind, a.every, a.shares_totals,
    a.assigned_by_user_id, a.assigned_at, k.partner_a_id, k.partner_b_id, CASE WHEN a.schedule_kind = 'sessions' THEN (SELECT count(*)::int FROM therapy_sessions s
    WHERE s.couple_id = k.id AND s.status = 'completed' AND s.completed_at >= a.assigned_at AND s.completed_at <= $1::timestamptz) ELSE 0 END AS completed_sessions,
    coalesce((SELECT array_agg(DISTINCT m.occasion ORDER BY m.occasion) FROM outcome_responses m
               WHERE m.assignment_id = a.id AND m.client_id = NULL::uuid AND m.corrects_id IS NULL), '{}') AS my_occasions, ARRAY[(a.assigned_at)::text, (a.id)::text] AS page_key
           FROM outcome_assignments a JOIN couples k ON k.id = a.couple_id
          WHERE a.couple_id = $2 AND k.therapist_id = $3 AND (a.assigned_at, a.id) < ($4::timestamptz, $5::uuid)
          ORDER BY a.assigned_at DESC, a.id DESC LIMIT 21;

-- outcomes.assignment[1] (scope: outcome-assignment, couple)
--   $1 = 2026-04-01T14:00:00.000Z
--   $2 = "00000000-0000-4000-8000-000000000003"
--   $3 = "00000000-0000-4000-8000-00000000000b"
--   $4 = "00000000-0000-4000-8000-000000000003"
SELECT a.id, a.couple_id, a.instrument, a.schedule_kind, a.every, a.shares_totals,
    a.assigned_by_user_id, a.assigned_at, k.partner_a_id, k.partner_b_id, CASE WHEN a.schedule_kind = 'sessions' THEN (SELECT count(*)::int FROM therapy_sessions s
    WHERE s.couple_id = k.id AND s.status = 'completed' AND s.completed_at >= a.assigned_at AND s.completed_at <= $1::timestamptz) ELSE 0 END AS completed_sessions,
    coalesce((SELECT array_agg(DISTINCT m.occasion ORDER BY m.occasion) FROM outcome_responses m
               WHERE m.assignment_id = a.id AND m.client_id = (SELECT pc.id FROM clients pc WHERE pc.portal_user_id = $2 AND pc.id IN (k.partner_a_id, k.partner_b_id)) AND m.corrects_id IS NULL), '{}') AS my_occasions FROM outcome_assignments a JOIN couples k ON k.id = a.couple_id
          WHERE a.id = $3 AND k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $4);

-- outcomes.lockAssignment[1] (scope: outcome-assignment, couple)
--   $1 = "00000000-0000-4000-8000-000000000003"
--   $2 = 2026-04-01T14:00:00.000Z
--   $3 = "00000000-0000-4000-8000-00000000000b"
--   $4 = "00000000-0000-4000-8000-000000000003"
SELECT a.id, a.couple_id, a.instrument, a.schedule_kind, a.every, a.shares_totals,
    a.assigned_by_user_id, a.assigned_at, k.partner_a_id, k.partner_b_id, CASE WHEN a.schedule_kind = 'sessions' THEN (SELECT count(*)::int FROM therapy_sessions s
    WHERE s.couple_id = k.id AND s.status = 'completed' AND s.completed_at >= a.assigned_at AND s.completed_at <= $2::timestamptz) ELSE 0 END AS completed_sessions,
    coalesce((SELECT array_agg(DISTINCT m.occasion ORDER BY m.occasion) FROM outcome_responses m
               WHERE m.assignment_id = a.id AND m.client_id = (SELECT pc.id FROM clients pc WHERE pc.portal_user_id = $1 AND pc.id IN (k.partner_a_id, k.partner_b_id)) AND m.corrects_id IS NULL), '{}') AS my_occasions, (SELECT pc.id FROM clients pc WHERE pc.portal_user_id = $1 AND pc.id IN (k.partner_a_id, k.partner_b_id)) AS caller_client_id
           FROM outcome_assignments a JOIN couples k ON k.id = a.couple_id
          WHERE a.id = $3 AND k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $4)
          FOR UPDATE OF a;

-- outcomes.shareTotals[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = true
UPDATE outcome_assignments SET shares_totals = $2 WHERE id = $1;

-- outcomes.correctable[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000008"
--   $2 = "00000000-0000-4000-8000-00000000000b"
--   $3 = "00000000-0000-4000-8000-000000000004"
SELECT o.id, o.occasion FROM outcome_responses o
          WHERE o.id = $1 AND o.assignment_id = $2 AND o.client_id = $3
            AND NOT EXISTS (SELECT 1 FROM outcome_responses c WHERE c.corrects_id = o.id);

-- outcomes.recordResponse[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "00000000-0000-4000-8000-000000000006"
--   $3 = "00000000-0000-4000-8000-000000000004"
--   $4 = "00000000-0000-4000-8000-000000000003"
--   $5 = "csi-4"
--   $6 = 1
--   $7 = 0
--   $8 = "{\"1\":3,\"2\":3,\"3\":2,\"4\":4}"
--   $9 = 12
--   $10 = true
--   $11 = null
INSERT INTO outcome_responses (assignment_id, couple_id, client_id, answered_by_user_id, instrument, instrument_version,
                                        occasion, answers, total, below_cutoff, corrects_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11) RETURNING id;

-- outcomes.responses[1] (scope: outcome-answers, outcome-totals, couple)
--   $1 = "00000000-0000-4000-8000-000000000003"
--   $2 = "00000000-0000-4000-8000-000000000003"
--   $3 = "00000000-0000-4000-8000-000000000006"
--   $4 = "00000000-0000-4000-8000-000000000003"
--   $5 = "00000000-0000-4000-8000-000000000003"
SELECT o.id, o.assignment_id, o.couple_id, o.client_id, o.instrument, o.instrument_version,
    o.occasion, CASE WHEN EXISTS (SELECT 1 FROM clients pc WHERE pc.portal_user_id = $1 AND pc.id = o.client_id) THEN o.answers END AS answers, o.total, o.below_cutoff, o.corrects_id, o.answered_at,
    (SELECT c.id FROM outcome_responses c WHERE c.corrects_id = o.id) AS corrected_by_id,
    coalesce(o.client_id = (SELECT pc.id FROM clients pc WHERE pc.portal_user_id = $2 AND pc.id IN (k.partner_a_id, k.partner_b_id)), false) AS is_you, k.partner_a_id, k.partner_b_id, ARRAY[(o.answered_at)::text, (o.id)::text] AS page_key
  FROM outcome_responses o
  JOIN outcome_assignments a ON a.id = o.assignment_id
  JOIN couples k ON k.id = o.couple_id
          WHERE o.couple_id = $3 AND (EXISTS (SELECT 1 FROM clients pc WHERE pc.portal_user_id = $4 AND pc.id = o.client_id) OR (a.shares_totals AND k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $5))) AND TRUE
          ORDER BY o.answered_at DESC, o.id DESC LIMIT 21;

-- outcomes.responses[2] (scope: outcome-answers, outcome-totals)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "00000000-0000-4000-8000-000000000006"
--   $3 = "00000000-0000-4000-8000-000000000002"
--   $4 = "2026-03-15 10:00:00.123456+00"
--   $5 = "00000000-0000-4000-8000-00000000000b"
SELECT o.id, o.assignment_id, o.couple_id, o.client_id, o.instrument, o.instrument_version,
    o.occasion, CASE WHEN k.therapist_id = $1 THEN o.answers END AS answers, o.total, o.below_cutoff, o.corrects_id, o.answered_at,
    (SELECT c.id FROM outcome_responses c WHERE c.corrects_id = o.id) AS corrected_by_id,
    coalesce(o.client_id = NULL::uuid, false) AS is_you, k.partner_a_id, k.partner_b_id, ARRAY[(o.answered_at)::text, (o.id)::text] AS page_key
  FROM outcome_responses o
  JOIN outcome_assignments a ON a.id = o.assignment_id
  JOIN couples k ON k.id = o.couple_id
          WHERE o.couple_id = $2 AND k.therapist_id = $3 AND (o.answered_at, o.id) < ($4::timestamptz, $5::uuid)
          ORDER BY o.answered_at DESC, o.id DESC LIMIT 21;

-- outcomes.response[1] (scope: outcome-answers)
--   $1 = "00000000-0000-4000-8000-000000000003"
--   $2 = "00000000-0000-4000-8000-00000000000b"
--   $3 = "00000000-0000-4000-8000-000000000003"
SELECT o.id, o.assignment_id, o.couple_id, o.client_id, o.instrument, o.instrument_version,
    o.occasion, CASE WHEN TRUE THEN o.answers END AS answers, o.total, o.below_cutoff, o.corrects_id, o.answered_at,
    (SELECT c.id FROM outcome_responses c WHERE c.corrects_id = o.id) AS corrected_by_id,
    coalesce(o.client_id = (SELECT pc.id FROM clients pc WHERE pc.portal_user_id = $1 AND pc.id IN (k.partner_a_id, k.partner_b_id)), false) AS is_you, k.partner_a_id, k.partner_b_id
  FROM outcome_responses o
  JOIN outcome_assignments a ON a.id = o.assignment_id
  JOIN couples k ON k.id = o.couple_id WHERE o.id = $2 AND EXISTS (SELECT 1 FROM clients pc WHERE pc.portal_user_id = $3 AND pc.id = o.client_id);

-- outcomes.assignableCouple[1] (scope: outcome-assignment, couple)
--   $1 = "00000000-0000-4000-8000-000000000006"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT 1 FROM couples k WHERE k.id = $1 AND k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $2);

-- outcomes.coupleInReach[1] (scope: outcome-totals, couple)
--   $1 = "00000000-0000-4000-8000-000000000006"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT 1 FROM couples k WHERE k.id = $1 AND k.therapist_id = $2;

-- outcomes.scheduled[1] (exemption: worker)
--   $1 = 2026-04-01T14:00:00.000Z
SELECT a.id, a.schedule_kind, a.every, a.assigned_at, CASE WHEN a.schedule_kind = 'sessions' THEN (SELECT count(*)::int FROM therapy_sessions s
    WHERE s.couple_id = k.id AND s.status = 'completed' AND s.completed_at >= a.assigned_at AND s.completed_at <= $1::timestamptz) ELSE 0 END AS completed_sessions,
                coalesce((SELECT max(n.occasion) FROM outcome_notices n WHERE n.assignment_id = a.id), -1) AS noticed
           FROM outcome_assignments a JOIN couples k ON k.id = a.couple_id AND k.status = 'active'
          WHERE a.schedule_kind <> 'once' AND a.assigned_at <= $1;

-- outcomes.claimNotice[1] (exemption: worker)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = 1
INSERT INTO outcome_notices (assignment_id, occasion) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING occasion;

-- outcomes.recipients[1] (exemption: worker)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = 1
SELECT c.id AS client_id, c.email
           FROM outcome_assignments a JOIN couples k ON k.id = a.couple_id
           JOIN clients c ON c.id IN (k.partner_a_id, k.partner_b_id)
          WHERE a.id = $1 AND c.email IS NOT NULL AND c.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM outcome_responses o WHERE o.assignment_id = a.id AND o.client_id = c.id AND o.occasion = $2 AND o.corrects_id IS NULL);
