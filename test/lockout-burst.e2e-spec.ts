import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import * as passwords from '../src/common/auth/passwords';
import { bootApp, TestApp } from './app';
import { createTherapist, PASSWORD } from './factories';

const MAX_FAILURES = 3;
const REDIS_URL = process.env.REDIS_URL_FOR_TESTS ?? 'redis://127.0.0.1:6379';

function redisReachable(url: string): boolean {
  const { hostname, port } = new URL(url);
  const probe = `require('net').connect(${Number(port || 6379)}, ${JSON.stringify(hostname)})` +
    `.on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 3000 }).status === 0;
}
const describeRedis = redisReachable(REDIS_URL) || process.env.REQUIRE_REDIS === '1' ? describe : describe.skip;

/** A documentation address (RFC 3849) of its own, so the per-address limit plays no part. */
const newAddress = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

/** The attack: a burst of wrong passwords in parallel, then the right one. */
function withstandsABurst(redisUrl?: string) {
  let t: TestApp;
  const previous = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, { LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_LOCK_MINUTES: '2', TRUST_PROXY: 'true' });
    if (redisUrl) process.env.REDIS_URL = redisUrl;
    t = await bootApp();
  });
  afterAll(async () => {
    await t.close();
    process.env = previous;
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers 429 to the right password after 20 parallel wrong ones, having verified at most LOGIN_MAX_FAILURES', async () => {
    const therapist = await createTherapist(t);
    // Counts the real verifications (the implementation still runs).
    const verified = jest.spyOn(passwords, 'verifyPassword');
    const login = (password: string) =>
      request(t.http).post('/api/v1/auth/login').set('X-Forwarded-For', newAddress()).send({ email: therapist.email, password });
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => login(`wrong password number ${i}`)));
    expect(burst.map((r) => r.status).filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(burst.filter((r) => r.status === 401).length).toBeLessThanOrEqual(MAX_FAILURES);
    const right = await login(PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(verified.mock.calls.length).toBeLessThanOrEqual(MAX_FAILURES);
  });
}

describe('the sign-in lockout under a burst', () => {
  describe('with counters in PostgreSQL', () => withstandsABurst());
  describeRedis('with counters in Redis', () => withstandsABurst(REDIS_URL));
});
