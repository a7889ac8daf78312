import { DataSource } from 'typeorm';
import type { AppConfig } from './config/environment';
import { first } from './database/statement';
import { usersQueries } from './users/users.queries';

/**
 * Outside production, with no admin yet: the one line that says how to get one, so that the
 * first sign-in does not need the documentation. Undefined when there is nothing to say.
 */
export async function firstAdminHint(db: DataSource, env: AppConfig): Promise<string | undefined> {
  if (env.NODE_ENV === 'production') return undefined;
  if (await first(db, usersQueries.anyAdmin())) return undefined;
  return (
    'No admin account yet. To sign in: `npm run admin:create -- --email you@example.com` (asks for a password), ' +
    'or set ADMIN_EMAIL and ADMIN_PASSWORD and restart, or `npm run seed:demo` for demo data with printed logins.'
  );
}

/** The addresses to open, as the last start-up line says them. */
export function startAddresses(env: Pick<AppConfig, 'HOST' | 'PORT'>): { api: string; docs: string; health: string } {
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  const base = `http://${host}:${env.PORT}`;
  return { api: `${base}/api/v1`, docs: `${base}/docs`, health: `${base}/health/ready` };
}
