import request from 'supertest';
import { createAdminAccount } from '../src/users/first-admin';
import { createAdmin, createTherapist, uniqueEmail } from './factories';
import { useApp } from './use-app';

const ADMIN_PASSWORD = 'a first admin password';

describe('first admin', () => {
  const t = useApp();

  it('creates an admin who can sign in (npm run admin:create)', async () => {
    const email = uniqueEmail('Owner');
    const outcome = await createAdminAccount(t.db, { email, password: ADMIN_PASSWORD, displayName: 'Clinic owner' }, { onlyIfNoAdmin: false });
    expect(outcome).toEqual({ created: true, id: expect.any(String) });
    const res = await request(t.http).post('/api/v1/auth/login').send({ email, password: ADMIN_PASSWORD }).expect(200);
    expect(res.body.user).toMatchObject({ email: email.toLowerCase(), role: 'admin', displayName: 'Clinic owner' });
  });

  it('leaves things alone at start-up once an admin exists (ADMIN_EMAIL)', async () => {
    await createAdmin(t);
    const email = uniqueEmail('second');
    expect(await createAdminAccount(t.db, { email, password: ADMIN_PASSWORD }, { onlyIfNoAdmin: true })).toEqual({ created: false, reason: 'admin-exists' });
    expect(await t.db.query('SELECT 1 FROM users WHERE email = $1', [email])).toEqual([]);
  });

  it('never turns an existing account into an admin', async () => {
    const therapist = await createTherapist(t);
    expect(await createAdminAccount(t.db, { email: therapist.email, password: ADMIN_PASSWORD }, { onlyIfNoAdmin: false })).toEqual({
      created: false,
      reason: 'email-taken',
    });
    const [row] = await t.db.query('SELECT role FROM users WHERE id = $1', [therapist.id]);
    expect(row.role).toBe('therapist');
  });

  it('refuses a short password or a malformed email', async () => {
    await expect(createAdminAccount(t.db, { email: uniqueEmail(), password: 'short' }, { onlyIfNoAdmin: false })).rejects.toThrow(/12 characters/);
    await expect(createAdminAccount(t.db, { email: 'not-an-email', password: ADMIN_PASSWORD }, { onlyIfNoAdmin: false })).rejects.toThrow(/not an email/);
  });
});
