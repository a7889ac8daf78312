-- Rendered by `npm run queries` from src/**/access.queries.ts; CI fails when this file is stale.

-- access.reachableClients[1] (scope: client)
--   $1 = ["00000000-0000-4000-8000-000000000004","00000000-0000-4000-8000-000000000005"]
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT c.id FROM clients c WHERE c.id = ANY($1::uuid[]) AND c.id IN (SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = $2
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = $2
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = $2);

-- access.reachableClients[2] (scope: client)
--   $1 = ["00000000-0000-4000-8000-000000000004"]
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT c.id FROM clients c WHERE c.id = ANY($1::uuid[]) AND c.portal_user_id = $2;

-- access.reachableCouples[1] (scope: couple)
--   $1 = ["00000000-0000-4000-8000-000000000006"]
--   $2 = "00000000-0000-4000-8000-000000000002"
SELECT k.id FROM couples k WHERE k.id = ANY($1::uuid[]) AND k.therapist_id = $2;

-- access.reachableCouples[2] (scope: couple)
--   $1 = ["00000000-0000-4000-8000-000000000006"]
--   $2 = "00000000-0000-4000-8000-000000000003"
SELECT k.id FROM couples k WHERE k.id = ANY($1::uuid[]) AND k.id IN (SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = $2);
