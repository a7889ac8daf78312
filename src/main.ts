import { DataSource } from 'typeorm';
import { createApp } from './app.factory';
import { createLogger } from './common/logging/logger';
import { loadEnvironment } from './config/environment';
import { locateDatabase } from './database/database-location';
import { runMigrations } from './database/migrate';
import { createAdminAccount } from './users/first-admin';

async function main(): Promise<void> {
  const notes: string[] = [];
  const env = loadEnvironment((line) => notes.push(line));
  const logger = createLogger(env.LOG_LEVEL);
  for (const line of notes) logger.info(line);
  const database = await locateDatabase(env, (message) => logger.info(message));
  if (env.MIGRATIONS_RUN) {
    const applied = await runMigrations(database.url);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
  }
  const app = await createApp(database.url, logger);
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    // A fresh install gets its first admin from the environment; later starts leave admins alone.
    const outcome = await createAdminAccount(app.get(DataSource), { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }, { onlyIfNoAdmin: true });
    if (outcome.created) logger.info({ userId: outcome.id }, 'first admin created from ADMIN_EMAIL');
    else if (outcome.reason === 'email-taken') logger.warn('ADMIN_EMAIL belongs to an existing non-admin account; no admin created');
  }
  await app.listen({ port: env.PORT, host: env.HOST });

  const shown = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  const base = `http://${shown}:${env.PORT}`;
  logger.info(`Clinic API at ${base}/api/v1, Swagger UI at ${base}/docs${database.embedded ? ' (embedded PostgreSQL)' : ''}`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    // Order matters: finish requests, close the pool, then stop the server the pool was using.
    await app.close();
    await database.release();
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, (s) => void stop(s));
}

main().catch((error: unknown) => {
  process.stderr.write(`Clinic API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
