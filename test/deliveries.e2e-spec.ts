import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Outbox, OutboxEntry } from '../src/outbox/outbox.service';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { startReceiver, WebhookReceiver } from './webhook-receiver';
import { useClinic } from './use-app';

// One try only: a failure is a dead letter at once, so the tests need no waiting.
process.env.OUTBOX_MAX_ATTEMPTS = '1';

const API = '/api/v1';
const DEAD_LETTER_KEYS = ['attempts', 'channel', 'createdAt', 'event', 'failedAt', 'id', 'lastError', 'recipient', 'retryable', 'webhookId'];

describe('dead letters: deliveries that gave up, listed and sent again by admins', () => {
  const { t, w } = useClinic();
  let receiver: WebhookReceiver;
  let answer = 503;
  let webhookId: string;

  beforeAll(async () => {
    receiver = await startReceiver(() => answer);
    const res = await request(t.http).post(`${API}/webhooks`).set(w.as.admin.auth).send({ url: receiver.url, events: ['connection_call.cancelled'] }).expect(201);
    webhookId = res.body.id;
  });
  afterAll(async () => {
    await request(t.http).delete(`${API}/webhooks/${webhookId}`).set(w.as.admin.auth);
    await receiver.close();
  });

  const enqueue = (entries: OutboxEntry[]) => t.db.transaction((tx) => t.app.get(Outbox).enqueue(tx, entries));
  const drain = (messageIds: string[]) => t.app.get(OutboxWorker).drain({ messageIds, webhookIds: [webhookId] });
  const deadLetters = async (query: Record<string, string | number>) => {
    const seen: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(t.http)
        .get(`${API}/deliveries/dead-letters`)
        .query(cursor ? { ...query, cursor } : query)
        .set(w.as.admin.auth)
        .expect(200);
      seen.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    return seen;
  };
  const cancelledCall = (callId: string): OutboxEntry => ({
    channel: 'webhook',
    event: 'connection_call.cancelled',
    payload: { connectionCallId: callId, startsAt: '2030-03-12T18:00:00.000Z', name: 'Jane Doe' },
  });

  it('lists a failed webhook call without its body, sends it again on retry, and it is delivered', async () => {
    const callId = randomUUID();
    const [messageId] = await enqueue([cancelledCall(callId)]);
    answer = 503;
    await drain([messageId]);
    expect(receiver.callsFor([callId])).toHaveLength(1);

    const listed = await deadLetters({ channel: 'webhook', event: 'connection_call.cancelled', limit: 2 });
    const letter = listed.find((d) => d.webhookId === webhookId && receiver.callsFor([callId])[0].body.id === d.id);
    expect(letter).toEqual({
      id: receiver.callsFor([callId])[0].body.id,
      channel: 'webhook',
      event: 'connection_call.cancelled',
      recipient: null,
      webhookId,
      attempts: 1,
      lastError: 'HTTP 503',
      createdAt: expect.any(String),
      failedAt: expect.any(String),
      retryable: true,
    });
    for (const d of listed) expect(Object.keys(d).sort()).toEqual(DEAD_LETTER_KEYS);
    expect(JSON.stringify(listed)).not.toContain('Jane');
    // The latest given up first, each once, across pages of two.
    const failedAt = listed.map((d) => Date.parse(String(d.failedAt)));
    expect(failedAt).toEqual([...failedAt].sort((a, b) => b - a));
    expect(new Set(listed.map((d) => d.id)).size).toBe(listed.length);

    answer = 204;
    const retried = await request(t.http).post(`${API}/deliveries/${letter!.id}/retry`).set(w.as.admin.auth).expect(200);
    expect(retried.body).toMatchObject({ id: letter!.id, attempts: 0, failedAt: null, retryable: true });
    // Sending again is in the audit trail: who, which delivery.
    const audited = await t.db.query(`SELECT actor_id, action FROM audit_events WHERE resource_type = 'delivery' AND resource_id = $1`, [letter!.id]);
    const adminId = JSON.parse(Buffer.from(w.as.admin.accessToken.split('.')[1], 'base64url').toString()).sub as string;
    expect(audited).toEqual([{ actor_id: adminId, action: 'update' }]);
    await drain([messageId]);

    const calls = receiver.callsFor([callId]);
    expect(calls.map((c) => c.body.id)).toEqual([letter!.id, letter!.id]);
    const [row] = await t.db.query(`SELECT attempts, delivered_at, failed_at, last_status FROM webhook_deliveries WHERE id = $1`, [letter!.id]);
    expect(row).toMatchObject({ attempts: 1, failed_at: null, last_status: 204 });
    expect(row.delivered_at).not.toBeNull();
    expect((await deadLetters({ channel: 'webhook' })).map((d) => d.id)).not.toContain(letter!.id);

    // Delivered now: not a dead letter any more.
    const again = await request(t.http).post(`${API}/deliveries/${letter!.id}/retry`).set(w.as.admin.auth).expect(409);
    expect(again.body.type).toMatch(/delivery-not-failed$/);
  });

  it('masks an email’s recipient, and refuses to retry one whose private link was removed when it gave up', async () => {
    const [id] = await enqueue([
      {
        channel: 'email',
        event: 'connection_call.booked',
        payload: { to: 'jane.doe@example.ca', recipient: 'person', name: 'Jane Doe', startsAt: 'not a time', manageUrl: `https://clinic.example/manage/cm_${randomUUID()}` },
      },
    ]);
    await drain([id]);
    const [row] = await t.db.query(`SELECT payload, link_removed_at, failed_at FROM outbox_messages WHERE id = $1`, [id]);
    expect(row.failed_at).not.toBeNull();
    expect(row.link_removed_at).not.toBeNull();
    expect(row.payload).not.toHaveProperty('manageUrl');

    const letter = (await deadLetters({ channel: 'email', event: 'connection_call.booked', limit: 100 })).find((d) => d.id === id);
    expect(letter).toEqual({
      id,
      channel: 'email',
      event: 'connection_call.booked',
      recipient: 'j***@example.ca',
      webhookId: null,
      attempts: 1,
      lastError: 'email payload has no valid startsAt',
      createdAt: expect.any(String),
      failedAt: expect.any(String),
      retryable: false,
    });
    const refused = await request(t.http).post(`${API}/deliveries/${id}/retry`).set(w.as.admin.auth).expect(409);
    expect(refused.body.type).toMatch(/delivery-link-removed$/);
    expect((await t.db.query(`SELECT failed_at FROM outbox_messages WHERE id = $1`, [id]))[0].failed_at).not.toBeNull();
  });

  it('sends again an email without a link that gave up (an SMTP outage), and refuses a call to a deleted webhook', async () => {
    const [id] = await enqueue([
      { channel: 'email', event: 'connection_call.cancelled', payload: { to: 'alex@example.ca', recipient: 'therapist', startsAt: '2030-03-12T18:00:00.000Z' } },
    ]);
    // As the worker leaves a message after its last failed try.
    await t.db.query(`UPDATE outbox_messages SET attempts = 8, failed_at = now(), last_error = 'network error ECONNREFUSED' WHERE id = $1`, [id]);
    const filtered = await deadLetters({ channel: 'email', event: 'connection_call.cancelled' });
    expect(filtered.find((d) => d.id === id)).toMatchObject({ retryable: true, recipient: 'a***@example.ca', lastError: 'network error ECONNREFUSED' });
    expect(filtered.every((d) => d.channel === 'email' && d.event === 'connection_call.cancelled')).toBe(true);

    await request(t.http).post(`${API}/deliveries/${id}/retry`).set(w.as.admin.auth).expect(200);
    await drain([id]);
    const [row] = await t.db.query(`SELECT attempts, delivered_at, failed_at FROM outbox_messages WHERE id = $1`, [id]);
    expect(row).toMatchObject({ attempts: 1, failed_at: null });
    expect(row.delivered_at).not.toBeNull();

    const gone = await startReceiver(() => 500);
    try {
      const hook = (await request(t.http).post(`${API}/webhooks`).set(w.as.admin.auth).send({ url: gone.url, events: ['connection_call.cancelled'] }).expect(201)).body.id;
      const callId = randomUUID();
      const [messageId] = await enqueue([cancelledCall(callId)]);
      await t.app.get(OutboxWorker).drain({ messageIds: [messageId], webhookIds: [hook] });
      await request(t.http).delete(`${API}/webhooks/${hook}`).set(w.as.admin.auth).expect(204);
      const letter = (await deadLetters({ channel: 'webhook' })).find((d) => d.webhookId === hook);
      expect(letter).toMatchObject({ retryable: false });
      const refused = await request(t.http).post(`${API}/deliveries/${letter!.id}/retry`).set(w.as.admin.auth).expect(409);
      expect(refused.body.type).toMatch(/delivery-webhook-deleted$/);
    } finally {
      await gone.close();
    }
  });

  it('keeps dead letters to admins: other roles 403, anonymous 401; a pending delivery is not retried; bad input is a 400 naming the field', async () => {
    const [pending] = await enqueue([{ channel: 'email', event: 'connection_call.cancelled', payload: { to: 'x@example.ca' }, availableAt: new Date(Date.now() + 3_600_000) }]);
    for (const auth of [w.as.owner.auth, w.as.otherTherapist.auth, w.as.partner.auth]) {
      await request(t.http).get(`${API}/deliveries/dead-letters`).set(auth).expect(403);
      await request(t.http).post(`${API}/deliveries/${pending}/retry`).set(auth).expect(403);
    }
    await request(t.http).get(`${API}/deliveries/dead-letters`).expect(401);
    await request(t.http).post(`${API}/deliveries/${pending}/retry`).expect(401);

    const notFailed = await request(t.http).post(`${API}/deliveries/${pending}/retry`).set(w.as.admin.auth).expect(409);
    expect(notFailed.body.type).toMatch(/delivery-not-failed$/);
    await request(t.http).post(`${API}/deliveries/${randomUUID()}/retry`).set(w.as.admin.auth).expect(404);
    await request(t.http).post(`${API}/deliveries/not-a-uuid/retry`).set(w.as.admin.auth).expect(400);
    const channel = await request(t.http).get(`${API}/deliveries/dead-letters`).query({ channel: 'sms' }).set(w.as.admin.auth).expect(400);
    expect(channel.body.errors).toEqual([expect.objectContaining({ field: 'channel' })]);
    const event = await request(t.http).get(`${API}/deliveries/dead-letters`).query({ event: "x' OR 1=1" }).set(w.as.admin.auth).expect(400);
    expect(event.body.errors).toEqual([expect.objectContaining({ field: 'event' })]);
    await request(t.http).get(`${API}/deliveries/dead-letters`).query({ cursor: 'bm90IGEgY3Vyc29y' }).set(w.as.admin.auth).expect(400);
    await t.db.query(`DELETE FROM outbox_messages WHERE id = $1`, [pending]);
  });
});
