import { DataSource } from 'typeorm';
import { CounterStore, WindowCount } from './counter-store';

// One increment in this many also sweeps closed windows, so the table stays small without a job.
const SWEEP_ONE_IN = 200;

type Row = { hits: number; seconds_left: number };

/** Counters in the UNLOGGED table `rate_limit_counters`: losing them in a crash only forgives. */
export class PostgresCounterStore implements CounterStore {
  constructor(private readonly db: DataSource) {}

  async increment(key: string, windowSeconds: number): Promise<WindowCount> {
    // One statement: concurrent hits on a key serialise on its row, so none is lost.
    const rows: Row[] = await this.db.query(
      `INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at)
       VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_ends_at <= clock_timestamp() THEN 1 ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN c.window_ends_at <= clock_timestamp() THEN excluded.window_ends_at ELSE c.window_ends_at END
       RETURNING hits, ceil(extract(epoch FROM window_ends_at - clock_timestamp()))::int AS seconds_left`,
      [key, windowSeconds],
    );
    if (Math.random() * SWEEP_ONE_IN < 1) {
      await this.db.query(`DELETE FROM rate_limit_counters WHERE window_ends_at < clock_timestamp() - interval '1 minute'`);
    }
    return toWindowCount(rows[0]);
  }

  async current(key: string): Promise<WindowCount> {
    const rows: Row[] = await this.db.query(
      `SELECT hits, ceil(extract(epoch FROM window_ends_at - clock_timestamp()))::int AS seconds_left
         FROM rate_limit_counters WHERE key = $1 AND window_ends_at > clock_timestamp()`,
      [key],
    );
    return toWindowCount(rows[0]);
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limit_counters WHERE key = $1', [key]);
  }

  async close(): Promise<void> {
    // The pool belongs to TypeORM, which closes it.
  }
}

function toWindowCount(row: Row | undefined): WindowCount {
  return row ? { count: Number(row.hits), secondsLeft: Math.max(0, Number(row.seconds_left)) } : { count: 0, secondsLeft: 0 };
}
