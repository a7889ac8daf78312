import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/common/auth/roles';
import { hashPassword } from '../src/common/auth/passwords';
import { TestApp } from './app';

export const PASSWORD = 'a long test password 123';
let passwordHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  password: string;
}

export function uniqueEmail(label = 'user'): string {
  return `${label}.${randomUUID().slice(0, 8)}@clinic.test`;
}

/** A user straight in the database, with the shared test password. */
export async function createUser(t: TestApp, role: Role, overrides: { email?: string; displayName?: string; active?: boolean } = {}): Promise<TestUser> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = overrides.email ?? uniqueEmail(role);
  const [user] = (await t.db.query(`INSERT INTO users (email, role, display_name, password_hash, active) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
    email,
    role,
    overrides.displayName ?? `${role} ${email.split('@')[0]}`,
    await passwordHash,
    overrides.active ?? true,
  ])) as { id: string }[];
  if (role === 'therapist') {
    await t.db.query(
      `INSERT INTO therapist_profiles (user_id, credentials, crpo_number, languages, bio, takes_connection_calls) VALUES ($1, 'RP', '10234', '{en}', 'Couples therapist.', true)`,
      [user.id],
    );
  }
  return { id: user.id, email, role, password: PASSWORD };
}

export const createAdmin = (t: TestApp) => createUser(t, 'admin');
export const createTherapist = (t: TestApp) => createUser(t, 'therapist');

export interface Session {
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

/** Signs in over HTTP, as a front-end would. */
export async function loginAs(t: TestApp, user: TestUser): Promise<Session> {
  const res = await request(t.http).post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(200);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}
