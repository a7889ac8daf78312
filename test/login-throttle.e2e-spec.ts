import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createTherapist, PASSWORD, uniqueEmail } from './factories';
import { useApp } from './use-app';

// Read at boot: small limits so the test need not wait. TRUST_PROXY lets each test come from its
// own address (X-Forwarded-For), so no test eats another's per-address budget.
process.env.LOGIN_MAX_FAILURES = '3';
process.env.LOGIN_LOCK_MINUTES = '2';
process.env.LOGIN_RATE_PER_MINUTE = '6';
process.env.TRUST_PROXY = 'true';

/** A documentation address (RFC 3849) nobody else uses in this run. */
const newAddress = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

describe('login throttling', () => {
  const t = useApp();

  const login = (from: string, email: string, password: string) =>
    request(t.http).post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });

  it('locks an email after LOGIN_MAX_FAILURES failures, also for the right password, with Retry-After', async () => {
    const therapist = await createTherapist(t);
    const from = newAddress();
    for (let i = 0; i < 3; i++) await login(from, therapist.email, 'not the password at all').expect(401);
    const locked = await login(from, therapist.email, PASSWORD).expect(429);
    expect(locked.headers['content-type']).toMatch(/problem\+json/);
    expect(locked.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);
    // Another address does not get around a lock on the email.
    await login(newAddress(), therapist.email.toUpperCase(), PASSWORD).expect(429);
    if (!process.env.REDIS_URL) {
      expect(await t.db.query(`SELECT 1 FROM rate_limit_counters WHERE key = $1`, [`login-lock:${therapist.email}`])).toHaveLength(1);
    }
  });

  it('locks an unknown email exactly like a known one', async () => {
    const therapist = await createTherapist(t);
    const unknown = uniqueEmail('nobody');
    const from = newAddress();
    const known: number[] = [];
    const stranger: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push((await login(from, therapist.email, 'not the password at all')).status);
      stranger.push((await login(newAddress(), unknown, 'not the password at all')).status);
    }
    expect(known).toEqual([401, 401, 401, 429]);
    expect(stranger).toEqual(known);
    const a = await login(newAddress(), therapist.email, 'x'.repeat(12)).expect(429);
    const b = await login(newAddress(), unknown, 'x'.repeat(12)).expect(429);
    expect(a.body.detail).toBe(b.body.detail);
  });

  it('resets the count on a successful sign-in', async () => {
    const therapist = await createTherapist(t);
    const from = newAddress();
    await login(from, therapist.email, 'not the password at all').expect(401);
    await login(from, therapist.email, 'not the password at all').expect(401);
    await login(from, therapist.email, PASSWORD).expect(200);
    await login(from, therapist.email, 'not the password at all').expect(401);
    await login(from, therapist.email, 'not the password at all').expect(401);
    await login(from, therapist.email, PASSWORD).expect(200);
  });

  it('limits sign-in requests per source address with 429 and Retry-After', async () => {
    const from = newAddress();
    for (let i = 0; i < 6; i++) await login(from, uniqueEmail(), 'not the password at all').expect(401);
    const limited = await login(from, uniqueEmail(), 'not the password at all').expect(429);
    expect(limited.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Someone else is not held back.
    const therapist = await createTherapist(t);
    await login(newAddress(), therapist.email, PASSWORD).expect(200);
  });

  it.each(['/api/v1/auth/refresh', '/api/v1/auth/invitations/accept'])('limits %s per source address', async (path) => {
    const from = newAddress();
    const body = path.endsWith('refresh') ? { refreshToken: 'rt_unknown' } : { token: 'iv_unknown', password: 'a long enough password', displayName: 'Sam' };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await request(t.http).post(path).set('X-Forwarded-For', from).send(body)).status);
    expect(statuses.slice(0, 6).every((s) => s !== 429)).toBe(true);
    expect(statuses[6]).toBe(429);
    const limited = await request(t.http).post(path).set('X-Forwarded-For', from).send(body).expect(429);
    expect(limited.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
  });
});
