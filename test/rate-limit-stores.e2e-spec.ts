import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CounterStore } from '../src/common/rate-limit/counter-store';
import { PostgresCounterStore } from '../src/common/rate-limit/postgres-counter.store';
import { RateLimiter } from '../src/common/rate-limit/rate-limiter';
import { RedisCounterStore } from '../src/common/rate-limit/redis-counter.store';
import { createDataSource } from '../src/database/tool-data-source';
import { bootApp, TestApp } from './app';
import { uniqueEmail } from './factories';

const REDIS_URL = process.env.REDIS_URL_FOR_TESTS ?? 'redis://127.0.0.1:6379';

/** Decided before the suite is declared, so an absent Redis skips its block rather than failing it. */
function redisReachable(url: string): boolean {
  const { hostname, port } = new URL(url);
  const probe = `require('net').connect(${Number(port || 6379)}, ${JSON.stringify(hostname)})` +
    `.on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 3000 }).status === 0;
}
const describeRedis = redisReachable(REDIS_URL) || process.env.REQUIRE_REDIS === '1' ? describe : describe.skip;

/** What both stores must do; each process of the API has its own store object on the same counters. */
function behavesAsSharedCounters(open: () => Promise<CounterStore>) {
  let first: CounterStore;
  let second: CounterStore;
  beforeAll(async () => {
    first = await open();
    second = await open();
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });
  const key = () => `test:${randomUUID()}`;

  it('counts within a window and answers the time left', async () => {
    const k = key();
    expect(await first.current(k)).toEqual({ count: 0, secondsLeft: 0 });
    expect((await first.increment(k, 60)).count).toBe(1);
    const second_ = await first.increment(k, 60);
    expect(second_.count).toBe(2);
    expect(second_.secondsLeft).toBeGreaterThan(55);
    expect(second_.secondsLeft).toBeLessThanOrEqual(60);
    expect((await first.current(k)).count).toBe(2);
  });

  it('shares counts between two store instances (two API processes)', async () => {
    const k = key();
    await first.increment(k, 60);
    await second.increment(k, 60);
    expect((await first.increment(k, 60)).count).toBe(3);
    expect((await second.current(k)).count).toBe(3);
  });

  it('loses no hit under concurrency', async () => {
    const k = key();
    const counts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? first : second).increment(k, 60)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('starts a new window once the old one has closed', async () => {
    const k = key();
    await first.increment(k, 1);
    await first.increment(k, 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await first.current(k)).count).toBe(0);
    expect((await second.increment(k, 1)).count).toBe(1);
  });

  it('resets a key', async () => {
    const k = key();
    await first.increment(k, 60);
    await second.reset(k);
    expect((await first.current(k)).count).toBe(0);
  });

  it('drives RateLimiter decisions', async () => {
    const limiter = new RateLimiter(first);
    const k = key();
    expect(await limiter.consume(k, 2, 30)).toMatchObject({ allowed: true });
    expect(await limiter.consume(k, 2, 30)).toMatchObject({ allowed: true });
    const refused = await limiter.consume(k, 2, 30);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect((await limiter.peek(k, 3)).allowed).toBe(false);
    await limiter.reset(k);
    expect((await limiter.peek(k, 3)).allowed).toBe(true);
  });
}

describe('PostgreSQL counter store', () => {
  const sources: DataSource[] = [];
  afterAll(() => Promise.all(sources.map((s) => s.destroy())));
  behavesAsSharedCounters(async () => {
    const db = createDataSource(process.env.DATABASE_URL as string, 4);
    await db.initialize();
    sources.push(db);
    return new PostgresCounterStore(db);
  });

  it('keeps its counters in an UNLOGGED table', async () => {
    const db = sources[0] as DataSource;
    const rows: { relpersistence: string }[] = await db.query(`SELECT relpersistence FROM pg_class WHERE relname = 'rate_limit_counters'`);
    expect(rows).toEqual([{ relpersistence: 'u' }]);
  });
});

describeRedis('Redis counter store', () => {
  behavesAsSharedCounters(async () => RedisCounterStore.connect(REDIS_URL));

  describe('as the app store when REDIS_URL is set', () => {
    let t: TestApp;
    let redis: Redis;
    const previous = { REDIS_URL: process.env.REDIS_URL, LOGIN_MAX_FAILURES: process.env.LOGIN_MAX_FAILURES };
    beforeAll(async () => {
      process.env.REDIS_URL = REDIS_URL;
      process.env.LOGIN_MAX_FAILURES = '2';
      t = await bootApp();
      redis = new Redis(REDIS_URL);
    });
    afterAll(async () => {
      await t.close();
      await redis.quit();
      Object.assign(process.env, previous);
      if (previous.REDIS_URL === undefined) delete process.env.REDIS_URL;
    });

    it('locks an email through Redis, not PostgreSQL', async () => {
      const email = uniqueEmail('redis');
      const login = () => request(t.http).post('/api/v1/auth/login').send({ email, password: 'not the password at all' });
      await login().expect(401);
      await login().expect(401);
      const locked = await login().expect(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(await redis.exists(`clinic:counter:login-lock:${email}`)).toBe(1);
      expect(await t.db.query(`SELECT 1 FROM rate_limit_counters WHERE key LIKE $1`, [`%${email}`])).toEqual([]);
      await redis.del(`clinic:counter:login-lock:${email}`);
    });
  });
});
