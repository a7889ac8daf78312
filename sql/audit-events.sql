-- Rendered by `npm run queries` from src/**/audit-events.queries.ts; CI fails when this file is stale.

-- audit-events.events[1] (exemption: audit-trail)
SELECT e.seq, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.action, e.resource_type, e.resource_id,
              e.client_ids, e.request_id, host(e.source_address) AS source_address, encode(e.hash, 'hex') AS hash, ARRAY[(e.seq)::text] AS page_key
         FROM audit_events e WHERE TRUE AND TRUE ORDER BY e.seq DESC LIMIT 21;

-- audit-events.events[2] (exemption: audit-trail)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000002"
--   $3 = "read"
--   $4 = "2026-03-01T00:00:00-05:00"
--   $5 = "2026-04-01T00:00:00-04:00"
--   $6 = "1042"
SELECT e.seq, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.action, e.resource_type, e.resource_id,
              e.client_ids, e.request_id, host(e.source_address) AS source_address, encode(e.hash, 'hex') AS hash, ARRAY[(e.seq)::text] AS page_key
         FROM audit_events e WHERE TRUE AND e.client_ids @> ARRAY[$1::uuid] AND e.actor_id = $2 AND e.action = $3 AND e.occurred_at >= $4 AND e.occurred_at < $5 AND (e.seq) < ($6::bigint) ORDER BY e.seq DESC LIMIT 21;

-- audit-events.checkChain[1] (exemption: audit-trail)
WITH seals AS (
         SELECT s.first_seq, s.last_seq, s.events, s.prev_hash, s.hash,
                s.prev_hash IS NOT DISTINCT FROM lag(s.hash) OVER w AND s.first_seq = coalesce(lag(s.last_seq) OVER w, 0) + 1 AS link_ok
           FROM audit_seals s WINDOW w AS (ORDER BY s.last_seq)),
       sealed AS (
         SELECT s.last_seq, s.hash,
                min(e.seq) FILTER (WHERE e.hash <> audit_event_digest(e.prev_hash, e.seq, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.action,
  e.resource_type, e.resource_id, e.client_ids, e.request_id, e.source_address)) AS first_bad_event,
                CASE WHEN s.link_ok AND count(e.seq) = s.events
                       AND s.hash = audit_seal_digest(s.prev_hash, s.first_seq, s.last_seq, count(e.seq), string_agg(e.hash, ''::bytea ORDER BY e.seq))
                     THEN NULL ELSE coalesce(min(e.seq), s.first_seq) END AS first_bad_seal,
                count(e.seq) AS events
           FROM seals s LEFT JOIN audit_events e ON e.seq BETWEEN s.first_seq AND s.last_seq
          GROUP BY s.first_seq, s.last_seq, s.events, s.prev_hash, s.hash, s.link_ok)
       SELECT coalesce(sum(events), 0)::int AS checked,
              least(min(first_bad_event), min(first_bad_seal))::text AS first_broken,
              max(last_seq)::text AS last_seq,
              (SELECT encode(hash, 'hex') FROM sealed ORDER BY last_seq DESC LIMIT 1) AS last_hash
         FROM sealed;

-- audit-events.clientReachable[1] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT EXISTS (SELECT 1 FROM clients c WHERE c.id = $1 AND c.portal_user_id = $2) AS ok;

-- audit-events.clientReachable[2] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT EXISTS (SELECT 1 FROM clients c WHERE c.id = $1 AND c.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $2
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $2
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $2)) AS ok;

-- audit-events.accessLog[1] (exemption: access-log)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT e.seq, e.occurred_at, e.action, e.resource_type, e.actor_kind, e.actor_role,
                CASE WHEN e.actor_id = $2::uuid THEN 'you'
                     WHEN e.actor_role IN ('admin', 'therapist') THEN u.display_name END AS actor_name, ARRAY[(e.seq)::text] AS page_key
           FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE e.client_ids @> ARRAY[$1::uuid] AND TRUE ORDER BY e.seq DESC LIMIT 21;

-- audit-events.accessLog[2] (exemption: access-log)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "1042"
--   $3 = null
SELECT e.seq, e.occurred_at, e.action, e.resource_type, e.actor_kind, e.actor_role,
                CASE WHEN e.actor_id = $3::uuid THEN 'you'
                     WHEN e.actor_role IN ('admin', 'therapist') THEN u.display_name END AS actor_name, ARRAY[(e.seq)::text] AS page_key
           FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE e.client_ids @> ARRAY[$1::uuid] AND (e.seq) < ($2::bigint) ORDER BY e.seq DESC LIMIT 21;
