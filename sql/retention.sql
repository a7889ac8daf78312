-- Rendered by `npm run queries` from src/**/retention.queries.ts; CI fails when this file is stale.

-- retention.retention[1] (exemption: retention)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = 10
SELECT to_char(greatest(r.retained_until, s.scheduled_until), 'YYYY-MM-DD') AS purgeable_from,
         s.scheduled_until IS NOT NULL AS scheduled,
         r.retained_until <= now() AND s.scheduled_until IS NULL AS purgeable
    FROM clients c,
    LATERAL (SELECT greatest(
        coalesce(client_last_contact(c.id), c.created_at) + make_interval(years => $2),
        (SELECT max(d) FROM (SELECT bc.date_of_birth FROM clients bc WHERE bc.id = c.id
  UNION ALL SELECT k.previous_date_of_birth FROM client_birth_date_corrections k WHERE k.client_id = c.id) own(d)) + make_interval(years => 18 + $2),
        (SELECT max(d) FROM couple_memberships m
           JOIN couple_memberships o ON o.couple_id = m.couple_id AND o.client_id <> m.client_id,
           LATERAL (SELECT bc.date_of_birth FROM clients bc WHERE bc.id = o.client_id
  UNION ALL SELECT k.previous_date_of_birth FROM client_birth_date_corrections k WHERE k.client_id = o.client_id) partner(d)
          WHERE m.client_id = c.id) + make_interval(years => 18 + $2)) AS retained_until) r,
    LATERAL (SELECT max(e) + make_interval(years => $2) AS scheduled_until FROM (
        SELECT upper(ts.during) FROM therapy_sessions ts
         WHERE ts.status = 'scheduled'
           AND (ts.client_id = c.id OR ts.couple_id IN (SELECT m.couple_id FROM couple_memberships m WHERE m.client_id = c.id))
        UNION ALL
        SELECT cc.ends_at FROM connection_calls cc
         WHERE cc.status = 'booked' AND (cc.client_id = c.id OR lower(cc.email) = lower(c.email))) upcoming(e)) s
   WHERE c.id = $1
     FOR UPDATE OF c;

-- retention.personEmails[1] (exemption: retention)
--   $1 = "00000000-0000-4000-8000-000000000004"
SELECT coalesce(array_agg(DISTINCT lower(e)) FILTER (WHERE e IS NOT NULL), '{}') AS emails FROM (
    SELECT c.email FROM clients c WHERE c.id = $1
    UNION ALL SELECT u.email FROM clients c JOIN users u ON u.id = c.portal_user_id WHERE c.id = $1
    UNION ALL SELECT i.email FROM invitations i WHERE i.client_id = $1) emails(e);

-- retention.eraseRecord[1] (exemption: retention)
--   $1 = "00000000-0000-4000-8000-000000000004"
UPDATE clients c SET legal_name = 'Purged record', preferred_name = NULL, pronouns = NULL,
                date_of_birth = date_trunc('year', c.date_of_birth), email = NULL, phone = NULL,
                address_line1 = NULL, address_line2 = NULL, address_city = NULL, address_postal_code = NULL,
                emergency_contact_name = NULL, emergency_contact_phone = NULL, emergency_contact_relationship = NULL,
                archived_at = coalesce(c.archived_at, now()), purged_at = now(), updated_at = now()
          WHERE c.id = $1 RETURNING c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at;

-- retention.eraseBookings[1] (exemption: retention)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = ["alex@example.com"]
UPDATE connection_calls cc SET name = 'Purged record', email = 'purged@purged.invalid', phone = NULL, message = NULL, staff_notes = NULL
  WHERE cc.client_id = $1 OR lower(cc.email) = ANY($2::text[]);

-- retention.eraseEmails[1] (exemption: retention)
--   $1 = ["alex@example.com"]
UPDATE outbox_messages o SET payload = '{}'::jsonb
  WHERE o.channel = 'email' AND (lower(o.payload->>'to') = ANY($1::text[]) OR lower(o.payload->>'personEmail') = ANY($1::text[]));

-- retention.eraseIdentity[1.1] (exemption: retention)
--   $1 = "00000000-0000-4000-8000-000000000004"
UPDATE users u SET email = 'purged-' || u.id || '@purged.invalid', display_name = 'Purged record', password_hash = NULL,
                active = false, deactivated_at = coalesce(u.deactivated_at, now()), updated_at = now()
          WHERE u.id = (SELECT c.portal_user_id FROM clients c WHERE c.id = $1);

-- retention.eraseIdentity[1.2] (exemption: retention)
--   $1 = "00000000-0000-4000-8000-000000000004"
UPDATE refresh_tokens t SET revoked_at = now()
          WHERE t.revoked_at IS NULL AND t.user_id = (SELECT c.portal_user_id FROM clients c WHERE c.id = $1);

-- retention.eraseIdentity[1.3] (exemption: retention)
--   $1 = "00000000-0000-4000-8000-000000000004"
DELETE FROM calendar_feeds f WHERE f.user_id = (SELECT c.portal_user_id FROM clients c WHERE c.id = $1);

-- retention.eraseIdentity[1.4] (exemption: retention)
--   $1 = "00000000-0000-4000-8000-000000000004"
UPDATE invitations i SET email = 'purged@purged.invalid', expires_at = least(i.expires_at, now()) WHERE i.client_id = $1;

-- retention.eraseIdentity[1.5] (exemption: retention)
--   $1 = "00000000-0000-4000-8000-000000000004"
UPDATE consents s SET note = NULL WHERE s.client_id = $1 AND s.note IS NOT NULL;

-- retention.eraseIdentity[1.6] (exemption: retention)
--   $1 = "00000000-0000-4000-8000-000000000004"
UPDATE client_birth_date_corrections k SET previous_date_of_birth = date_trunc('year', k.previous_date_of_birth),
                date_of_birth = date_trunc('year', k.date_of_birth)
          WHERE k.client_id = $1;
