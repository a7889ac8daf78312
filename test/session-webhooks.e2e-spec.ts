import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { webhookCalls } from '../src/webhooks/webhook-openapi';
import { createClient } from './clinic-factories';
import { API, bookSession, futureSlot, pastSlot, postSession } from './session-factories';
import { useClinic } from './use-app';
import { ReceivedCall, startReceiver, WebhookReceiver } from './webhook-receiver';

const VIDEO = 'https://video.example.ca/room/private-room-7781';
interface DocumentedBody {
  required: string[];
  properties: { data: { required: string[]; properties: Record<string, unknown> } };
}

const SESSION_EVENTS = ['session.scheduled', 'session.moved', 'session.cancelled', 'session.completed'];

describe('session webhooks: scheduled, moved, cancelled, completed, with ids, times and modality only', () => {
  const { t, w } = useClinic();
  let receiver: WebhookReceiver;
  let webhookId: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    const res = await request(t.http).post(`${API}/webhooks`).set(w.as.admin.auth).send({ url: receiver.url, events: SESSION_EVENTS }).expect(201);
    webhookId = res.body.id;
  });
  afterAll(async () => {
    await request(t.http).delete(`${API}/webhooks/${webhookId}`).set(w.as.admin.auth);
    await receiver.close();
  });

  /** Delivers what the outbox holds about these sessions; answers the calls received for them, in the order of the changes (calls themselves are not ordered). */
  const deliver = async (...sessionIds: string[]): Promise<ReceivedCall[]> => {
    const messages: { id: string }[] = await t.db.query(`SELECT id FROM outbox_messages WHERE subject_id = ANY($1::uuid[]) ORDER BY created_at`, [sessionIds]);
    await t.app.get(OutboxWorker).drain({ messageIds: messages.map((m) => m.id), webhookIds: [webhookId] });
    return receiver.calls
      .filter((c) => sessionIds.includes(String(c.body.data.sessionId)))
      .sort((x, y) => Date.parse(x.body.occurredAt) - Date.parse(y.body.occurredAt));
  };
  /** The body as the OpenAPI document's `x-webhooks` describes the event: every required key, no other. */
  const expectDocumented = (call: ReceivedCall) => {
    const schema = (webhookCalls()[call.body.event] as { post: { requestBody: { content: { 'application/json': { schema: DocumentedBody } } } } }).post.requestBody.content['application/json'].schema;
    const data = schema.properties.data;
    expect(Object.keys(call.body).sort()).toEqual([...schema.required].sort());
    for (const key of data.required) expect(call.body.data).toHaveProperty(key);
    for (const key of Object.keys(call.body.data)) expect(Object.keys(data.properties)).toContain(key);
  };
  const messagesAbout = async (sessionId: string) =>
    (await t.db.query(`SELECT event FROM outbox_messages WHERE subject_id = $1 ORDER BY created_at`, [sessionId])).map((r: { event: string }) => r.event);

  it('reports a couple session scheduled, moved and cancelled; each body has exactly its keys and nothing personal', async () => {
    const slot = futureSlot();
    const session = await bookSession(t, w.as.owner.auth, { coupleId: w.couple.id, ...slot, modality: 'online', videoUrl: VIDEO });
    const moved = futureSlot(14);
    await request(t.http).patch(`${API}/sessions/${session.id}`).set(w.as.owner.auth).send(moved).expect(200);
    await request(t.http).post(`${API}/sessions/${session.id}/cancel`).set(w.as.owner.auth).send({ cancelledBy: 'client', reason: 'Our child is sick; Jane cannot come' }).expect(200);

    const calls = await deliver(session.id);
    expect(calls.map((c) => c.body.event)).toEqual(['session.scheduled', 'session.moved', 'session.cancelled']);
    const ids = { sessionId: session.id, therapistId: w.owner.id, coupleId: w.couple.id, modality: 'online' };
    const iso = (at: string) => new Date(at).toISOString();
    expect(calls[0].body.data).toEqual({ ...ids, startsAt: iso(slot.startsAt), endsAt: iso(slot.endsAt) });
    expect(calls[1].body.data).toEqual({
      ...ids,
      startsAt: iso(moved.startsAt),
      endsAt: iso(moved.endsAt),
      previousStartsAt: iso(slot.startsAt),
      previousEndsAt: iso(slot.endsAt),
    });
    expect(calls[2].body.data).toEqual({ ...ids, startsAt: iso(moved.startsAt), endsAt: iso(moved.endsAt), cancelledAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/) });
    for (const call of calls) {
      expect(Object.keys(call.body).sort()).toEqual(['data', 'event', 'id', 'occurredAt']);
      expectDocumented(call);
      expect(call.headers['x-clinic-event']).toBe(call.body.event);
      for (const secret of [VIDEO, 'video.example', 'sick', 'Jane', 'client']) expect(call.rawBody).not.toContain(secret);
    }
  });

  it('reports a one-client in-person session completed, with the client’s id and no place', async () => {
    const client = await createClient(t, w.owner);
    const slot = pastSlot();
    const session = await bookSession(t, w.as.owner.auth, { clientId: client.id, ...slot });
    await request(t.http).post(`${API}/sessions/${session.id}/complete`).set(w.as.owner.auth).send({}).expect(200);

    const calls = await deliver(session.id);
    expect(calls.map((c) => c.body.event)).toEqual(['session.scheduled', 'session.completed']);
    expect(calls[1].body.data).toEqual({
      sessionId: session.id,
      therapistId: w.owner.id,
      clientId: client.id,
      startsAt: new Date(slot.startsAt).toISOString(),
      endsAt: new Date(slot.endsAt).toISOString(),
      modality: 'in_person',
      completedAt: expect.stringMatching(/Z$/),
    });
    expect(calls[1].rawBody).not.toContain('Elgin');
    calls.forEach(expectDocumented);
  });

  it('reports each occurrence of a series once, even when the booking is replayed; a change of place only, or a refused move, reports nothing', async () => {
    const key = randomUUID();
    const body = { coupleId: w.couple.id, ...futureSlot(9), recurrence: { frequency: 'weekly', count: 2 } };
    const first = await postSession(t, w.as.owner.auth, body).set('Idempotency-Key', key).expect(201);
    await postSession(t, w.as.owner.auth, body).set('Idempotency-Key', key).expect(201);
    const [a, b] = first.body.sessions.map((s: { id: string }) => s.id);
    expect(await messagesAbout(a)).toEqual(['session.scheduled']);
    expect(await messagesAbout(b)).toEqual(['session.scheduled']);

    await request(t.http).patch(`${API}/sessions/${a}`).set(w.as.owner.auth).send({ location: '200 Bank Street, Ottawa, ON K1P 5K7' }).expect(200);
    // Onto the other occurrence's time: refused, and nothing is written.
    const other = first.body.sessions[1];
    await request(t.http).patch(`${API}/sessions/${a}`).set(w.as.owner.auth).send({ startsAt: other.startsAt, endsAt: other.endsAt }).expect(409);
    expect(await messagesAbout(a)).toEqual(['session.scheduled']);

    const calls = await deliver(a, b);
    expect(calls.map((c) => [c.body.event, c.body.data.sessionId])).toEqual(
      expect.arrayContaining([
        ['session.scheduled', a],
        ['session.scheduled', b],
      ]),
    );
    expect(calls).toHaveLength(2);
  });
});
