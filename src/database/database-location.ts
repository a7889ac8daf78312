import { join } from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseLocation {
  url: string;
  embedded: boolean;
  /** Stops the embedded server if this process started it; one started by another process keeps running. */
  release(): Promise<void>;
  /** For a process forced to exit now: asks an embedded server it started to shut down, without waiting. */
  abandon(): void;
}

/**
 * DATABASE_URL as it is, or else the embedded server under `dataDir` (the one already running
 * there, or a new one), with its `clinic` database.
 */
export async function locateDatabase(
  env: { DATABASE_URL?: string; DATA_DIR: string },
  log: (message: string) => void,
): Promise<DatabaseLocation> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, release: async () => undefined, abandon: () => undefined };
  const server = await startEmbeddedPostgres(join(env.DATA_DIR, 'postgres'), log);
  await ensureDatabase(server.adminUrl, 'clinic');
  return { url: server.urlFor('clinic'), embedded: true, release: () => server.stop(), abandon: () => server.abandon() };
}
