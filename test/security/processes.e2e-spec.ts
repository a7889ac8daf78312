import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { hashPassword } from '../../src/common/auth/passwords';
import { runMigrations } from '../../src/database/migrate';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../../src/database/throwaway-database';
import { startReceiver, WebhookReceiver } from '../webhook-receiver';
import { ApiProcess, builtApi, EmbeddedPostgresProcess, sleep } from './api-process';

/**
 * The built API as separate processes on throwaway databases: two processes racing for one
 * slot, rate limits shared through Redis, a SIGKILL in the middle of writes, and a database that
 * goes away and comes back. Nothing here touches the shared test database.
 */
const API = '/api/v1';
const ZONE = 'America/Toronto';
const PASSWORD = 'a long test password 123';
const REDIS_URL = process.env.REDIS_URL_FOR_TESTS ?? 'redis://127.0.0.1:6379';

interface Seed {
  therapistId: string;
  therapistEmail: string;
  adminEmail: string;
  coupleId: string;
  partnerIds: [string, string];
}

/** A therapist taking connection calls 09:00–17:00 every day, an admin, and a couple of the therapist. */
async function seed(url: string): Promise<Seed> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const hash = await hashPassword(PASSWORD);
    const tag = randomUUID().slice(0, 8);
    const therapistEmail = `therapist.${tag}@clinic.test`;
    const adminEmail = `admin.${tag}@clinic.test`;
    const [{ id: therapistId }] = (
      await db.query(`INSERT INTO users (email, role, display_name, password_hash) VALUES ($1, 'therapist', 'Dana Morel', $2) RETURNING id`, [therapistEmail, hash])
    ).rows;
    await db.query(`INSERT INTO users (email, role, display_name, password_hash) VALUES ($1, 'admin', 'Clinic Admin', $2)`, [adminEmail, hash]);
    await db.query(`INSERT INTO therapist_profiles (user_id, credentials, crpo_number, languages, bio, takes_connection_calls) VALUES ($1, 'RP', '10234', '{en}', '', true)`, [therapistId]);
    await db.query(
      `INSERT INTO availability_windows (therapist_id, weekday, starts_at, ends_at) SELECT $1, d, '09:00'::time, '17:00'::time FROM generate_series(1, 7) d`,
      [therapistId],
    );
    const partnerIds: string[] = [];
    for (const name of ['Alex Tremblay', 'Jordan Singh']) {
      const { rows } = await db.query(`INSERT INTO clients (legal_name, date_of_birth, primary_therapist_id) VALUES ($1, '1985-06-15', $2) RETURNING id`, [name, therapistId]);
      partnerIds.push(rows[0].id);
    }
    const { rows } = await db.query(
      `INSERT INTO couples (partner_a_id, partner_b_id, therapist_id, started_on) VALUES ($1, $2, $3, current_date) RETURNING id`,
      [partnerIds[0], partnerIds[1], therapistId],
    );
    return { therapistId, therapistEmail, adminEmail, coupleId: rows[0].id, partnerIds: partnerIds as [string, string] };
  } finally {
    await db.end();
  }
}

async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

async function login(api: ApiProcess, email: string): Promise<Record<string, string>> {
  const res = await api.call(`${API}/auth/login`, { method: 'POST', body: { email, password: PASSWORD } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { Authorization: `Bearer ${res.body.accessToken}` };
}

/** The `n`-th connection-call slot from three days ahead: 09:00, 09:40, 10:20 … (every other 20-minute slot). */
function slot(n: number): string {
  const perDay = 12;
  const day = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 3 + Math.floor(n / perDay) });
  return day.set({ hour: 9 }).plus({ minutes: (n % perDay) * 40 }).toISO({ suppressMilliseconds: true }) as string;
}

const booking = (startsAt: string, therapistId: string) => ({
  name: 'Sam Rivera',
  email: `booker.${randomUUID().slice(0, 8)}@clinic.test`,
  modality: 'video',
  startsAt,
  therapistId,
  consentToContact: true,
  inOntario: true,
});

/** Decided before the suite is declared, so an absent Redis skips its test rather than failing it (unless REQUIRE_REDIS=1). */
function redisReachable(): boolean {
  const { hostname, port } = new URL(REDIS_URL);
  const probe =
    `require('net').connect(${Number(port || 6379)}, ${JSON.stringify(hostname)})` + `.on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 3000 }).status === 0;
}
const REDIS_UP = redisReachable();
const itWithRedis = REDIS_UP || process.env.REQUIRE_REDIS === '1' ? it : it.skip;

describe('the built API as separate processes', () => {
  let main: string;
  const processes: ApiProcess[] = [];
  const databases: string[] = [];
  let receiver: WebhookReceiver | undefined;
  let embedded: EmbeddedPostgresProcess | undefined;

  const spawnApi = async (env: Record<string, string>, port?: number) => {
    const api = await ApiProcess.start(main, env, port);
    processes.push(api);
    return api;
  };
  const database = async () => {
    const url = await createThrowawayDatabase(process.env.DATABASE_URL as string, 'clinic_security');
    databases.push(url);
    await runMigrations(url);
    return url;
  };

  beforeAll(async () => {
    main = builtApi();
  }, 240_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await receiver?.close();
    // Its databases go with its folder.
    await embedded?.close();
    if (embedded) rmSync(embedded.dir, { recursive: true, force: true });
    for (const url of databases) await dropThrowawayDatabase(url).catch(() => undefined);
  }, 60_000);

  describe('two processes on one database', () => {
    let url: string;
    let s: Seed;
    let a: ApiProcess;
    let b: ApiProcess;
    let withRedis = false;

    beforeAll(async () => {
      withRedis = REDIS_UP;
      url = await database();
      s = await seed(url);
      const env = { DATABASE_URL: url, OUTBOX_ENABLED: 'false', ...(withRedis ? { REDIS_URL } : {}) };
      [a, b] = await Promise.all([spawnApi(env), spawnApi(env)]);
    }, 120_000);

    it('gives one slot to exactly one of 200 concurrent bookings split across both (the rest 409, never 5xx)', async () => {
      const startsAt = slot(0);
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).call(`${API}/connection-calls`, { method: 'POST', body: booking(startsAt, s.therapistId), timeoutMs: 60_000 })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((x) => x === 201)).toHaveLength(1);
      expect(statuses.filter((x) => x === 409)).toHaveLength(199);
      for (const r of answers.filter((x) => x.status === 409)) {
        expect(r.type).toMatch(/^application\/problem\+json/);
        expect(r.body.type).toBe('/problems/slot-taken');
      }
      const rows = await query(url, `SELECT id FROM connection_calls WHERE therapist_id = $1 AND starts_at = $2`, [s.therapistId, startsAt]);
      expect(rows).toHaveLength(1);
    }, 120_000);

    itWithRedis('locks an email after LOGIN_MAX_FAILURES failures counted once across both processes, in Redis', async () => {
      if (!withRedis) throw new Error(`REQUIRE_REDIS=1 but Redis at ${REDIS_URL} does not answer`);
      const email = `nobody.${randomUUID().slice(0, 8)}@clinic.test`;
      const attempt = (api: ApiProcess) => api.call(`${API}/auth/login`, { method: 'POST', body: { email, password: 'a wrong password 999' } });
      // Five failures, alternating processes: each answers 401; a per-process counter would allow ten.
      for (let i = 0; i < 5; i++) expect((await attempt(i % 2 ? a : b)).status).toBe(401);
      for (const api of [a, b]) {
        const locked = await attempt(api);
        expect(locked.status).toBe(429);
        expect(locked.type).toMatch(/^application\/problem\+json/);
      }
      // The counters live in Redis, not in this database's fallback table.
      expect(await query(url, 'SELECT key FROM rate_limit_counters')).toEqual([]);
    }, 60_000);

    it('leaves nothing half-written when a process is SIGKILLed during writes, and delivers the outbox after the restart', async () => {
      receiver = await startReceiver();
      const adminAuth = await login(b, s.adminEmail);
      const hook = await b.call(`${API}/webhooks`, { method: 'POST', headers: adminAuth, body: { url: receiver.url, events: ['connection_call.booked'] } });
      expect(hook.status).toBe(201);
      const therapist = { a: await login(a, s.therapistEmail), b: await login(b, s.therapistEmail) };
      // Sessions to write notes on, made before the burst.
      const sessionIds: string[] = [];
      for (let i = 0; i < 20; i++) {
        const start = DateTime.fromObject({ year: 2032, month: 2, day: 2, hour: 8 }, { zone: ZONE }).plus({ days: i });
        const res = await b.call(`${API}/sessions`, {
          method: 'POST',
          headers: therapist.b,
          body: { coupleId: s.coupleId, modality: 'in_person', location: '120 Elgin Street, Ottawa, ON', startsAt: start.toISO(), endsAt: start.plus({ hours: 1 }).toISO() },
        });
        expect(res.status).toBe(201);
        sessionIds.push((res.body.sessions as { id: string }[])[0].id);
      }

      const writes: Promise<unknown>[] = [];
      const via = (i: number) => (i % 2 ? { api: a, auth: therapist.a } : { api: b, auth: therapist.b });
      for (let i = 0; i < 40; i++) writes.push(via(i).api.call(`${API}/connection-calls`, { method: 'POST', body: booking(slot(12 + i), s.therapistId) }));
      for (let i = 0; i < 20; i++) {
        const { api, auth } = via(i);
        writes.push(api.call(`${API}/sessions/${sessionIds[i]}/notes`, { method: 'POST', headers: auth, body: { text: `Note ${i}: practised mirroring.` } }));
      }
      for (let i = 0; i < 12; i++) {
        const { api, auth } = via(i);
        writes.push(
          (async () => {
            const rupture = await api.call(`${API}/couples/${s.coupleId}/ruptures`, {
              method: 'POST',
              headers: auth,
              body: { occurredAt: '2026-01-05T08:15:00-05:00', description: `Missed bid ${i}`, severity: 'minor', kind: 'missed_bid', themes: ['mornings'] },
            });
            if (rupture.status !== 201) return;
            const id = rupture.body.id as string;
            const recognized = await api.call(`${API}/ruptures/${id}/recognition`, { method: 'POST', headers: auth, body: {} });
            if (recognized.status !== 201) return;
            await api.call(`${API}/ruptures/${id}/repair-attempts`, { method: 'POST', headers: auth, body: { approach: 'apology', initiatorClientId: s.partnerIds[0] } });
          })(),
        );
      }
      await sleep(100);
      await a.kill();
      const results = (await Promise.all(writes)) as ({ status: number } | undefined)[];
      expect(results.filter((r) => r && r.status >= 500)).toEqual([]);
      // The kill really cut requests off mid-flight.
      expect(results.filter((r) => r?.status === 0).length).toBeGreaterThan(0);

      // Restarted with delivery on: whatever was committed before the kill goes out now.
      const restarted = await spawnApi({ DATABASE_URL: url, OUTBOX_ENABLED: 'true', OUTBOX_POLL_MS: '100', OUTBOX_BACKOFF_BASE_MS: '200' }, a.port);

      // Every booking has its three messages (person, therapist, webhook) in the same transaction.
      const calls = await query<{ id: string }>(url, `SELECT id FROM connection_calls WHERE starts_at > now()`);
      expect(calls.length).toBeGreaterThan(1);
      const incomplete = await query(
        url,
        `SELECT c.id FROM connection_calls c
          WHERE (SELECT count(*) FROM outbox_messages m WHERE m.event = 'connection_call.booked' AND m.payload->>'callId' = c.id::text) <> 2
             OR NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.resource_type = 'connection_call' AND e.resource_id = c.id AND e.action = 'create')`,
      );
      expect(incomplete).toEqual([]);
      const [{ people }] = await query<{ people: number }>(url, `SELECT count(*)::int AS people FROM outbox_messages WHERE event = 'connection_call.booked' AND payload->>'recipient' = 'person'`);
      expect(people).toBe(calls.length);

      // Every rupture's stage has its transition history; every attempt its 'initiated' row.
      const badRuptures = await query(
        url,
        `SELECT r.id, r.stage FROM ruptures r
          WHERE (SELECT count(*) FROM rupture_transitions t WHERE t.rupture_id = r.id)
                <> CASE r.stage WHEN 'reported' THEN 1 WHEN 'recognized' THEN 2 WHEN 'initiated' THEN 3 END
             OR NOT EXISTS (SELECT 1 FROM rupture_transitions t WHERE t.rupture_id = r.id AND t.to_stage = r.stage)
             OR EXISTS (SELECT 1 FROM repair_attempts x WHERE x.rupture_id = r.id
                         AND NOT EXISTS (SELECT 1 FROM rupture_transitions t WHERE t.attempt_id = x.id AND t.event = 'initiated'))`,
      );
      expect(badRuptures).toEqual([]);
      expect((await query(url, 'SELECT id FROM ruptures')).length).toBeGreaterThan(0);

      // Every note has its audit event.
      const unaudited = await query(
        url,
        `SELECT n.id FROM clinical_notes n
          WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.resource_type = 'clinical_note' AND e.resource_id = n.session_id AND e.action = 'create')`,
      );
      expect(unaudited).toEqual([]);
      expect((await query(url, 'SELECT id FROM clinical_notes')).length).toBeGreaterThan(0);

      const verify = await restarted.call(`${API}/audit-events/verify`, { headers: await login(restarted, s.adminEmail) });
      expect(verify.status).toBe(200);
      expect(verify.body).toMatchObject({ intact: true, firstBrokenSeq: null });

      // Pending messages are delivered by the restarted process: emails marked, webhooks received.
      // Reminders are planned for the day before each call (a latest time, `not_after`): not due yet.
      const deadline = Date.now() + 30_000;
      let pending: { n: number }[] = [{ n: -1 }];
      while (Date.now() < deadline) {
        pending = await query<{ n: number }>(
          url,
          `SELECT ((SELECT count(*) FROM outbox_messages WHERE delivered_at IS NULL AND not_after IS NULL) + (SELECT count(*) FROM webhook_deliveries WHERE delivered_at IS NULL))::int AS n`,
        );
        if (pending[0].n === 0) break;
        await sleep(200);
      }
      expect(pending[0].n).toBe(0);
      const burstCalls = await query<{ id: string }>(url, `SELECT id FROM connection_calls WHERE starts_at >= $1`, [slot(12)]);
      const hooked = new Set(receiver.calls.map((c) => String(c.body.data.callId ?? c.body.data.connectionCallId)));
      expect(burstCalls.filter((c) => !hooked.has(c.id))).toEqual([]);
    }, 180_000);
  });

  describe('a database that goes away and comes back', () => {
    it('answers 503 problem+json while PostgreSQL is down, says not ready, and recovers without a restart', async () => {
      const root = resolve(__dirname, '..', '..', '.data');
      mkdirSync(root, { recursive: true });
      embedded = new EmbeddedPostgresProcess(main, mkdtempSync(join(root, 'security-pg-')));
      await embedded.start();
      const url = await createThrowawayDatabase(embedded.adminUrl, 'clinic_outage');
      await runMigrations(url);
      const s = await seed(url);
      const api = await spawnApi({ DATABASE_URL: url, OUTBOX_ENABLED: 'true', OUTBOX_POLL_MS: '200' });
      const auth = await login(api, s.therapistEmail);
      expect((await api.call(`${API}/clients`, { headers: auth })).status).toBe(200);

      // A steady burst of reads and writes while the database stops.
      const seen: { status: number; type: string; body: Record<string, unknown>; phase: string }[] = [];
      let phase = 'up';
      let running = true;
      const burst = (async () => {
        for (let i = 0; running && i < 2000; i++) {
          const write = i % 3 === 0;
          const res = await api.call(write ? `${API}/couples/${s.coupleId}/ruptures` : `${API}/clients`, {
            method: write ? 'POST' : 'GET',
            headers: auth,
            body: write ? { occurredAt: '2026-01-05T08:15:00-05:00', description: 'During the outage', severity: 'minor', kind: 'other' } : undefined,
            timeoutMs: 15_000,
          });
          seen.push({ ...res, phase });
          await sleep(25);
        }
      })();
      await sleep(300);
      await embedded.command('stop');
      phase = 'down';
      await sleep(1500);
      const down = seen.filter((r) => r.phase === 'down');
      const ready = await api.call('/health/ready', { timeoutMs: 10_000 });
      expect(ready.status).toBe(503);

      // Back on the same port, where the API's pool looks for it.
      await embedded.command('start');
      phase = 'back';
      const deadline = Date.now() + 30_000;
      let recovered = false;
      while (!recovered && Date.now() < deadline) {
        recovered = (await api.call(`${API}/clients`, { headers: auth })).status === 200;
        if (!recovered) await sleep(200);
      }
      running = false;
      await burst;
      expect(recovered).toBe(true);
      expect((await api.call('/health/ready')).status).toBe(200);
      const created = await api.call(`${API}/couples/${s.coupleId}/ruptures`, {
        method: 'POST',
        headers: auth,
        body: { occurredAt: '2026-01-05T08:15:00-05:00', description: 'After the outage', severity: 'minor', kind: 'other' },
      });
      expect(created.status).toBe(201);

      // While down: only 503 problem+json (never a 500 or a hang); nothing but 2xx/503 at any time.
      expect(down.length).toBeGreaterThan(3);
      for (const r of down) {
        expect([r.status, r.type]).toEqual([503, expect.stringMatching(/^application\/problem\+json/)]);
        expect(r.body).toMatchObject({ type: '/problems/unavailable', status: 503, title: expect.any(String), detail: expect.any(String) });
      }
      expect(seen.filter((r) => r.status !== 503 && (r.status < 200 || r.status >= 300)).map((r) => `${r.phase} ${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    }, 180_000);
  });
});
