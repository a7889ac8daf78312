import { join } from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseLocation {
  url: string;
  embedded: boolean;
  /** Stops the embedded server, if one was started. */
  release(): Promise<void>;
}

/** DATABASE_URL as it is, or else the embedded server under `dataDir`, with its `clinic` database. */
export async function locateDatabase(
  env: { DATABASE_URL?: string; DATA_DIR: string },
  log: (message: string) => void,
): Promise<DatabaseLocation> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, release: async () => undefined };
  const server = await startEmbeddedPostgres(join(env.DATA_DIR, 'postgres'), log);
  await ensureDatabase(server.adminUrl, 'clinic');
  return { url: server.urlFor('clinic'), embedded: true, release: () => server.stop() };
}
