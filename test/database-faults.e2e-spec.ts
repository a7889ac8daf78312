import { createServer, Server, Socket } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';
import { runMigrations } from '../src/database/migrate';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../src/database/throwaway-database';
import { TestApp } from './app';
import { createTherapist, loginAs, Session } from './factories';

/**
 * The API under database faults: every fault is a 503 problem+json with Retry-After, never a 500
 * or a 401, and no wait is unbounded. Each app here runs on a database of its own, some through a
 * TCP proxy that can freeze or cut the connection to PostgreSQL.
 */
const API = '/api/v1';
const newClient = (n: number) => ({ legalName: `Fault Client ${n}`, dateOfBirth: '1988-04-17' });

/** Forwards TCP to PostgreSQL; `freeze()` stops passing bytes (the sockets stay open), `cut()` resets them. */
class FaultyProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private frozen = false;
  private server?: Server;
  port = 0;

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = new Socket();
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const forward = (from: Socket, to: Socket) =>
        from.on('data', (chunk) => {
          if (!this.frozen) to.write(chunk);
          else from.pause(); // nothing passes, nothing is lost: resumed on thaw
        });
      forward(client, upstream);
      forward(upstream, client);
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      upstream.connect(this.targetPort, this.host);
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  freeze(): void {
    this.frozen = true;
  }

  /** Lets bytes through again; paused sockets resume (the chunk that paused them was dropped, so those connections are broken). */
  thaw(): void {
    this.frozen = false;
    for (const [a, b] of this.pairs) {
      a.resume();
      b.resume();
    }
  }

  /** Resets every connection, as a crashed server or a dropped route would. */
  cut(): void {
    for (const [a, b] of this.pairs) {
      a.resetAndDestroy();
      b.resetAndDestroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((r) => this.server?.close(r));
  }
}

/** An app on its own migrated database (optionally through `proxy`), with settings from `env`. */
async function bootOn(url: string, env: Record<string, string>): Promise<TestApp> {
  Object.assign(process.env, env);
  const app = await createApp(url, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, http: app.getHttpServer(), db: app.get(DataSource), close: () => app.close() };
}

async function admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Only success or "come back later": every 503 is problem+json with Retry-After. */
function expectOnlySuccessOr503(responses: request.Response[]): void {
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => !(s >= 200 && s < 300) && s !== 503)).toEqual([]);
  for (const r of responses.filter((r) => r.status === 503)) {
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 503, type: '/problems/unavailable' });
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
  }
}

describe('database faults', () => {
  let url: string;
  const settings = { ...process.env };
  afterAll(() => {
    for (const key of Object.keys(process.env)) if (!(key in settings)) delete process.env[key];
  });
  beforeAll(async () => {
    url = await createThrowawayDatabase(process.env.DATABASE_URL as string, 'clinic_faults');
    await runMigrations(url);
  });
  afterAll(() => dropThrowawayDatabase(url));

  describe('backends terminated and statements timed out', () => {
    let t: TestApp;
    let session: Session;
    beforeAll(async () => {
      t = await bootOn(url, { DATABASE_STATEMENT_TIMEOUT_MS: '400', DATABASE_QUERY_TIMEOUT_MS: '5000', DATABASE_ACQUIRE_TIMEOUT_MS: '3000' });
      session = await loginAs(t, await createTherapist(t));
    });
    afterAll(() => t.close());

    it('answers a burst of writes with only 2xx or 503 while its backends are terminated, and recovers', async () => {
      const database = decodeURIComponent(new URL(url).pathname.slice(1));
      let killing = true;
      let killed = 0;
      const killer = admin(url, async (client) => {
        while (killing) {
          const { rows } = await client.query(
            `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = $1 AND application_name = 'clinic-api' AND pid <> pg_backend_pid()) k`,
            [database],
          );
          killed += rows[0].n;
          await new Promise((r) => setTimeout(r, 15));
        }
      });
      const responses = await Promise.all(
        Array.from({ length: 120 }, (_, i) => request(t.http).post(`${API}/clients`).set(session.auth).send(newClient(i))),
      );
      killing = false;
      await killer;
      expect(killed).toBeGreaterThan(0);
      expectOnlySuccessOr503(responses);
      await request(t.http).get(`${API}/clients`).set(session.auth).expect(200);
    });

    it('answers 503, not 401 or 500, when the caller check and the write outlast the statement timeout', async () => {
      // Another session holds the tables the token check and the write need.
      await admin(url, async (locker) => {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE users, clients IN ACCESS EXCLUSIVE MODE');
        try {
          const responses = await Promise.all([
            request(t.http).get(`${API}/clients`).set(session.auth).timeout(15_000),
            request(t.http).post(`${API}/clients`).set(session.auth).send(newClient(0)).timeout(15_000),
          ]);
          expect(responses.map((r) => r.status)).toEqual([503, 503]);
          expectOnlySuccessOr503(responses);
        } finally {
          await locker.query('ROLLBACK');
        }
      });
      await request(t.http).get(`${API}/clients`).set(session.auth).expect(200);
    });
  });

  describe('a connection to PostgreSQL that freezes or breaks', () => {
    let proxy: FaultyProxy;
    let t: TestApp;
    let session: Session;
    beforeAll(async () => {
      const target = new URL(url);
      proxy = new FaultyProxy(target.hostname, Number(target.port || 5432));
      await proxy.start();
      const viaProxy = new URL(url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      t = await bootOn(viaProxy.toString(), {
        DATABASE_CONNECT_TIMEOUT_MS: '500',
        DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
        DATABASE_STATEMENT_TIMEOUT_MS: '1000',
        DATABASE_QUERY_TIMEOUT_MS: '1500',
      });
      session = await loginAs(t, await createTherapist(t));
    });
    afterAll(async () => {
      proxy.thaw();
      await t.close();
      await proxy.close();
    });

    it('ends every request in a 503 while the connection is frozen, keeps /health/ready answering, and recovers', async () => {
      proxy.freeze();
      try {
        // Without bounds these would wait as long as the freeze lasts: here, for ever.
        const responses = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            i % 2 ? request(t.http).get(`${API}/clients`).set(session.auth).timeout(20_000) : request(t.http).post(`${API}/clients`).set(session.auth).send(newClient(i)).timeout(20_000),
          ),
        );
        expect(responses.map((r) => r.status)).toEqual(responses.map(() => 503));
        expectOnlySuccessOr503(responses);
        const ready = await request(t.http).get('/health/ready').timeout(10_000);
        expect(ready.status).toBe(503);
        // Which check failed, in the API's problem+json; not the errors behind it.
        expect(ready.headers['content-type']).toContain('application/problem+json');
        expect(ready.body).toMatchObject({ type: '/problems/unavailable', status: 503, detail: expect.stringMatching(/^Not ready: .*database/), checks: { database: 'down' } });
        expect(JSON.stringify(ready.body)).not.toMatch(/timeout|ECONN|127\.0\.0\.1/i);
      } finally {
        proxy.thaw();
      }
      proxy.cut(); // the connections the freeze left half-read are of no use
      await eventually(async () => (await request(t.http).get(`${API}/clients`).set(session.auth)).status === 200);
      await request(t.http).get('/health/ready').expect(200);
    });

    it('answers 503 when the connections are cut mid-burst, and recovers without a restart', async () => {
      const burst = Promise.all(Array.from({ length: 60 }, (_, i) => request(t.http).post(`${API}/clients`).set(session.auth).send(newClient(i))));
      const cutter = (async () => {
        for (let i = 0; i < 5; i++) {
          await new Promise((r) => setTimeout(r, 20));
          proxy.cut();
        }
      })();
      const [responses] = await Promise.all([burst, cutter]);
      expectOnlySuccessOr503(responses);
      await eventually(async () => (await request(t.http).get(`${API}/clients`).set(session.auth)).status === 200);
    });
  });
});

async function eventually(check: () => Promise<boolean>, attempts = 50): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('did not recover');
}
