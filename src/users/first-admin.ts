import { DataSource } from 'typeorm';
import { isEmail } from 'class-validator';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../common/auth/passwords';
import { first, rows } from '../database/statement';
import { normaliseEmail } from './email';
import { usersQueries } from './users.queries';

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
    await rows(tx, usersQueries.lockAdminCreation());
    if (options.onlyIfNoAdmin) {
      if (await first(tx, usersQueries.anyAdmin())) return { created: false, reason: 'admin-exists' } as const;
    }
    if (await first(tx, usersQueries.emailTaken(email))) return { created: false, reason: 'email-taken' } as const;
    const [user] = await rows(tx, usersQueries.createAccount({ email, role: 'admin', display_name: account.displayName ?? 'Clinic administrator', password_hash: passwordHash }));
    return { created: true, id: user.id } as const;
  });
}
