import { Client } from 'pg';
import { createDataSource } from './data-source';

// Any constant works; it only has to be the same in every API process.
const MIGRATION_LOCK = 7_413_001;

/**
 * Runs pending migrations under an advisory lock, so API processes started together
 * do not race each other. Returns the names of the migrations applied.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  const dataSource = createDataSource(url, 2);
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.initialize();
    const applied = await dataSource.runMigrations();
    return applied.map((m) => m.name);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await lock.end();
  }
}
