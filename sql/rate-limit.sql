-- Rendered by `npm run queries` from src/**/rate-limit.queries.ts; CI fails when this file is stale.

-- rate-limit.hit[1] (no scope)
--   $1 = "login-failures:dana@clinic.example"
--   $2 = 900
INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at)
       VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_ends_at <= clock_timestamp() THEN 1 ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN c.window_ends_at <= clock_timestamp() THEN excluded.window_ends_at ELSE c.window_ends_at END
       RETURNING hits, ceil(extract(epoch FROM window_ends_at - clock_timestamp()))::int AS seconds_left;

-- rate-limit.sweepClosedWindows[1] (no scope)
DELETE FROM rate_limit_counters WHERE window_ends_at < clock_timestamp() - interval '1 minute';

-- rate-limit.current[1] (no scope)
--   $1 = "login-lock:dana@clinic.example"
SELECT hits, ceil(extract(epoch FROM window_ends_at - clock_timestamp()))::int AS seconds_left
         FROM rate_limit_counters WHERE key = $1 AND window_ends_at > clock_timestamp();

-- rate-limit.reset[1] (no scope)
--   $1 = "login-failures:dana@clinic.example"
DELETE FROM rate_limit_counters WHERE key = $1;
