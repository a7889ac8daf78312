import { queryModule } from '../../database/query-module';
import { Row } from '../../database/schema.generated';
import { statement } from '../../database/statement';

/** A key's count in its open window, and the seconds until the window closes. */
export type WindowRow = Pick<Row<'rate_limit_counters'>, 'hits'> & { seconds_left: number };

/** Counters of the PostgreSQL rate-limit store, in the UNLOGGED table `rate_limit_counters`. */
export const rateLimitQueries = queryModule(
  'rate-limit',
  {
    /** One statement: concurrent hits on a key serialise on its row, so none is lost. */
    hit(key: string, windowSeconds: number) {
      return statement<WindowRow>(
        `INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at)
       VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_ends_at <= clock_timestamp() THEN 1 ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN c.window_ends_at <= clock_timestamp() THEN excluded.window_ends_at ELSE c.window_ends_at END
       RETURNING hits, ceil(extract(epoch FROM window_ends_at - clock_timestamp()))::int AS seconds_left`,
        [key, windowSeconds],
      );
    },
    sweepClosedWindows() {
      return statement(`DELETE FROM rate_limit_counters WHERE window_ends_at < clock_timestamp() - interval '1 minute'`);
    },
    current(key: string) {
      return statement<WindowRow>(
        `SELECT hits, ceil(extract(epoch FROM window_ends_at - clock_timestamp()))::int AS seconds_left
         FROM rate_limit_counters WHERE key = $1 AND window_ends_at > clock_timestamp()`,
        [key],
      );
    },
    reset(key: string) {
      return statement('DELETE FROM rate_limit_counters WHERE key = $1', [key]);
    },
  },
  {
    hit: [['login-failures:dana@clinic.example', 900]],
    sweepClosedWindows: [[]],
    current: [['login-lock:dana@clinic.example']],
    reset: [['login-failures:dana@clinic.example']],
  },
);
