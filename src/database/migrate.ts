import { Client } from 'pg';
import { MIGRATIONS } from '../../migrations';

// Any constant works; it only has to be the same in every API process.
export const MIGRATION_LOCK = 7_413_001;

/**
 * Runs pending migrations under an advisory lock, so API processes started together
 * do not race each other. Returns the names of the migrations applied.
 *
 * Most starts find every migration applied: that is read first, without the lock and without
 * TypeORM's runner (the entities' metadata, a pool of its own and its checks, about 0.1 s of every
 * start). A migration's row is written in the transaction that applies it, so a name seen there is
 * a migration done; anything missing is left to the runner under the lock, and only then are the
 * entities loaded.
 */
export async function runMigrations(url: string, onWait: (reason: string) => void = () => undefined): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  // The lock is this connection's: once it is lost, another process may take the lock, so this one
  // fails at once (the API and the CLI then exit, which ends a migration's transaction still open).
  const lost = new Promise<never>((_, reject) =>
    lock.on('error', (error) => reject(new Error(`the connection holding the migration lock was lost: ${error.message}`))),
  );
  // A loss after the work is done (or on the way that never takes the lock) is nobody's error.
  lost.catch(() => undefined);
  await lock.connect();
  try {
    if (!(await anyPending(lock))) return [];
    return await Promise.race([underTheLock(lock, url, onWait), lost]);
  } finally {
    await lock.end().catch(() => undefined);
  }
}

async function underTheLock(lock: Client, url: string, onWait: (reason: string) => void): Promise<string[]> {
  const taken = await lock.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1) AS taken', [MIGRATION_LOCK]);
  if (!taken.rows[0]?.taken) {
    // Another process is applying migrations; a start that waits says so instead of seeming to hang.
    onWait('waiting for another process to finish applying migrations');
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  }
  await refuseUnrecordedSchema(lock);
  const { createDataSource } = await import('./tool-data-source');
  const dataSource = createDataSource(url, 2);
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations();
    return applied.map((m) => m.name);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/**
 * The clinic's tables without the record of the migrations that made them (`schema_migrations`
 * dropped, or a schema made by other means): running every migration would stop at the first
 * table that exists, with PostgreSQL's "relation already exists". Said plainly instead, with nothing changed.
 */
async function refuseUnrecordedSchema(client: Client): Promise<void> {
  const found = await client.query<{ recorded: boolean; clinic: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS recorded, to_regclass('clients') IS NOT NULL AS clinic`,
  );
  const [{ recorded, clinic }] = found.rows;
  if (!recorded && clinic) {
    throw new Error(
      "the database has the clinic's tables but no record of the migrations that made them (the table schema_migrations is missing): restore it from a backup, or start on an empty database",
    );
  }
}

/** Whether this build has a migration the database has not recorded (all of them when it has no record yet). */
async function anyPending(client: Client): Promise<boolean> {
  const table = await client.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (!table.rows[0]?.present) return true;
  const recorded = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
  return MIGRATIONS.some((M) => !recorded.has(migrationName(M)));
}

/** TypeORM's own name for a migration, as `schema_migrations` records it: its `name`, else its class's. */
export function migrationName(M: (typeof MIGRATIONS)[number]): string {
  return new M().name ?? M.name;
}
