-- Rendered by `npm run queries` from src/**/ruptures.queries.ts; CI fails when this file is stale.

-- ruptures.list[1] (scope: rupture, couple)
--   $1 = "00000000-0000-4000-8000-000000000006"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT r.id, r.couple_id, r.occurred_at,
    json_build_object('role', r.reported_by_role,
    'user_id', CASE WHEN r.reported_by_client_id IS NULL THEN r.reported_by_user_id ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = r.reported_by_client_id) END,
    'name', CASE WHEN r.reported_by_client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = r.reported_by_user_id)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = r.reported_by_client_id) END) AS reported_by, r.description, r.severity, r.kind, r.themes,
    r.session_id, r.stage, r.recognized_at, r.initiated_at, r.completed_at, r.recurrence_of_id, r.recurring_themes,
    r.created_at, r.updated_at, k.partner_a_id, k.partner_b_id, ARRAY[(r.occurred_at)::text, (r.id)::text] AS page_key
  FROM ruptures r
  JOIN couples k ON k.id = r.couple_id WHERE r.couple_id = $1 AND k.therapist_id = $2 AND TRUE ORDER BY r.occurred_at DESC, r.id DESC LIMIT 21;

-- ruptures.list[2] (scope: rupture, couple)
--   $1 = "00000000-0000-4000-8000-000000000006"
--   $2 = "00000000-0000-4000-8000-000000000003"
--   $3 = "recognized"
--   $4 = "major"
--   $5 = "chores"
--   $6 = "2026-03-01T14:00:00.000Z"
--   $7 = "2026-04-01T14:00:00.000Z"
--   $8 = "2026-03-15 10:00:00.123456+00"
--   $9 = "00000000-0000-4000-8000-000000000008"
SELECT r.id, r.couple_id, r.occurred_at,
    json_build_object('role', r.reported_by_role,
    'user_id', CASE WHEN r.reported_by_client_id IS NULL THEN r.reported_by_user_id ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = r.reported_by_client_id) END,
    'name', CASE WHEN r.reported_by_client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = r.reported_by_user_id)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = r.reported_by_client_id) END) AS reported_by, r.description, r.severity, r.kind, r.themes,
    r.session_id, r.stage, r.recognized_at, r.initiated_at, r.completed_at, r.recurrence_of_id, r.recurring_themes,
    r.created_at, r.updated_at, k.partner_a_id, k.partner_b_id, ARRAY[(r.occurred_at)::text, (r.id)::text] AS page_key
  FROM ruptures r
  JOIN couples k ON k.id = r.couple_id WHERE r.couple_id = $1 AND k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $2) AND r.stage = $3 AND r.severity = $4 AND r.themes @> ARRAY[$5]::varchar[] AND r.occurred_at >= $6::timestamptz AND r.occurred_at < $7::timestamptz AND (r.occurred_at, r.id) < ($8::timestamptz, $9::uuid) ORDER BY r.occurred_at DESC, r.id DESC LIMIT 21;

-- ruptures.detail[1] (scope: rupture, couple)
--   $1 = "00000000-0000-4000-8000-000000000008"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT r.id, r.couple_id, r.occurred_at,
    json_build_object('role', r.reported_by_role,
    'user_id', CASE WHEN r.reported_by_client_id IS NULL THEN r.reported_by_user_id ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = r.reported_by_client_id) END,
    'name', CASE WHEN r.reported_by_client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = r.reported_by_user_id)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = r.reported_by_client_id) END) AS reported_by, r.description, r.severity, r.kind, r.themes,
    r.session_id, r.stage, r.recognized_at, r.initiated_at, r.completed_at, r.recurrence_of_id, r.recurring_themes,
    r.created_at, r.updated_at, k.partner_a_id, k.partner_b_id,
  coalesce((SELECT json_agg(json_build_object('id', g.id, 'by', json_build_object('role', g.role,
    'user_id', CASE WHEN g.client_id IS NULL THEN g.recognized_by_user_id ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = g.client_id) END,
    'name', CASE WHEN g.client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = g.recognized_by_user_id)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = g.client_id) END),
      'statement', g.statement, 'at', g.recognized_at) ORDER BY g.recognized_at, g.id)
    FROM rupture_recognitions g WHERE g.rupture_id = r.id), '[]') AS recognitions,
  coalesce((SELECT json_agg(json_build_object('id', a.id, 'sequence', a.sequence, 'initiator', json_build_object('role', 'client',
    'user_id', CASE WHEN a.initiator_client_id IS NULL THEN NULL ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = a.initiator_client_id) END,
    'name', CASE WHEN a.initiator_client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = NULL)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = a.initiator_client_id) END),
      'recorded_by', json_build_object('role', a.recorded_by_role,
    'user_id', CASE WHEN CASE WHEN a.recorded_by_role = 'client' THEN a.initiator_client_id END IS NULL THEN a.recorded_by_user_id ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = CASE WHEN a.recorded_by_role = 'client' THEN a.initiator_client_id END) END,
    'name', CASE WHEN CASE WHEN a.recorded_by_role = 'client' THEN a.initiator_client_id END IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = a.recorded_by_user_id)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = CASE WHEN a.recorded_by_role = 'client' THEN a.initiator_client_id END) END), 'approach', a.approach, 'imago_steps', a.imago_steps,
      'requests', a.requests, 'notes', a.notes, 'status', a.status, 'started_at', a.started_at, 'closed_at', a.closed_at,
      'confirmations', coalesce((SELECT json_agg(json_build_object('id', c.id, 'partner', json_build_object('role', 'client',
    'user_id', CASE WHEN c.client_id IS NULL THEN NULL ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = c.client_id) END,
    'name', CASE WHEN c.client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = NULL)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = c.client_id) END), 'feels_repaired', c.feels_repaired,
          'comment', c.comment, 'at', c.confirmed_at) ORDER BY c.confirmed_at, c.id)
        FROM repair_confirmations c WHERE c.attempt_id = a.id), '[]')) ORDER BY a.sequence)
    FROM repair_attempts a WHERE a.rupture_id = r.id), '[]') AS attempts,
  coalesce((SELECT json_agg(json_build_object('event', t.event, 'from_stage', t.from_stage, 'to_stage', t.to_stage,
      'attempt_id', t.attempt_id, 'actor', json_build_object('role', t.actor_role,
    'user_id', CASE WHEN t.actor_client_id IS NULL THEN t.actor_user_id ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = t.actor_client_id) END,
    'name', CASE WHEN t.actor_client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = t.actor_user_id)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = t.actor_client_id) END), 'at', t.occurred_at) ORDER BY t.seq)
    FROM rupture_transitions t WHERE t.rupture_id = r.id), '[]') AS transitions
  FROM ruptures r
  JOIN couples k ON k.id = r.couple_id WHERE r.id = $1 AND k.therapist_id = $2;

-- ruptures.changed[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000008"
SELECT r.id, r.couple_id, r.occurred_at,
    json_build_object('role', r.reported_by_role,
    'user_id', CASE WHEN r.reported_by_client_id IS NULL THEN r.reported_by_user_id ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = r.reported_by_client_id) END,
    'name', CASE WHEN r.reported_by_client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = r.reported_by_user_id)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = r.reported_by_client_id) END) AS reported_by, r.description, r.severity, r.kind, r.themes,
    r.session_id, r.stage, r.recognized_at, r.initiated_at, r.completed_at, r.recurrence_of_id, r.recurring_themes,
    r.created_at, r.updated_at, k.partner_a_id, k.partner_b_id,
  coalesce((SELECT json_agg(json_build_object('id', g.id, 'by', json_build_object('role', g.role,
    'user_id', CASE WHEN g.client_id IS NULL THEN g.recognized_by_user_id ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = g.client_id) END,
    'name', CASE WHEN g.client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = g.recognized_by_user_id)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = g.client_id) END),
      'statement', g.statement, 'at', g.recognized_at) ORDER BY g.recognized_at, g.id)
    FROM rupture_recognitions g WHERE g.rupture_id = r.id), '[]') AS recognitions,
  coalesce((SELECT json_agg(json_build_object('id', a.id, 'sequence', a.sequence, 'initiator', json_build_object('role', 'client',
    'user_id', CASE WHEN a.initiator_client_id IS NULL THEN NULL ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = a.initiator_client_id) END,
    'name', CASE WHEN a.initiator_client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = NULL)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = a.initiator_client_id) END),
      'recorded_by', json_build_object('role', a.recorded_by_role,
    'user_id', CASE WHEN CASE WHEN a.recorded_by_role = 'client' THEN a.initiator_client_id END IS NULL THEN a.recorded_by_user_id ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = CASE WHEN a.recorded_by_role = 'client' THEN a.initiator_client_id END) END,
    'name', CASE WHEN CASE WHEN a.recorded_by_role = 'client' THEN a.initiator_client_id END IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = a.recorded_by_user_id)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = CASE WHEN a.recorded_by_role = 'client' THEN a.initiator_client_id END) END), 'approach', a.approach, 'imago_steps', a.imago_steps,
      'requests', a.requests, 'notes', a.notes, 'status', a.status, 'started_at', a.started_at, 'closed_at', a.closed_at,
      'confirmations', coalesce((SELECT json_agg(json_build_object('id', c.id, 'partner', json_build_object('role', 'client',
    'user_id', CASE WHEN c.client_id IS NULL THEN NULL ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = c.client_id) END,
    'name', CASE WHEN c.client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = NULL)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = c.client_id) END), 'feels_repaired', c.feels_repaired,
          'comment', c.comment, 'at', c.confirmed_at) ORDER BY c.confirmed_at, c.id)
        FROM repair_confirmations c WHERE c.attempt_id = a.id), '[]')) ORDER BY a.sequence)
    FROM repair_attempts a WHERE a.rupture_id = r.id), '[]') AS attempts,
  coalesce((SELECT json_agg(json_build_object('event', t.event, 'from_stage', t.from_stage, 'to_stage', t.to_stage,
      'attempt_id', t.attempt_id, 'actor', json_build_object('role', t.actor_role,
    'user_id', CASE WHEN t.actor_client_id IS NULL THEN t.actor_user_id ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = t.actor_client_id) END,
    'name', CASE WHEN t.actor_client_id IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = t.actor_user_id)
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = t.actor_client_id) END), 'at', t.occurred_at) ORDER BY t.seq)
    FROM rupture_transitions t WHERE t.rupture_id = r.id), '[]') AS transitions
  FROM ruptures r
  JOIN couples k ON k.id = r.couple_id WHERE r.id = $1;

-- ruptures.coupleInReach[1] (scope: rupture, couple)
--   $1 = "00000000-0000-4000-8000-000000000006"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT 1 FROM couples k WHERE k.id = $1 AND k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $2);

-- ruptures.report[1] (scope: rupture, couple)
--   $1 = ["chores"]
--   $2 = "2026-03-01T14:00:00.000Z"
--   $3 = "00000000-0000-4000-8000-000000000007"
--   $4 = "00000000-0000-4000-8000-000000000003"
--   $5 = "client"
--   $6 = "00000000-0000-4000-8000-000000000003"
--   $7 = "Left the room"
--   $8 = "moderate"
--   $9 = "withdrawal"
--   $10 = "00000000-0000-4000-8000-000000000006"
--   $11 = "00000000-0000-4000-8000-000000000003"
INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, reported_by_client_id,
        description, severity, kind, themes, session_id, recurrence_of_id, recurring_themes)
      SELECT k.id, $2::timestamptz, $4, $5, (SELECT pc.id FROM clients pc WHERE pc.portal_user_id = $6 AND pc.id IN (k.partner_a_id, k.partner_b_id)),
        $7, $8, $9, $1::varchar[], $3::uuid,
        (SELECT e.id FROM ruptures e WHERE e.couple_id = k.id AND e.themes && $1::varchar[] AND e.occurred_at < $2::timestamptz
          ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1),
        ARRAY(SELECT u.theme FROM unnest($1::varchar[]) WITH ORDINALITY AS u(theme, n)
               WHERE EXISTS (SELECT 1 FROM ruptures e WHERE e.couple_id = k.id AND e.themes @> ARRAY[u.theme] AND e.occurred_at < $2::timestamptz)
               ORDER BY u.n)
        FROM couples k WHERE k.id = $10 AND k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $11)
         AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM therapy_sessions s WHERE s.id = $3::uuid AND s.couple_id = k.id))
      RETURNING id, reported_by_client_id;

-- ruptures.report[2] (scope: rupture, couple)
--   $1 = []
--   $2 = "2026-03-01T14:00:00.000Z"
--   $3 = null
--   $4 = "00000000-0000-4000-8000-000000000002"
--   $5 = "therapist"
--   $6 = "Left the room"
--   $7 = "minor"
--   $8 = "other"
--   $9 = "00000000-0000-4000-8000-000000000006"
--   $10 = "00000000-0000-4000-8000-000000000002"
INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, reported_by_client_id,
        description, severity, kind, themes, session_id, recurrence_of_id, recurring_themes)
      SELECT k.id, $2::timestamptz, $4, $5, NULL::uuid,
        $6, $7, $8, $1::varchar[], $3::uuid,
        (SELECT e.id FROM ruptures e WHERE e.couple_id = k.id AND e.themes && $1::varchar[] AND e.occurred_at < $2::timestamptz
          ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1),
        ARRAY(SELECT u.theme FROM unnest($1::varchar[]) WITH ORDINALITY AS u(theme, n)
               WHERE EXISTS (SELECT 1 FROM ruptures e WHERE e.couple_id = k.id AND e.themes @> ARRAY[u.theme] AND e.occurred_at < $2::timestamptz)
               ORDER BY u.n)
        FROM couples k WHERE k.id = $9 AND k.therapist_id = $10
         AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM therapy_sessions s WHERE s.id = $3::uuid AND s.couple_id = k.id))
      RETURNING id, reported_by_client_id;

-- ruptures.lockForChange[1] (scope: rupture, couple)
--   $1 = "00000000-0000-4000-8000-000000000003"
--   $2 = "00000000-0000-4000-8000-000000000008"
--   $3 = "00000000-0000-4000-8000-000000000003"
SELECT r.id, r.stage, k.partner_a_id, k.partner_b_id, (SELECT pc.id FROM clients pc WHERE pc.portal_user_id = $1 AND pc.id IN (k.partner_a_id, k.partner_b_id)) AS caller_client_id
         FROM ruptures r JOIN couples k ON k.id = r.couple_id
        WHERE r.id = $2 AND k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $3)
        FOR UPDATE OF r;

-- ruptures.lockForChange[2] (scope: rupture, couple)
--   $1 = "00000000-0000-4000-8000-000000000008"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT r.id, r.stage, k.partner_a_id, k.partner_b_id, NULL::uuid AS caller_client_id
         FROM ruptures r JOIN couples k ON k.id = r.couple_id
        WHERE r.id = $1 AND k.therapist_id = $2
        FOR UPDATE OF r;

-- ruptures.recognizedBy[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000008"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT EXISTS (SELECT 1 FROM rupture_recognitions WHERE rupture_id = $1 AND recognized_by_user_id = $2) AS already;

-- ruptures.recordRecognition[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000008"
--   $2 = "00000000-0000-4000-8000-000000000003"
--   $3 = "client"
--   $4 = "00000000-0000-4000-8000-000000000004"
--   $5 = "I raised my voice."
INSERT INTO rupture_recognitions (rupture_id, recognized_by_user_id, role, client_id, statement) VALUES ($1, $2, $3, $4, $5);

-- ruptures.markRecognized[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000008"
--   $2 = "recognized"
UPDATE ruptures SET stage = $2, recognized_at = now(), updated_at = now() WHERE id = $1;

-- ruptures.hasOpenAttempt[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000008"
SELECT EXISTS (SELECT 1 FROM repair_attempts WHERE rupture_id = $1 AND status = 'open') AS open;

-- ruptures.startAttempt[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000008"
--   $2 = "00000000-0000-4000-8000-000000000004"
--   $3 = "00000000-0000-4000-8000-000000000002"
--   $4 = "therapist"
--   $5 = "imago_dialogue"
--   $6 = ["mirroring"]
--   $7 = []
--   $8 = null
INSERT INTO repair_attempts (rupture_id, sequence, initiator_client_id, recorded_by_user_id, recorded_by_role, approach, imago_steps, requests, notes)
         SELECT $1, coalesce(max(sequence), 0) + 1, $2, $3, $4, $5, $6::varchar[], $7::varchar[], $8 FROM repair_attempts WHERE rupture_id = $1
         RETURNING id;

-- ruptures.markInitiated[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000008"
--   $2 = "initiated"
UPDATE ruptures SET stage = $2, initiated_at = coalesce(initiated_at, now()), updated_at = now() WHERE id = $1;

-- ruptures.attemptAnswers[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "00000000-0000-4000-8000-000000000008"
--   $3 = "00000000-0000-4000-8000-000000000004"
SELECT a.status,
            (SELECT c.feels_repaired FROM repair_confirmations c WHERE c.attempt_id = a.id AND c.client_id = $3) AS mine,
            (SELECT c.feels_repaired FROM repair_confirmations c WHERE c.attempt_id = a.id AND c.client_id <> $3) AS other
           FROM repair_attempts a WHERE a.id = $1 AND a.rupture_id = $2;

-- ruptures.recordConfirmation[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "00000000-0000-4000-8000-000000000004"
--   $3 = "00000000-0000-4000-8000-000000000003"
--   $4 = true
--   $5 = null
INSERT INTO repair_confirmations (attempt_id, client_id, confirmed_by_user_id, feels_repaired, comment) VALUES ($1, $2, $3, $4, $5);

-- ruptures.closeAttempt[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "completed"
UPDATE repair_attempts SET status = $2, closed_at = now() WHERE id = $1;

-- ruptures.markCompleted[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000008"
UPDATE ruptures SET stage = 'completed', completed_at = now(), updated_at = now() WHERE id = $1;

-- ruptures.recordTransition[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000008"
--   $2 = "recognized"
--   $3 = "reported"
--   $4 = "recognized"
--   $5 = null
--   $6 = "00000000-0000-4000-8000-000000000003"
--   $7 = "client"
--   $8 = "00000000-0000-4000-8000-000000000004"
INSERT INTO rupture_transitions (rupture_id, event, from_stage, to_stage, attempt_id, actor_user_id, actor_role, actor_client_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8);
