import request from 'supertest';
import { createClient } from './clinic-factories';
import { createAdmin, createTherapist, loginAs, PASSWORD, Session } from './factories';
import { useClinic } from './use-app';

const API = '/api/v1';

describe('answers are not cached, audit ids are ours, audit reads are audited', () => {
  const { t, w } = useClinic();
  let admin: Session;
  beforeAll(async () => {
    admin = await loginAs(t, await createAdmin(t));
  });

  it('marks token answers no-store and no-cache (RFC 6749 §5.1)', async () => {
    const therapist = await createTherapist(t);
    const login = await request(t.http).post(`${API}/auth/login`).send({ email: therapist.email, password: PASSWORD }).expect(200);
    expect(login.headers['cache-control']).toBe('no-store');
    expect(login.headers.pragma).toBe('no-cache');
    const refreshed = await request(t.http).post(`${API}/auth/refresh`).send({ refreshToken: login.body.refreshToken }).expect(200);
    expect(refreshed.headers['cache-control']).toBe('no-store');
    expect(refreshed.headers.pragma).toBe('no-cache');
  });

  it('marks answers carrying health information no-store', async () => {
    const res = await request(t.http).get(`${API}/clients/${w.couple.partners[0].id}`).set(w.as.owner.auth).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const list = await request(t.http).get(`${API}/sessions`).set(w.as.owner.auth).expect(200);
    expect(list.headers['cache-control']).toBe('no-store');
  });

  it('stores a server-made request id in the audit trail, never the caller\'s X-Request-Id', async () => {
    const client = await createClient(t, w.owner);
    const res = await request(t.http).get(`${API}/clients/${client.id}`).set(w.as.owner.auth).set('X-Request-Id', 'caller-chosen-id-123').expect(200);
    const [event] = await t.db.query(`SELECT request_id FROM audit_events WHERE resource_id = $1 AND action = 'read' ORDER BY seq DESC LIMIT 1`, [client.id]);
    expect(event.request_id).not.toBe('caller-chosen-id-123');
    expect(event.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-request-id']).toBe(event.request_id);
  });

  it('audits reading the audit events, checking the chain and reading a client\'s access log', async () => {
    const client = await createClient(t, w.owner);
    const adminId = JSON.parse(Buffer.from(admin.accessToken.split('.')[1], 'base64url').toString()).sub as string;
    const count = async (resourceType: string) =>
      (await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE resource_type = $1 AND actor_id = $2`, [resourceType, adminId]))[0].n as number;
    const before = { events: await count('audit_events'), chain: await count('audit_chain'), log: await count('access_log') };
    await request(t.http).get(`${API}/audit-events`).query({ clientId: client.id }).set(admin.auth).expect(200);
    await request(t.http).get(`${API}/audit-events/verify`).set(admin.auth).expect(200);
    await request(t.http).get(`${API}/clients/${client.id}/access-log`).set(admin.auth).expect(200);
    expect({ events: await count('audit_events'), chain: await count('audit_chain'), log: await count('access_log') }).toEqual({
      events: before.events + 1,
      chain: before.chain + 1,
      log: before.log + 1,
    });
    const [logRead] = await t.db.query(`SELECT client_ids FROM audit_events WHERE resource_type = 'access_log' AND resource_id = $1`, [client.id]);
    expect(logRead.client_ids).toEqual([client.id]);
  });

  it('answers a header over the limit with 431 as problem+json', async () => {
    const res = await request(t.http).get(`${API}/auth/me`).set('X-Padding', 'x'.repeat(40_000));
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({ status: 431, title: expect.any(String) });
  });
});
