-- Rendered by `npm run queries` from src/**/audit-trail.queries.ts; CI fails when this file is stale.

-- audit-trail.recordEvent[1] (exemption: audit-trail)
--   $1 = "user"
--   $2 = "00000000-0000-4000-8000-000000000002"
--   $3 = "therapist"
--   $4 = "update"
--   $5 = "client"
--   $6 = "00000000-0000-4000-8000-000000000004"
--   $7 = ["00000000-0000-4000-8000-000000000004"]
--   $8 = null
--   $9 = null
INSERT INTO audit_events (actor_kind, actor_id, actor_role, action, resource_type, resource_id, client_ids, request_id, source_address) VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9::inet);

-- audit-trail.recordEvent[2] (exemption: audit-trail)
--   $1 = "anonymous"
--   $2 = null
--   $3 = null
--   $4 = "read"
--   $5 = "audit_chain"
--   $6 = null
--   $7 = []
--   $8 = null
--   $9 = null
INSERT INTO audit_events (actor_kind, actor_id, actor_role, action, resource_type, resource_id, client_ids, request_id, source_address) VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9::inet);

-- audit-trail.auditedRead[1] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "00000000-0000-4000-8000-000000000002"
--   $3 = "user"
--   $4 = "00000000-0000-4000-8000-000000000002"
--   $5 = "therapist"
--   $6 = "read"
--   $7 = "client"
--   $8 = null
--   $9 = null
WITH rows AS (SELECT c.id FROM clients c WHERE c.id = $1 AND c.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $2
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $2
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $2)), audit AS (INSERT INTO audit_events (actor_kind, actor_id, actor_role, action, resource_type, resource_id, client_ids, request_id, source_address) SELECT $3, $4, $5, $6, $7, rows.id, ARRAY[rows.id], $8, $9::inet FROM rows) SELECT * FROM rows;

-- audit-trail.auditedRead[2] (scope: client)
--   $1 = "00000000-0000-4000-8000-000000000004"
--   $2 = "user"
--   $3 = "00000000-0000-4000-8000-000000000001"
--   $4 = "admin"
--   $5 = "list"
--   $6 = "client"
--   $7 = null
--   $8 = null
WITH rows AS (SELECT c.id FROM clients c WHERE c.id = $1 AND TRUE), audit AS (INSERT INTO audit_events (actor_kind, actor_id, actor_role, action, resource_type, resource_id, client_ids, request_id, source_address)
       SELECT $2, $3, $4, $5, $6, NULL, coalesce(array_agg(DISTINCT c) FILTER (WHERE c IS NOT NULL), '{}'), $7, $8::inet
         FROM (SELECT * FROM rows ORDER BY (rows.id)::uuid ASC LIMIT 20) rows, unnest(ARRAY[rows.id]) AS c
       HAVING count(*) > 0) SELECT * FROM rows ORDER BY (rows.id)::uuid ASC;
