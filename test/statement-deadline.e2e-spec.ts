import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { isDatabaseUnavailable } from '../src/common/problem/database-errors';
import { createDataSource } from '../src/database/tool-data-source';
import { poolQuery } from '../src/database/pool-query';

/** The delays of the timers armed while `work` runs. */
async function timersArmedWhile(work: () => Promise<unknown>): Promise<number[]> {
  const armed: number[] = [];
  const arm = global.setTimeout;
  global.setTimeout = ((callback: () => void, ms?: number) => (armed.push(ms ?? 0), arm(callback, ms))) as typeof setTimeout;
  try {
    await work();
  } finally {
    global.setTimeout = arm;
  }
  return armed;
}

/**
 * DATABASE_QUERY_TIMEOUT_MS: a statement the server leaves unanswered (here a server still busy
 * with it) fails as "unavailable" once the deadline has passed, whichever way it was sent.
 */
describe('the statement deadline', () => {
  const DEADLINE_MS = 400;
  /** A statement that would answer well after the deadline. */
  const UNANSWERED = 'SELECT pg_sleep(4)';
  let db: DataSource;
  const pool = () => (db.driver as PostgresDriver).master as Pool;

  beforeAll(async () => {
    db = createDataSource(process.env.DATABASE_URL as string, 3, { connectTimeoutMs: 2000, acquireTimeoutMs: 2000, queryTimeoutMs: DEADLINE_MS });
    await db.initialize();
  });
  afterAll(() => db.destroy());

  it('fails a pool statement left unanswered past the deadline, as unavailable, without waiting for its answer', async () => {
    const started = Date.now();
    const error: unknown = await poolQuery(db, UNANSWERED).catch((e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect((error as Error).message).toBe('Query read timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    // The connection it waited on is given up; the pool answers the next statement on another.
    await expect(poolQuery(db, 'SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('fails a statement in a transaction too, and the transaction with it', async () => {
    const error: unknown = await db.transaction((tx) => tx.query(UNANSWERED)).catch((e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
    await expect(db.query('SELECT 2 AS two')).resolves.toEqual([{ two: 2 }]);
  });

  it('fails a statement sent as a promise on a checked-out connection', async () => {
    const client = await pool().connect();
    try {
      await expect(client.query(UNANSWERED)).rejects.toThrow('Query read timeout');
    } finally {
      client.release(true);
    }
  });

  it('fails a statement sent with a callback', async () => {
    const client = await pool().connect();
    try {
      const error = await new Promise<Error | undefined>((resolve) => void client.query(UNANSWERED, (e: Error | undefined) => resolve(e)));
      expect(error?.message).toBe('Query read timeout');
    } finally {
      client.release(true);
    }
  });

  it('gives each statement its own deadline: a transaction of short statements may last longer', async () => {
    const answers = await db.transaction(async (tx) => {
      const each: unknown[] = [];
      for (let i = 0; i < 6; i++) each.push(await tx.query('SELECT pg_sleep(0.15), $1::int AS i', [i]));
      return each;
    });
    expect(answers).toHaveLength(6);
  });

  it('arms no timer for a statement', async () => {
    const client = await pool().connect();
    try {
      await expect(timersArmedWhile(() => client.query('SELECT pg_sleep(0.05)'))).resolves.toEqual([]);
    } finally {
      client.release();
    }
  });
});
