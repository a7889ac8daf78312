import { DataSource } from 'typeorm';
import { isEmail } from 'class-validator';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../common/auth/passwords';
import { normaliseEmail } from './email';
import { User } from './user.entity';

// Any constant works; API processes starting together take it so only one creates the admin.
const FIRST_ADMIN_LOCK = 7_413_002;

export interface AdminAccount {
  email: string;
  password: string;
  displayName?: string;
}

export type AdminOutcome = { created: true; id: string } | { created: false; reason: 'admin-exists' | 'email-taken' };

/**
 * Creates an admin account; shared by `npm run admin:create` and the start-up bootstrap from
 * ADMIN_EMAIL/ADMIN_PASSWORD. With `onlyIfNoAdmin`, nothing happens once any admin exists.
 */
export async function createAdminAccount(db: DataSource, account: AdminAccount, options: { onlyIfNoAdmin: boolean }): Promise<AdminOutcome> {
  const email = normaliseEmail(account.email);
  if (!isEmail(email)) throw new Error(`"${account.email}" is not an email address`);
  if (account.password.length < MIN_PASSWORD_LENGTH) throw new Error(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const passwordHash = await hashPassword(account.password);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
    if (options.onlyIfNoAdmin) {
      const admins: unknown[] = await tx.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
      if (admins.length) return { created: false, reason: 'admin-exists' } as const;
    }
    const taken: unknown[] = await tx.query('SELECT 1 FROM users WHERE email = $1', [email]);
    if (taken.length) return { created: false, reason: 'email-taken' } as const;
    const user = await tx.getRepository(User).save({ email, role: 'admin', displayName: account.displayName ?? 'Clinic administrator', passwordHash });
    return { created: true, id: user.id } as const;
  });
}
