-- Rendered by `npm run queries` from src/**/audit-seals.queries.ts; CI fails when this file is stale.

-- audit-seals.lastNumberGiven[1] (exemption: audit-trail)
SELECT (CASE WHEN s.is_called THEN s.last_value ELSE s.last_value - 1 END)::text AS last_seq,
                coalesce((SELECT a.last_seq FROM audit_seals a ORDER BY a.last_seq DESC LIMIT 1), 0)::text AS sealed_seq
           FROM audit_events_seq s;

-- audit-seals.nextTransactionId[1] (no scope)
SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid;

-- audit-seals.transactionsEndedBefore[1] (no scope)
--   $1 = "1042"
SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 AS ended;

-- audit-seals.takeSealerTurn[1] (no scope)
SELECT pg_try_advisory_xact_lock(7413003) AS taken;

-- audit-seals.sealNext[1] (exemption: audit-trail)
--   $1 = "1042"
WITH last AS (SELECT s.last_seq, s.hash FROM audit_seals s ORDER BY s.last_seq DESC LIMIT 1),
              start AS (SELECT coalesce((SELECT last_seq FROM last), 0) + 1 AS first_seq, (SELECT hash FROM last) AS prev_hash),
              batch AS (SELECT e.seq, e.hash FROM audit_events e
                         WHERE e.seq >= (SELECT first_seq FROM start) AND e.seq <= $1::bigint
                         ORDER BY e.seq LIMIT 5000)
         INSERT INTO audit_seals (first_seq, last_seq, events, prev_hash, hash)
         SELECT start.first_seq, max(b.seq), count(*), start.prev_hash,
                audit_seal_digest(start.prev_hash, start.first_seq, max(b.seq), count(*), string_agg(b.hash, ''::bytea ORDER BY b.seq))
           FROM batch b, start GROUP BY start.first_seq, start.prev_hash
         RETURNING last_seq::text, events;

-- audit-seals.sealingLag[1] (exemption: audit-trail)
SELECT count(*)::int AS unsealed, coalesce(extract(epoch FROM clock_timestamp() - min(e.occurred_at)), 0)::float8 AS lag_seconds
           FROM audit_events e
          WHERE e.seq > coalesce((SELECT max(s.last_seq) FROM audit_seals s), 0)
            AND e.seq <= (SELECT max(n.seq) FROM audit_events n);
