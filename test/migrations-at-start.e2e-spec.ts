import { Client } from 'pg';
import { MIGRATIONS } from '../migrations';
import { createDataSource } from '../src/database/tool-data-source';
import { MIGRATION_LOCK, migrationName, runMigrations } from '../src/database/migrate';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../src/database/throwaway-database';

/**
 * What every start of the API does first (MIGRATIONS_RUN): on a database that has every migration
 * it returns at once, without waiting for the migration lock another process may hold; otherwise
 * it applies what is missing under that lock.
 */
const NAMES = MIGRATIONS.map(migrationName);
const stamp = (name: string) => Number(/\d{13}$/.exec(name)?.[0]);
const LAST = NAMES.reduce((last, name) => (stamp(name) > stamp(last) ? name : last));

async function holdingTheLock(url: string): Promise<Client> {
  const holder = new Client({ connectionString: url });
  await holder.connect();
  await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  return holder;
}

/** How the call ended, or 'waiting' while it still had not after `ms`. */
function within<T>(work: Promise<T>, ms: number): Promise<T | 'waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const wait = new Promise<'waiting'>((resolve) => (timer = setTimeout(() => resolve('waiting'), ms)));
  return Promise.race([work, wait]).finally(() => clearTimeout(timer));
}

async function appliedNames(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id')).rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('migrations at start', () => {
  let url: string;

  beforeAll(async () => {
    url = await createThrowawayDatabase(process.env.DATABASE_URL as string, 'clinic_migrate');
  });

  afterAll(async () => {
    await dropThrowawayDatabase(url);
  });

  it('applies every migration to an empty database, oldest first', async () => {
    const applied = await runMigrations(url);
    expect([...applied].sort()).toEqual([...NAMES].sort());
    expect(applied.map(stamp)).toEqual(applied.map(stamp).sort((a, b) => a - b));
    expect(await appliedNames(url)).toEqual(applied);
  });

  it('returns at once on a database that has them all, even while another process holds the migration lock', async () => {
    const holder = await holdingTheLock(url);
    try {
      // Before, every start took the lock first and so waited here for as long as the holder kept it.
      await expect(within(runMigrations(url), 10_000)).resolves.toEqual([]);
    } finally {
      await holder.end();
    }
  });

  it('applies a missing migration under the lock: it waits for the holder, then applies only that one', async () => {
    const tool = createDataSource(url, 1);
    await tool.initialize();
    await tool.undoLastMigration({ transaction: 'each' });
    await tool.destroy();
    expect(await appliedNames(url)).not.toContain(LAST);

    const holder = await holdingTheLock(url);
    const said: string[] = [];
    const migrating = runMigrations(url, (reason) => said.push(reason));
    try {
      await expect(within(migrating, 1_000)).resolves.toBe('waiting');
      expect(await appliedNames(url)).not.toContain(LAST);
      // A start that waits says why, once.
      expect(said).toEqual(['waiting for another process to finish applying migrations']);
    } finally {
      await holder.end();
    }
    await expect(migrating).resolves.toEqual([LAST]);
    expect((await appliedNames(url)).at(-1)).toBe(LAST);
  });

  it('fails clearly, instead of ending the process with an unhandled error, when the connection holding the lock is lost mid-way', async () => {
    const tool = createDataSource(url, 1);
    await tool.initialize();
    await tool.undoLastMigration({ transaction: 'each' });
    await tool.destroy();

    // Reads of schema_migrations pass this lock, its writes wait: the runner stops mid-way, its migration done, before recording it.
    const blocker = new Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
    const migrating = runMigrations(url);
    const outcome = migrating.then(
      () => 'applied',
      (error: Error) => error.message,
    );
    try {
      // Once the runner waits to record it, end the session that holds the migration lock.
      const admin = new Client({ connectionString: url });
      await admin.connect();
      try {
        for (let i = 0; i < 100; i++) {
          const waiting = await admin.query(`SELECT 1 FROM pg_locks WHERE relation = 'schema_migrations'::regclass AND NOT granted`);
          if (waiting.rowCount) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const ended = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted`, [MIGRATION_LOCK]);
        expect(ended.rowCount).toBe(1);
      } finally {
        await admin.end();
      }
      await expect(within(outcome, 10_000)).resolves.toMatch(/connection holding the migration lock was lost/);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // In this process the runner it had started goes on and records the migration (the API and the
    // CLI exit on the error, which ends its transaction); once it has, a start finds nothing to do.
    for (let i = 0; i < 100 && !(await appliedNames(url)).includes(LAST); i++) await new Promise((r) => setTimeout(r, 100));
    await expect(runMigrations(url)).resolves.toEqual([]);
    expect((await appliedNames(url)).filter((name) => name === LAST)).toHaveLength(1);
  });

  it('refuses, saying why and changing nothing, a database that has the tables but lost the record of its migrations', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('DROP TABLE schema_migrations');
      // Before: every migration ran again and the first stopped at PostgreSQL's "relation already exists".
      await expect(runMigrations(url)).rejects.toThrow(/clinic's tables but no record of the migrations that made them/);
      const left = await client.query(`SELECT to_regclass('schema_migrations') IS NULL AS unrecorded, to_regclass('clients') IS NOT NULL AS clinic`);
      expect(left.rows[0]).toEqual({ unrecorded: true, clinic: true });
    } finally {
      await client.end();
    }
  });
});
