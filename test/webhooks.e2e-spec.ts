import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Outbox } from '../src/outbox/outbox.service';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { signWebhook, verifyWebhookSignature } from '../src/webhooks/webhook-signature';
import { bootApp, TestApp } from './app';
import { createClient, createPortalUser } from './clinic-factories';
import { createAdmin, createTherapist, loginAs, Session } from './factories';
import { ReceivedCall, sleep, startReceiver, WebhookReceiver } from './webhook-receiver';

// Small, capped backoff so retries happen within a test: 300–600 ms between tries, 4 tries.
process.env.OUTBOX_BACKOFF_BASE_MS = '300';
process.env.OUTBOX_BACKOFF_MAX_MS = '600';
process.env.OUTBOX_MAX_ATTEMPTS = '4';
// Passport keeps one `jwt` strategy per process: the production-mode app below must share this secret.
process.env.JWT_SECRET = 'a production-grade secret of more than 32 characters';

describe('webhooks', () => {
  let t: TestApp;
  let admin: Session;
  const receivers: WebhookReceiver[] = [];
  const registered: string[] = [];
  // Passport's strategies are process-wide and the last app booted owns them (with its pool):
  // the production-mode app stays open until the end so sign-ins keep working.
  let prod: TestApp | undefined;

  beforeAll(async () => {
    t = await bootApp();
    admin = await loginAs(t, await createAdmin(t));
  });
  afterAll(async () => {
    for (const id of registered) await request(t.http).delete(`/api/v1/webhooks/${id}`).set(admin.auth);
    await Promise.all(receivers.map((r) => r.close()));
    await t.close();
    await prod?.close();
  });

  const register = async (receiver: WebhookReceiver, events = ['connection_call.booked']) => {
    const res = await request(t.http).post('/api/v1/webhooks').set(admin.auth).send({ url: receiver.url, events, description: 'Test receiver' }).expect(201);
    registered.push(res.body.id);
    return res.body as { id: string; secret: string };
  };
  const receiver = async (status?: (call: ReceivedCall, nth: number) => number) => {
    const r = await startReceiver(status);
    receivers.push(r);
    return r;
  };
  /** Enqueues a booking's webhook message, with PHI in the payload that must never leave. */
  const book = async (callId = randomUUID()) => {
    const [id] = await t.db.transaction((tx) =>
      t.app.get(Outbox).enqueue(tx, [
        {
          channel: 'webhook',
          event: 'connection_call.booked',
          payload: {
            connectionCallId: callId,
            therapistId: randomUUID(),
            startsAt: '2030-03-12T18:00:00.000Z',
            endsAt: '2030-03-12T18:20:00.000Z',
            name: 'Jane Doe',
            email: 'jane@example.ca',
            message: 'We keep having the same argument',
            manageUrl: 'https://clinic.example/manage/cm_secret',
          },
        },
      ]),
    );
    return { callId, messageId: id };
  };
  const drain = (messageIds: string[], webhookIds: string[]) => t.app.get(OutboxWorker).drain({ messageIds, webhookIds });
  const delivery = async (messageId: string, webhookId: string) =>
    (
      await t.db.query(
        `SELECT id, attempts, available_at, delivered_at, failed_at, last_error, last_status FROM webhook_deliveries WHERE message_id = $1 AND webhook_id = $2`,
        [messageId, webhookId],
      )
    )[0];

  it('shows the secret once, lists webhooks without it, pages them, and answers 404 to an unknown id', async () => {
    const r = await receiver();
    const made = [await register(r), await register(r, ['connection_call.cancelled', 'connection_call.rescheduled'])];
    expect(made[0]).toEqual({
      id: expect.any(String),
      url: r.url,
      events: ['connection_call.booked'],
      description: 'Test receiver',
      createdAt: expect.any(String),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    const [row] = await t.db.query(`SELECT * FROM webhooks WHERE id = $1`, [made[0].id]);
    expect(JSON.stringify(row)).not.toContain(made[0].secret.slice(6));

    const seen: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(t.http).get('/api/v1/webhooks').query(cursor ? { limit: 1, cursor } : { limit: 1 }).set(admin.auth).expect(200);
      expect(page.body.data.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    for (const item of seen) expect(Object.keys(item).sort()).toEqual(['createdAt', 'description', 'events', 'id', 'url']);
    const ids = seen.map((w) => w.id);
    expect(ids.indexOf(made[1].id)).toBeLessThan(ids.indexOf(made[0].id));
    expect(JSON.stringify(seen)).not.toContain('whsec_');

    await request(t.http).delete('/api/v1/webhooks/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    await request(t.http).delete('/api/v1/webhooks/not-a-uuid').set(admin.auth).expect(400);
  });

  it('keeps webhook management to admins', async () => {
    const therapist = await loginAs(t, await createTherapist(t));
    const client = await loginAs(t, await createPortalUser(t, await createClient(t, await createTherapist(t))));
    const body = { url: 'https://partner.example.ca/hooks', events: ['connection_call.booked'] };
    const id = '00000000-0000-4000-8000-000000000000';
    for (const auth of [therapist.auth, client.auth]) {
      await request(t.http).post('/api/v1/webhooks').set(auth).send(body).expect(403);
      await request(t.http).get('/api/v1/webhooks').set(auth).expect(403);
      await request(t.http).delete(`/api/v1/webhooks/${id}`).set(auth).expect(403);
    }
    await request(t.http).post('/api/v1/webhooks').send(body).expect(401);
    await request(t.http).get('/api/v1/webhooks').expect(401);
    await request(t.http).delete(`/api/v1/webhooks/${id}`).expect(401);
  });

  it('refuses unknown events, non-https URLs and unknown fields', async () => {
    const post = (body: object) => request(t.http).post('/api/v1/webhooks').set(admin.auth).send(body);
    const unknown = await post({ url: 'https://partner.example.ca/hooks', events: ['client.created'] }).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'events' })]);
    await post({ url: 'https://partner.example.ca/hooks', events: [] }).expect(400);
    const http = await post({ url: 'http://partner.example.ca/hooks', events: ['connection_call.booked'] }).expect(400);
    expect(http.body.errors).toEqual([expect.objectContaining({ field: 'url' })]);
    await post({ url: 'ftp://partner.example.ca/hooks', events: ['connection_call.booked'] }).expect(400);
    await post({ url: 'https://partner.example.ca/hooks', events: ['connection_call.booked'], secret: 'mine' }).expect(400);
  });

  it('refuses plain http even to localhost in production', async () => {
    const production = { NODE_ENV: 'production', WEBHOOK_SECRET_KEY: 'w'.repeat(40) };
    const saved = Object.fromEntries(Object.keys(production).map((k) => [k, process.env[k]]));
    Object.assign(process.env, production);
    try {
      prod = await bootApp();
      const prodAdmin = await loginAs(prod, await createAdmin(prod));
      const res = await request(prod.http)
        .post('/api/v1/webhooks')
        .set(prodAdmin.auth)
        .send({ url: 'http://127.0.0.1:9/hooks', events: ['connection_call.booked'] })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'url', message: 'url must be an https URL' }]);
    } finally {
      // Restored in place: the app booted first keeps reading this same object.
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('signs each delivery; the receiver verifies it and refuses a tampered body or an old timestamp; no PHI leaves', async () => {
    const r = await receiver();
    const hook = await register(r);
    const { callId, messageId } = await book();
    await drain([messageId], [hook.id]);

    const [call] = r.callsFor([callId]);
    expect(r.callsFor([callId])).toHaveLength(1);
    const row = await delivery(messageId, hook.id);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.headers['x-clinic-webhook-id']).toBe(hook.id);
    expect(call.headers['x-clinic-event']).toBe('connection_call.booked');
    const signature = String(call.headers['x-clinic-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    expect(verifyWebhookSignature(hook.secret, signature, call.rawBody)).toBe(true);
    expect(verifyWebhookSignature(hook.secret, signature, call.rawBody.replace(callId, randomUUID()))).toBe(false);
    expect(verifyWebhookSignature('whsec_someone-else', signature, call.rawBody)).toBe(false);
    const old = Math.floor(Date.now() / 1000) - 600;
    expect(verifyWebhookSignature(hook.secret, signWebhook(hook.secret, call.rawBody, old), call.rawBody)).toBe(false);

    expect(call.body).toEqual({
      id: row.id,
      event: 'connection_call.booked',
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      data: { connectionCallId: callId, therapistId: expect.any(String), startsAt: '2030-03-12T18:00:00.000Z', endsAt: '2030-03-12T18:20:00.000Z' },
    });
    for (const phi of ['Jane', 'jane@example.ca', 'argument', 'cm_secret', 'manage']) expect(call.rawBody).not.toContain(phi);
    expect(row).toMatchObject({ attempts: 1, last_status: 204 });
    expect(row.delivered_at).not.toBeNull();
  });

  it('delivers to each subscriber independently: one failing receiver does not hold back another', async () => {
    const good = await receiver();
    const bad = await receiver(() => 503);
    const [g, b] = [await register(good), await register(bad)];
    const { callId, messageId } = await book();
    await drain([messageId], [g.id, b.id]);
    expect(good.callsFor([callId])).toHaveLength(1);
    expect(bad.callsFor([callId])).toHaveLength(1);
    expect((await delivery(messageId, g.id)).delivered_at).not.toBeNull();
    expect(await delivery(messageId, b.id)).toMatchObject({ attempts: 1, delivered_at: null, failed_at: null, last_error: 'HTTP 503', last_status: 503 });
  });

  it('retries with backoff: two failures, then delivered on the third attempt', async () => {
    const r = await receiver((_call, nth) => (nth <= 2 ? 500 : 200));
    const hook = await register(r);
    const { callId, messageId } = await book();

    const started = Date.now();
    await drain([messageId], [hook.id]);
    const first = await delivery(messageId, hook.id);
    expect(first).toMatchObject({ attempts: 1, delivered_at: null, last_error: 'HTTP 500' });
    expect(new Date(first.available_at).getTime()).toBeGreaterThan(started + 100);
    // Not due yet: a drain right away does not call again.
    await drain([messageId], [hook.id]);
    expect(r.callsFor([callId])).toHaveLength(1);

    await sleep(new Date(first.available_at).getTime() - Date.now() + 50);
    await drain([messageId], [hook.id]);
    const second = await delivery(messageId, hook.id);
    expect(second).toMatchObject({ attempts: 2, delivered_at: null });
    expect(new Date(second.available_at).getTime()).toBeGreaterThan(new Date(first.available_at).getTime());

    await sleep(new Date(second.available_at).getTime() - Date.now() + 50);
    await drain([messageId], [hook.id]);
    const third = await delivery(messageId, hook.id);
    expect(third).toMatchObject({ attempts: 3, failed_at: null, last_error: null, last_status: 200 });
    expect(third.delivered_at).not.toBeNull();
    const calls = r.callsFor([callId]);
    expect(calls).toHaveLength(3);
    // The same delivery id every time, so receivers can recognise a retry.
    expect(new Set(calls.map((c) => c.body.id)).size).toBe(1);
  });

  it('gives up after the maximum number of attempts', async () => {
    const r = await receiver(() => 503);
    const hook = await register(r);
    const { callId, messageId } = await book();
    for (let i = 0; i < 20; i++) {
      await drain([messageId], [hook.id]);
      if ((await delivery(messageId, hook.id)).failed_at) break;
      await sleep(150);
    }
    const row = await delivery(messageId, hook.id);
    expect(row).toMatchObject({ attempts: 4, delivered_at: null, last_error: 'HTTP 503' });
    expect(row.failed_at).not.toBeNull();
    expect(r.callsFor([callId])).toHaveLength(4);
  });

  it('stops deliveries to a deleted webhook at once', async () => {
    const r = await receiver(() => 500);
    const hook = await register(r);
    const { callId, messageId } = await book();
    await drain([messageId], [hook.id]);
    expect(r.callsFor([callId])).toHaveLength(1);

    await request(t.http).delete(`/api/v1/webhooks/${hook.id}`).set(admin.auth).expect(204);
    await request(t.http).delete(`/api/v1/webhooks/${hook.id}`).set(admin.auth).expect(404);
    const list = await request(t.http).get('/api/v1/webhooks').query({ limit: 100 }).set(admin.auth).expect(200);
    expect(list.body.data.map((w: { id: string }) => w.id)).not.toContain(hook.id);
    expect(await delivery(messageId, hook.id)).toMatchObject({ attempts: 1, last_error: 'webhook deleted' });

    // Neither the pending retry nor a new event reaches it.
    await sleep(700);
    const next = await book();
    await drain([messageId, next.messageId], [hook.id]);
    expect(r.callsFor([callId, next.callId])).toHaveLength(1);
    expect(await delivery(next.messageId, hook.id)).toBeUndefined();
  });
});
