import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { createApp } from './app.factory';
import { createLogger } from './common/logging/logger';
import { loadEnvironment } from './config/environment';
import { locateDatabase } from './database/database-location';
import { runMigrations } from './database/migrate';
import { createAdminAccount } from './users/first-admin';
import { firstAdminHint, startAddresses } from './start-log';

/** Whether something already listens on the port; checked before the database is touched. */
function portTaken(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve(true) : reject(e)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

async function main(): Promise<void> {
  const notes: string[] = [];
  const env = loadEnvironment((line) => notes.push(line));
  const logger = createLogger(env.LOG_LEVEL, { pretty: env.NODE_ENV === 'development' });
  for (const line of notes) logger.info(line);
  if (env.PORT && (await portTaken(env.PORT, env.HOST))) {
    process.stderr.write(`Clinic API not started: port ${env.PORT} on ${env.HOST} is already in use (is the API already running?). Set PORT to use another.\n`);
    process.exit(1);
  }
  const database = await locateDatabase(env, (message) => logger.info(message));
  if (env.MIGRATIONS_RUN) {
    const applied = await runMigrations(database.url, (reason) => logger.info(reason));
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
  const server = app.getHttpServer();
  // A slow client may take this long to send its headers, and its whole request.
  server.headersTimeout = env.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = env.HTTP_REQUEST_TIMEOUT_MS;

  const open = startAddresses(env);
  logger.info(`Clinic API ready${database.embedded ? ' (embedded PostgreSQL)' : ''}. API: ${open.api}  Swagger UI: ${open.docs}  health: ${open.health}`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, deadlineMs: env.SHUTDOWN_TIMEOUT_MS }, 'shutting down: draining requests');
    // Once the log's last lines are written (standard output is written asynchronously).
    const exit = (code: number) => {
      setTimeout(() => process.exit(code), 1000);
      logger.flush(() => process.exit(code));
    };
    // Whatever still runs at the deadline is abandoned: the process ends, and says it was forced.
    setTimeout(() => {
      logger.error({ deadlineMs: env.SHUTDOWN_TIMEOUT_MS }, 'shutdown deadline passed: exiting without finishing');
      database.abandon();
      exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    // Half-way, connections still open (a slow client, a long request) are closed so the rest can finish.
    setTimeout(() => server.closeAllConnections(), env.SHUTDOWN_TIMEOUT_MS / 2).unref();
    try {
      // Order matters: stop the outbox and accepting, finish requests, close the pool, then stop the server the pool was using.
      await app.close();
      await database.release();
      logger.info('stopped');
      exit(0);
    } catch (error) {
      logger.error({ reason: error instanceof Error ? error.message : String(error) }, 'shutdown failed');
      exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, (s) => void stop(s));
}

main().catch((error: unknown) => {
  process.stderr.write(`Clinic API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
