import { DataSource } from 'typeorm';
import { createApp } from './app.factory';
import { createLogger } from './common/logging/logger';
import { loadEnvironment } from './config/environment';
import { locateDatabase } from './database/database-location';
import { runMigrations } from './database/migrate';
import { createAdminAccount } from './users/first-admin';
import { firstAdminHint, startAddresses } from './start-log';

async function main(): Promise<void> {
  const env = loadEnvironment();
  const logger = createLogger(env.LOG_LEVEL, { pretty: env.NODE_ENV === 'development' });
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
  const hint = await firstAdminHint(app.get(DataSource), env);
  if (hint) logger.warn(hint);
  await app.listen({ port: env.PORT, host: env.HOST });

  const open = startAddresses(env);
  logger.info(`Clinic API ready${database.embedded ? ' (embedded PostgreSQL)' : ''}. API: ${open.api}  Swagger UI: ${open.docs}  health: ${open.health}`);

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
