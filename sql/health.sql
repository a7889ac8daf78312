-- Rendered by `npm run queries` from src/**/health.queries.ts; CI fails when this file is stale.

-- health.ping[1] (no scope)
SELECT 1 AS up;
