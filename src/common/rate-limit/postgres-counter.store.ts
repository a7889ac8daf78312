import { DataSource } from 'typeorm';
import { affected, first } from '../../database/statement';
import { CounterStore, WindowCount } from './counter-store';
import { rateLimitQueries, WindowRow } from './rate-limit.queries';

// One increment in this many also sweeps closed windows, so the table stays small without a job.
const SWEEP_ONE_IN = 200;

/** Counters in the UNLOGGED table `rate_limit_counters`: losing them in a crash only forgives. */
export class PostgresCounterStore implements CounterStore {
  constructor(private readonly db: DataSource) {}

  async increment(key: string, windowSeconds: number): Promise<WindowCount> {
    const row = await first(this.db, rateLimitQueries.hit(key, windowSeconds));
    if (Math.random() * SWEEP_ONE_IN < 1) {
      await affected(this.db, rateLimitQueries.sweepClosedWindows());
    }
    return toWindowCount(row);
  }

  async current(key: string): Promise<WindowCount> {
    return toWindowCount(await first(this.db, rateLimitQueries.current(key)));
  }

  async reset(key: string): Promise<void> {
    await affected(this.db, rateLimitQueries.reset(key));
  }

  async close(): Promise<void> {
    // The pool belongs to TypeORM, which closes it.
  }
}

function toWindowCount(row: WindowRow | undefined): WindowCount {
  return row ? { count: Number(row.hits), secondsLeft: Math.max(0, Number(row.seconds_left)) } : { count: 0, secondsLeft: 0 };
}
