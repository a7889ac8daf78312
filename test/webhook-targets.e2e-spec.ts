import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Outbox } from '../src/outbox/outbox.service';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { bootApp, TestApp } from './app';
import { createAdmin, loginAs, Session } from './factories';
import { startReceiver, WebhookReceiver } from './webhook-receiver';

describe('webhooks reach only the outside world (SSRF)', () => {
  let t: TestApp;
  let admin: Session;
  let receiver: WebhookReceiver;
  const allowed = process.env.WEBHOOK_ALLOWED_HOSTS;
  beforeAll(async () => {
    process.env.WEBHOOK_ALLOWED_HOSTS = '';
    t = await bootApp();
    admin = await loginAs(t, await createAdmin(t));
    receiver = await startReceiver();
  });
  afterAll(async () => {
    process.env.WEBHOOK_ALLOWED_HOSTS = allowed;
    await receiver.close();
    await t.close();
  });

  it.each([
    'https://127.0.0.1/hooks',
    'https://[::1]/hooks',
    'https://localhost/hooks',
    'https://0x7f000001/hooks',
    'https://[::ffff:127.0.0.1]/hooks',
    'https://169.254.169.254/latest/meta-data',
    'https://metadata.google.internal/computeMetadata/v1',
    'https://10.0.0.1/hooks',
    'https://172.16.5.4/hooks',
    'https://192.168.1.1/hooks',
    'https://100.64.0.1/hooks',
    'https://[fd00::1]/hooks',
    'https://[fe80::1]/hooks',
    'https://224.0.0.1/hooks',
    'https://0.0.0.0/hooks',
    'https://[::]/hooks',
    'http://127.0.0.1:9/hooks',
  ])('refuses to register %s, saying why', async (url) => {
    const registered = async () => (await t.db.query('SELECT count(*)::int AS n FROM webhooks WHERE url = $1', [url]))[0].n as number;
    const before = await registered();
    const res = await request(t.http).post('/api/v1/webhooks').set(admin.auth).send({ url, events: ['connection_call.booked'] }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'url', message: expect.stringMatching(/public internet: .*(address|internal host)/) }]);
    expect(await registered()).toBe(before);
  });

  it('refuses at delivery a host that resolves to loopback by then (DNS rebinding), without calling it', async () => {
    // As if the name had resolved to a public address when it was registered.
    const url = receiver.url.replace('127.0.0.1', 'localhost');
    const [hook] = await t.db.query(
      `INSERT INTO webhooks (url, events, secret_seed, created_by) VALUES ($1, '{connection_call.booked}', $2, $3) RETURNING id`,
      [url, Buffer.alloc(32, 7), (await t.db.query(`SELECT id FROM users WHERE role = 'admin' LIMIT 1`))[0].id],
    );
    const [messageId] = await t.db.transaction((tx) =>
      t.app.get(Outbox).enqueue(tx, [{ channel: 'webhook', event: 'connection_call.booked', payload: { connectionCallId: randomUUID() } }]),
    );
    await t.app.get(OutboxWorker).drain({ messageIds: [messageId], webhookIds: [hook.id] });
    const [delivery] = await t.db.query('SELECT delivered_at, failed_at, last_error FROM webhook_deliveries WHERE webhook_id = $1', [hook.id]);
    expect(delivery).toMatchObject({ delivered_at: null, failed_at: expect.any(Date), last_error: expect.stringMatching(/not on the public internet/) });
    expect(receiver.calls).toEqual([]);
  });
});
