import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { createThrowawayDatabase } from '../src/database/throwaway-database';
import { TestDatabase } from './test-database';

/**
 * One throwaway database for the e2e run: on DATABASE_URL's server when it is set, otherwise on
 * an embedded server in a fresh folder. Tests never touch a database they did not create.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  let state: TestDatabase = { url: '' };
  if (!serverUrl) {
    const root = resolve(__dirname, '..', '.data');
    mkdirSync(root, { recursive: true });
    const dir = mkdtempSync(join(root, 'test-'));
    const server = await startEmbeddedPostgres(dir);
    serverUrl = server.adminUrl;
    state = { url: '', embedded: { dir, stop: server.stop } };
  }
  state.url = await createThrowawayDatabase(serverUrl, 'clinic_test');
  await runMigrations(state.url);
  process.env.DATABASE_URL = state.url;
  // Every e2e file signs in from 127.0.0.1 against one shared counter; only the file that tests
  // the per-address limit lowers it (and uses its own addresses).
  process.env.LOGIN_RATE_PER_MINUTE = '100000';
  process.env.BOOKING_RATE_PER_HOUR_PER_ADDRESS = '100000';
  process.env.BOOKING_RATE_PER_DAY_PER_EMAIL = '100000';
  // No background delivery in tests: each test drains the outbox messages it made (OutboxWorker.drain).
  process.env.OUTBOX_ENABLED = 'false';
  // No repair report computed at start: tests that measure it turn it on.
  process.env.REPAIR_REPORT_WARM_UP = 'false';
  // No background sealing in tests: each test that needs seals runs AuditSealer.sealOnce itself.
  process.env.AUDIT_SEAL_INTERVAL_MS = '0';
  // Test webhook receivers listen on this machine, which webhooks may otherwise never reach.
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
  (globalThis as { __clinicTestDatabase?: TestDatabase }).__clinicTestDatabase = state;
}
