-- Rendered by `npm run queries` from src/**/notifications.queries.ts; CI fails when this file is stale.

-- notifications.sessionReminderRecipients[1] (exemption: after-scoped-check)
--   $1 = ["00000000-0000-4000-8000-000000000007"]
SELECT s.id AS session_id, lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url, s.updated_at,
                s.couple_id IS NOT NULL AS couple, u.display_name AS therapist_name,
                c.id AS client_id, c.email, coalesce(c.preferred_name, c.legal_name) AS name
           FROM therapy_sessions s
           JOIN users u ON u.id = s.therapist_id
           JOIN clients c ON c.id = ANY(CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END)
          WHERE s.id = ANY($1::uuid[]) AND s.status = 'scheduled' AND c.email IS NOT NULL AND coalesce((SELECT g.decision FROM consents g WHERE g.client_id = c.id AND g.purpose = 'reminders'
             ORDER BY g.recorded_at DESC, g.id LIMIT 1), 'withdrawn') = 'granted'
          ORDER BY lower(s.during), s.id, c.id;

-- notifications.replaceReminderLink[1] (exemption: public-booking)
--   $1 = "00000000-0000-4000-8000-000000000009"
--   $2 = "https://clinic.example/api/v1/connection-calls/manage/mt_sample"
UPDATE outbox_messages SET payload = jsonb_set(payload, '{manageUrl}', to_jsonb($2::text))
          WHERE subject_id = $1 AND event = 'connection_call.reminder' AND delivered_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL
        RETURNING id;

-- notifications.upcomingSessionsOf[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000004"
SELECT s.id FROM therapy_sessions s
          WHERE (s.client_id = $1::uuid OR s.couple_id = ANY (ARRAY(SELECT cm.couple_id FROM couple_memberships cm WHERE cm.client_id = $1::uuid))) AND s.status = 'scheduled' AND lower(s.during) > now();

-- notifications.withdrawForClient[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = ["session.reminder"]
UPDATE outbox_messages SET withdrawn_at = now(), last_error = 'withdrawn: consent withdrawn', payload = CASE WHEN true THEN payload - ARRAY['manageUrl', 'videoUrl', 'acceptUrl', 'resetUrl'] ELSE payload END,
                link_removed_at = CASE WHEN true AND payload ?| ARRAY['manageUrl', 'videoUrl', 'acceptUrl', 'resetUrl'] THEN now() ELSE link_removed_at END
          WHERE channel = 'email' AND event = ANY($2::text[]) AND payload->>'clientId' = $1::text AND delivered_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL
        RETURNING id;

-- notifications.repairNoticeRecipients[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000008"
SELECT p.id AS client_id, p.email, coalesce(p.preferred_name, p.legal_name) AS name, coalesce((SELECT g.decision FROM consents g WHERE g.client_id = p.id AND g.purpose = 'repair_notices'
             ORDER BY g.recorded_at DESC, g.id LIMIT 1), 'withdrawn') = 'granted' AS consented
           FROM ruptures r JOIN couples k ON k.id = r.couple_id JOIN clients p ON p.id IN (k.partner_a_id, k.partner_b_id)
          WHERE r.id = $1
         UNION ALL
         SELECT NULL, u.email, u.display_name, true
           FROM ruptures r JOIN couples k ON k.id = r.couple_id JOIN users u ON u.id = k.therapist_id AND u.active
          WHERE r.id = $1;
