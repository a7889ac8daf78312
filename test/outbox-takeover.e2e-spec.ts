import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { hashPassword } from '../src/common/auth/passwords';
import { runMigrations } from '../src/database/migrate';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../src/database/throwaway-database';
import { ApiProcess, builtApi, sleep } from './security/api-process';

/**
 * A process that dies holding outbox claims: after the short lease another process takes them
 * over, and every webhook delivery is acknowledged exactly once.
 */
const API = '/api/v1';
const PASSWORD = 'a long test password 123';
const OUTBOX = { OUTBOX_ENABLED: 'true', OUTBOX_POLL_MS: '50', OUTBOX_BATCH_SIZE: '10', OUTBOX_LEASE_MS: '2000', OUTBOX_BACKOFF_BASE_MS: '100' };

async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/** A webhook receiver that holds every call unanswered until `answer()`, then acknowledges with 204. */
class HoldingReceiver {
  readonly held: string[] = [];
  readonly acknowledged: string[] = [];
  private answering = false;
  private readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
        if (!this.answering) return void this.held.push(id); // never answered
        this.acknowledged.push(id);
        res.statusCode = 204;
        res.end();
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  answer(): void {
    this.answering = true;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

describe('outbox claims of a process that died', () => {
  let url: string;
  let main: string;
  const processes: ApiProcess[] = [];
  const receiver = new HoldingReceiver();
  beforeAll(async () => {
    main = builtApi();
    url = await createThrowawayDatabase(process.env.DATABASE_URL as string, 'clinic_outbox_takeover');
    await runMigrations(url);
    await receiver.start();
  }, 240_000);
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await receiver.close();
    await dropThrowawayDatabase(url);
  });

  it('are taken over after the lease: every delivery acknowledged exactly once', async () => {
    const email = `admin.${randomUUID().slice(0, 8)}@clinic.test`;
    await query(url, `INSERT INTO users (email, role, display_name, password_hash) VALUES ($1, 'admin', 'Clinic Admin', $2)`, [email, await hashPassword(PASSWORD)]);
    const first = await ApiProcess.start(main, { DATABASE_URL: url, ...OUTBOX });
    processes.push(first);
    const login = await first.call(`${API}/auth/login`, { method: 'POST', body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    const hook = await first.call(`${API}/webhooks`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${login.body.accessToken}` },
      body: { url: receiver.url, events: ['connection_call.booked'] },
    });
    expect(hook.status).toBe(201);

    // A burst of events; the first process claims some and is killed while delivering them.
    await query(
      url,
      `INSERT INTO outbox_messages (channel, event, payload)
       SELECT 'webhook', 'connection_call.booked', jsonb_build_object('callId', gen_random_uuid()::text) FROM generate_series(1, 30)`,
    );
    for (let i = 0; i < 200 && receiver.held.length === 0; i++) await sleep(50);
    expect(receiver.held.length).toBeGreaterThan(0);
    await first.kill();
    receiver.answer();

    const second = await ApiProcess.start(main, { DATABASE_URL: url, ...OUTBOX });
    processes.push(second);
    // With the old one-minute lease the killed process's claims would still be held here.
    let pending = -1;
    for (let i = 0; i < 300 && pending !== 0; i++) {
      await sleep(100);
      [{ n: pending }] = await query<{ n: number }>(
        url,
        `SELECT ((SELECT count(*) FROM outbox_messages WHERE delivered_at IS NULL) + (SELECT count(*) FROM webhook_deliveries WHERE delivered_at IS NULL))::int AS n`,
      );
    }
    expect(pending).toBe(0);

    const deliveries = await query<{ id: string }>(url, `SELECT id FROM webhook_deliveries`);
    expect(deliveries).toHaveLength(30);
    expect([...receiver.acknowledged].sort()).toEqual(deliveries.map((d) => d.id).sort());
    // The claims the killed process held went out again, once.
    expect(receiver.held.every((id) => receiver.acknowledged.includes(id))).toBe(true);
  }, 240_000);
});
