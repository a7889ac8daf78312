-- Rendered by `npm run queries` from src/**/clinical-notes.queries.ts; CI fails when this file is stale.

-- clinical-notes.note[1] (scope: clinical-note)
--   $1 = "00000000-0000-4000-8000-000000000007"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT s.id AS session_id, CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END AS client_ids,
    json_agg(json_build_object('version', n.version, 'text', n.text, 'author_id', n.author_id, 'author_name', a.display_name,
      'written_at', n.written_at, 'corrects_version', n.corrects_version, 'reason', n.reason) ORDER BY n.version) AS versions
  FROM therapy_sessions s
  JOIN clinical_notes n ON n.session_id = s.id
  JOIN users a ON a.id = n.author_id WHERE s.id = $1 AND s.therapist_id = $2
      GROUP BY s.id;

-- clinical-notes.sessionForWriting[1] (scope: clinical-note)
--   $1 = "00000000-0000-4000-8000-000000000007"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END AS client_ids, (SELECT max(n.version) FROM clinical_notes n WHERE n.session_id = s.id) AS current
           FROM therapy_sessions s
          WHERE s.id = $1 AND s.therapist_id = $2
          FOR UPDATE OF s;

-- clinical-notes.addVersion[1] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000007"
--   $2 = 1
--   $3 = "Session focused on repair."
--   $4 = null
--   $5 = null
--   $6 = "00000000-0000-4000-8000-000000000002"
INSERT INTO clinical_notes (session_id, version, text, corrects_version, reason, author_id) VALUES ($1, $2, $3, $4, $5, $6);

-- clinical-notes.addVersion[2] (exemption: after-scoped-check)
--   $1 = "00000000-0000-4000-8000-000000000007"
--   $2 = 2
--   $3 = "Corrected."
--   $4 = 1
--   $5 = "Wrong date"
--   $6 = "00000000-0000-4000-8000-000000000002"
INSERT INTO clinical_notes (session_id, version, text, corrects_version, reason, author_id) VALUES ($1, $2, $3, $4, $5, $6);
