import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { Outbox, OutboxEntry } from '../src/outbox/outbox.service';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { createAdmin, loginAs, Session } from './factories';
import { startReceiver, WebhookReceiver } from './webhook-receiver';

/** An app whose JSON log lines are kept, to check what delivery writes there. */
interface LoggedApp {
  app: NestFastifyApplication;
  db: DataSource;
  lines: Record<string, unknown>[];
  raw: string[];
}

async function bootLoggedApp(): Promise<LoggedApp> {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createApp(process.env.DATABASE_URL as string, pino({ level: 'info' }, stream));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    db: app.get(DataSource),
    raw,
    get lines() {
      return raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
}

const bookedEmail = (callId: string) => ({
  channel: 'email' as const,
  event: 'connection_call.booked',
  payload: {
    to: `jane.${callId.slice(0, 8)}@example.ca`,
    name: 'Jane Doe',
    startsAt: '2030-03-12T18:00:00.000Z',
    modality: 'video',
    therapistName: 'Alex Morgan, RP',
    manageUrl: `https://clinic.example/connection-calls/manage/cm_${callId}`,
    connectionCallId: callId,
  },
});

const bookedWebhook = (callId: string) => ({
  channel: 'webhook' as const,
  event: 'connection_call.booked',
  payload: { connectionCallId: callId, startsAt: '2030-03-12T18:00:00.000Z', endsAt: '2030-03-12T18:20:00.000Z' },
});

describe('outbox delivery', () => {
  let a: LoggedApp;
  let b: LoggedApp;
  let admin: Session;
  let receiver: WebhookReceiver;
  let webhookId: string;

  const enqueue = (entries: OutboxEntry[]) => a.db.transaction((tx) => a.app.get(Outbox).enqueue(tx, entries));
  const message = async (id: string) =>
    (await a.db.query(`SELECT payload, attempts, delivered_at, failed_at, last_error FROM outbox_messages WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    [a, b] = await Promise.all([bootLoggedApp(), bootLoggedApp()]);
    const t = { app: a.app, http: a.app.getHttpServer(), db: a.db, close: () => a.app.close() };
    admin = await loginAs(t, await createAdmin(t));
    receiver = await startReceiver();
    const res = await request(t.http).post('/api/v1/webhooks').set(admin.auth).send({ url: receiver.url, events: ['connection_call.booked'] }).expect(201);
    webhookId = res.body.id;
  });
  afterAll(async () => {
    await request(a.app.getHttpServer()).delete(`/api/v1/webhooks/${webhookId}`).set(admin.auth);
    await Promise.all([a.app.close(), b.app.close(), receiver.close()]);
  });

  it('writes messages in the caller’s transaction: a rollback leaves none', async () => {
    const callId = randomUUID();
    const ids: string[] = [];
    await expect(
      a.db.transaction(async (tx) => {
        ids.push(...(await a.app.get(Outbox).enqueue(tx, [bookedEmail(callId), bookedWebhook(callId)])));
        throw new Error('the booking failed');
      }),
    ).rejects.toThrow('the booking failed');
    expect(ids).toHaveLength(2);
    const rows = await a.db.query(`SELECT id FROM outbox_messages WHERE id = ANY($1::uuid[]) OR payload->>'connectionCallId' = $2`, [ids, callId]);
    expect(rows).toEqual([]);
  });

  it('delivers each message once with two apps draining the same database at the same time', async () => {
    const callIds = Array.from({ length: 25 }, () => randomUUID());
    const ids = await enqueue(callIds.flatMap((id) => [bookedEmail(id), bookedWebhook(id)]));
    const scope = { messageIds: ids, webhookIds: [webhookId] };

    const [handledA, handledB] = await Promise.all([a.app.get(OutboxWorker).drain(scope), b.app.get(OutboxWorker).drain(scope)]);

    // 50 messages and 25 deliveries, each handled by exactly one of the two.
    expect(handledA + handledB).toBe(75);
    const rows: { delivered: boolean; attempts: number }[] = await a.db.query(
      `SELECT delivered_at IS NOT NULL AS delivered, attempts FROM outbox_messages WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.delivered && r.attempts === 1)).toBe(true);

    const calls = receiver.callsFor(callIds);
    expect(calls).toHaveLength(25);
    expect(new Set(calls.map((c) => c.body.data.connectionCallId)).size).toBe(25);
    const deliveries: { attempts: number; delivered: boolean }[] = await a.db.query(
      `SELECT attempts, delivered_at IS NOT NULL AS delivered FROM webhook_deliveries WHERE message_id = ANY($1::uuid[]) AND webhook_id = $2`,
      [ids, webhookId],
    );
    expect(deliveries).toHaveLength(25);
    expect(deliveries.every((d) => d.delivered && d.attempts === 1)).toBe(true);

    // Each email was noted once, across both processes' logs.
    const emailIds = new Set(ids.filter((_, i) => i % 2 === 0));
    const noted = [...a.lines, ...b.lines].filter((l) => emailIds.has(String(l.messageId)));
    expect(noted).toHaveLength(25);
    expect(new Set(noted.map((l) => l.messageId)).size).toBe(25);
  });

  it('plans messages: an idempotency key writes once, a future one waits, one past its latest time is withdrawn unsent', async () => {
    const [callA, callB, callC] = [randomUUID(), randomUUID(), randomUUID()];
    const key = `reminder:${callA}`;
    const [first] = await enqueue([{ ...bookedEmail(callA), idempotencyKey: key, subjectId: callA }]);
    expect(await enqueue([{ ...bookedEmail(callA), idempotencyKey: key, subjectId: callA }])).toEqual([]);
    const [later] = await enqueue([{ ...bookedEmail(callB), availableAt: new Date(Date.now() + 3_600_000) }]);
    const [stale] = await enqueue([{ ...bookedEmail(callC), availableAt: new Date(Date.now() - 7_200_000), notAfter: new Date(Date.now() - 3_600_000) }]);

    await a.app.get(OutboxWorker).drain({ messageIds: [first, later, stale] });

    expect(await a.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE idempotency_key = $1`, [key])).toEqual([{ n: 1 }]);
    expect((await message(first)).delivered_at).not.toBeNull();
    expect(await message(later)).toMatchObject({ attempts: 0, delivered_at: null, failed_at: null });
    const withdrawn = (await a.db.query(`SELECT withdrawn_at, delivered_at, attempts, last_error, payload FROM outbox_messages WHERE id = $1`, [stale]))[0];
    expect(withdrawn).toMatchObject({ delivered_at: null, attempts: 0, last_error: expect.stringMatching(/^expired/) });
    expect(withdrawn.withdrawn_at).not.toBeNull();
    expect(withdrawn.payload.manageUrl).toBeUndefined();
    await a.db.query(`DELETE FROM outbox_messages WHERE id = $1`, [later]);
  });

  it('withdraws what is pending about a record in the change’s transaction, forgetting its links; what was sent stays', async () => {
    const callId = randomUUID();
    const [sent] = await enqueue([{ ...bookedEmail(callId), subjectId: callId }]);
    await a.app.get(OutboxWorker).drain({ messageIds: [sent] });
    const [pending, hook] = await enqueue([
      { ...bookedEmail(callId), subjectId: callId, availableAt: new Date(Date.now() + 3_600_000) },
      { ...bookedWebhook(callId), subjectId: callId, availableAt: new Date(Date.now() + 3_600_000) },
    ]);

    expect(await a.db.transaction((tx) => a.app.get(Outbox).withdraw(tx, [callId], ['connection_call.booked'], 'withdrawn: the call moved'))).toBe(2);
    await a.app.get(OutboxWorker).drain({ messageIds: [pending, hook] });

    const rows = await a.db.query(`SELECT id, withdrawn_at, delivered_at, last_error, link_removed_at, payload FROM outbox_messages WHERE subject_id = $1`, [callId]);
    const byId = Object.fromEntries(rows.map((r: { id: string }) => [r.id, r]));
    for (const id of [pending, hook]) {
      expect(byId[id]).toMatchObject({ delivered_at: null, last_error: 'withdrawn: the call moved' });
      expect(byId[id].withdrawn_at).not.toBeNull();
    }
    expect(byId[pending].payload).not.toHaveProperty('manageUrl');
    expect(byId[pending].link_removed_at).not.toBeNull();
    expect(byId[hook].link_removed_at).toBeNull();
    expect(byId[sent]).toMatchObject({ withdrawn_at: null, last_error: null });
    expect(byId[sent].delivered_at).not.toBeNull();
    expect(receiver.callsFor([callId])).toEqual([]);
  });

  it('forgets a webhook message’s links once it is fanned out to its subscribers', async () => {
    const callId = randomUUID();
    const [id] = await enqueue([{ ...bookedWebhook(callId), payload: { ...bookedWebhook(callId).payload, manageUrl: `https://clinic.example/manage/cm_${callId}` } }]);
    await a.app.get(OutboxWorker).drain({ messageIds: [id], webhookIds: [webhookId] });
    const row = (await a.db.query(`SELECT delivered_at, link_removed_at, payload FROM outbox_messages WHERE id = $1`, [id]))[0];
    expect(row.delivered_at).not.toBeNull();
    expect(row.link_removed_at).not.toBeNull();
    expect(row.payload).toEqual(bookedWebhook(callId).payload);
    expect(receiver.callsFor([callId])).toHaveLength(1);
  });

  it('notes an email without SMTP with a masked recipient only, and scrubs the manage link once delivered', async () => {
    const callId = randomUUID();
    const [id] = await enqueue([bookedEmail(callId)]);
    expect((await message(id)).payload.manageUrl).toContain(callId);

    await a.app.get(OutboxWorker).drain({ messageIds: [id] });

    const row = await message(id);
    expect(row.delivered_at).not.toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.payload).not.toHaveProperty('manageUrl');
    expect(JSON.stringify(row.payload)).not.toContain('/manage/');
    expect(row.payload.to).toBe(`jane.${callId.slice(0, 8)}@example.ca`);

    const lines = a.raw.filter((l) => l.includes(id));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 30, event: 'connection_call.booked', messageId: id, to: 'j***@example.ca' });
    for (const secret of [callId, `jane.${callId.slice(0, 8)}`, 'Jane Doe', 'Alex Morgan', 'https://']) {
      expect(a.raw.join('\n')).not.toContain(secret);
    }
  });

  it('gives up at once on an email that can never be rendered, and scrubs its link too', async () => {
    const callId = randomUUID();
    const broken = bookedEmail(callId);
    const [id] = await enqueue([{ ...broken, payload: { ...broken.payload, to: 'not an address' } }]);
    await a.app.get(OutboxWorker).drain({ messageIds: [id] });
    const row = await message(id);
    expect(row).toMatchObject({ attempts: 1, delivered_at: null, last_error: 'email payload has no valid recipient' });
    expect(row.failed_at).not.toBeNull();
    expect(row.payload).not.toHaveProperty('manageUrl');
  });

  it('settles a webhook message that no webhook subscribes to without any call', async () => {
    const callId = randomUUID();
    const [id] = await enqueue([{ channel: 'webhook', event: 'connection_call.completed', payload: { connectionCallId: callId } }]);
    await a.app.get(OutboxWorker).drain({ messageIds: [id], webhookIds: [webhookId] });
    expect((await message(id)).delivered_at).not.toBeNull();
    const deliveries = await a.db.query(`SELECT 1 FROM webhook_deliveries WHERE message_id = $1 AND webhook_id = $2`, [id, webhookId]);
    expect(deliveries).toEqual([]);
    expect(receiver.callsFor([callId])).toEqual([]);
  });
});
