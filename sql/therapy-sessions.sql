-- Rendered by `npm run queries` from src/**/therapy-sessions.queries.ts; CI fails when this file is stale.

-- therapy-sessions.list[1] (scope: session)
--   $1 = "00000000-0000-4000-8000-000000000002"
SELECT s.id, s.therapist_id, u.display_name AS therapist_name, s.couple_id, s.client_id,
    CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END AS client_ids,
    lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url, s.status,
    s.attended_client_ids, s.series_id, s.busy_time_id, s.completed_at, s.cancelled_at, s.cancelled_by,
    s.cancellation_reason, s.late_cancellation, s.created_at, s.updated_at, ARRAY[(lower(s.during))::text, (s.id)::text] AS page_key
  FROM therapy_sessions s
  JOIN users u ON u.id = s.therapist_id WHERE s.therapist_id = $1 AND TRUE ORDER BY lower(s.during) ASC, s.id ASC LIMIT 21;

-- therapy-sessions.list[2] (scope: session)
--   $1 = "00000000-0000-4000-8000-000000000003"
--   $2 = "00000000-0000-4000-8000-000000000004"
--   $3 = "scheduled"
--   $4 = "2026-03-01T14:00:00.000Z"
--   $5 = "2026-04-01T14:00:00.000Z"
SELECT s.id, s.therapist_id, u.display_name AS therapist_name, s.couple_id, s.client_id,
    CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END AS client_ids,
    lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url, s.status,
    s.attended_client_ids, s.series_id, s.busy_time_id, s.completed_at, s.cancelled_at, s.cancelled_by,
    s.cancellation_reason, s.late_cancellation, s.created_at, s.updated_at, ARRAY[(lower(s.during))::text, (s.id)::text] AS page_key
  FROM therapy_sessions s
  JOIN users u ON u.id = s.therapist_id WHERE (s.client_id = ANY (ARRAY(SELECT sc.id FROM clients sc WHERE sc.portal_user_id = $1))
      OR s.couple_id = ANY (ARRAY(SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $1))) AND (s.client_id = $2::uuid OR s.couple_id = ANY (ARRAY(SELECT cm.couple_id FROM couple_memberships cm WHERE cm.client_id = $2::uuid))) AND s.status = $3 AND s.during && tstzrange($4::timestamptz, $5::timestamptz, '[)') AND lower(s.during) >= $4::timestamptz - interval '4 hours' AND lower(s.during) < $5::timestamptz AND TRUE ORDER BY lower(s.during) ASC, s.id ASC LIMIT 21;

-- therapy-sessions.list[3] (scope: session)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "00000000-0000-4000-8000-000000000006"
--   $3 = "2026-03-01 14:00:00+00"
--   $4 = "00000000-0000-4000-8000-000000000007"
SELECT s.id, s.therapist_id, u.display_name AS therapist_name, s.couple_id, s.client_id,
    CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END AS client_ids,
    lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url, s.status,
    s.attended_client_ids, s.series_id, s.busy_time_id, s.completed_at, s.cancelled_at, s.cancelled_by,
    s.cancellation_reason, s.late_cancellation, s.created_at, s.updated_at, ARRAY[(lower(s.during))::text, (s.id)::text] AS page_key
  FROM therapy_sessions s
  JOIN users u ON u.id = s.therapist_id WHERE TRUE AND s.therapist_id = $1 AND s.couple_id = $2 AND (lower(s.during), s.id) > ($3::timestamptz, $4::uuid) ORDER BY lower(s.during) ASC, s.id ASC LIMIT 21;

-- therapy-sessions.one[1] (scope: session)
--   $1 = "00000000-0000-4000-8000-000000000007"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT s.id, s.therapist_id, u.display_name AS therapist_name, s.couple_id, s.client_id,
    CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END AS client_ids,
    lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url, s.status,
    s.attended_client_ids, s.series_id, s.busy_time_id, s.completed_at, s.cancelled_at, s.cancelled_by,
    s.cancellation_reason, s.late_cancellation, s.created_at, s.updated_at
  FROM therapy_sessions s
  JOIN users u ON u.id = s.therapist_id WHERE s.id = $1 AND (s.client_id = ANY (ARRAY(SELECT sc.id FROM clients sc WHERE sc.portal_user_id = $2))
      OR s.couple_id = ANY (ARRAY(SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $2)));

-- therapy-sessions.lockOne[1] (scope: session)
--   $1 = "00000000-0000-4000-8000-000000000007"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT s.id, s.therapist_id, u.display_name AS therapist_name, s.couple_id, s.client_id,
    CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END AS client_ids,
    lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url, s.status,
    s.attended_client_ids, s.series_id, s.busy_time_id, s.completed_at, s.cancelled_at, s.cancelled_by,
    s.cancellation_reason, s.late_cancellation, s.created_at, s.updated_at
  FROM therapy_sessions s
  JOIN users u ON u.id = s.therapist_id WHERE s.id = $1 AND s.therapist_id = $2 FOR UPDATE OF s;

-- therapy-sessions.caseloadParty[1] (scope: couple)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "00000000-0000-4000-8000-000000000006"
--   $3 = "00000000-0000-4000-8000-000000000002"
SELECT ARRAY[k.partner_a_id, k.partner_b_id] AS client_ids FROM couples k
          WHERE k.id = $2 AND k.status <> 'ended' AND k.therapist_id = $1
            AND NOT EXISTS (SELECT 1 FROM clients ac WHERE ac.id IN (k.partner_a_id, k.partner_b_id) AND ac.archived_at IS NOT NULL)
            AND k.therapist_id = $3 AND EXISTS (SELECT 1 FROM users u WHERE u.id = $1 AND u.role = 'therapist' AND u.active);

-- therapy-sessions.caseloadParty[2] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "00000000-0000-4000-8000-000000000004"
--   $3 = "00000000-0000-4000-8000-000000000002"
SELECT ARRAY[c.id] AS client_ids FROM clients c
          WHERE c.id = $2 AND c.archived_at IS NULL
            AND TRUE
            AND c.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $3
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $3
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $3) AND EXISTS (SELECT 1 FROM users u WHERE u.id = $1 AND u.role = 'therapist' AND u.active);

-- therapy-sessions.create[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000002"
--   $2 = "00000000-0000-4000-8000-000000000006"
--   $3 = null
--   $4 = "online"
--   $5 = null
--   $6 = "https://video.example.ca/room"
--   $7 = "00000000-0000-4000-8000-00000000000b"
--   $8 = "00000000-0000-4000-8000-000000000002"
--   $9 = ["2026-03-01T14:00:00.000Z"]
--   $10 = ["2026-04-01T14:00:00.000Z"]
--   $11 = ["00000000-0000-4000-8000-00000000000b"]
INSERT INTO therapy_sessions (therapist_id, couple_id, client_id, during, busy_time_id, modality, location, video_url, series_id, created_by)
         SELECT $1::uuid, $2::uuid, $3::uuid,
                tstzrange(r.starts_at, r.ends_at, '[)'), r.busy_time_id, $4, $5,
                $6, $7::uuid, $8::uuid
           FROM unnest($9::timestamptz[], $10::timestamptz[],
                       $11::uuid[]) WITH ORDINALITY AS r(starts_at, ends_at, busy_time_id, n)
          ORDER BY r.n
         RETURNING id;

-- therapy-sessions.created[1] (exemption: after-scoped-check)
--   $1 = ["00000000-0000-4000-8000-000000000007"]
SELECT s.id, s.therapist_id, u.display_name AS therapist_name, s.couple_id, s.client_id,
    CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END AS client_ids,
    lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url, s.status,
    s.attended_client_ids, s.series_id, s.busy_time_id, s.completed_at, s.cancelled_at, s.cancelled_by,
    s.cancellation_reason, s.late_cancellation, s.created_at, s.updated_at
  FROM therapy_sessions s
  JOIN users u ON u.id = s.therapist_id WHERE s.id = ANY($1::uuid[]) ORDER BY lower(s.during);

-- therapy-sessions.changed[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000007"
SELECT s.id, s.therapist_id, u.display_name AS therapist_name, s.couple_id, s.client_id,
    CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END AS client_ids,
    lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url, s.status,
    s.attended_client_ids, s.series_id, s.busy_time_id, s.completed_at, s.cancelled_at, s.cancelled_by,
    s.cancellation_reason, s.late_cancellation, s.created_at, s.updated_at
  FROM therapy_sessions s
  JOIN users u ON u.id = s.therapist_id WHERE s.id = $1;

-- therapy-sessions.reschedule[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000007"
--   $2 = 2026-03-01T14:00:00.000Z
--   $3 = 2026-04-01T14:00:00.000Z
--   $4 = "in_person"
--   $5 = "Room 2"
--   $6 = null
UPDATE therapy_sessions SET during = tstzrange($2, $3, '[)'), modality = $4, location = $5, video_url = $6, updated_at = now() WHERE id = $1;

-- therapy-sessions.complete[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000007"
--   $2 = 2026-04-01T14:00:00.000Z
--   $3 = ["00000000-0000-4000-8000-000000000004"]
UPDATE therapy_sessions SET status = 'completed', completed_at = $2, attended_client_ids = $3::uuid[], updated_at = now() WHERE id = $1;

-- therapy-sessions.cancel[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000007"
--   $2 = 2026-03-01T14:00:00.000Z
--   $3 = "client"
--   $4 = "Ill"
--   $5 = false
UPDATE therapy_sessions SET status = 'cancelled', cancelled_at = $2, cancelled_by = $3, cancellation_reason = $4, late_cancellation = $5, updated_at = now()
          WHERE id = $1;

-- therapy-sessions.noShow[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000007"
UPDATE therapy_sessions SET status = 'no_show', updated_at = now() WHERE id = $1;
