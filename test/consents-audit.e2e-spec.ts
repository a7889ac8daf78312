import request from 'supertest';
import { Actor, authOf, createClient } from './clinic-factories';
import { useClinic } from './use-app';

const API = '/api/v1';

describe('consents and the audit trail', () => {
  const { t, w } = useClinic();

  it('keeps every grant and withdrawal and derives the current state', async () => {
    const client = await createClient(t, w.owner);
    const url = `${API}/clients/${client.id}/consents`;
    await request(t.http).post(url).set(w.as.owner.auth).send({ purpose: 'email_contact', decision: 'granted', note: 'Intake form' }).expect(201);
    await request(t.http).post(url).set(w.as.owner.auth).send({ purpose: 'email_contact', decision: 'withdrawn' }).expect(201);
    await request(t.http).post(url).set(w.as.owner.auth).send({ purpose: 'treatment', decision: 'granted' }).expect(201);
    const res = await request(t.http).get(url).set(w.as.owner.auth).expect(200);
    expect(res.body.entries.map((e: { purpose: string; decision: string }) => `${e.purpose}:${e.decision}`)).toEqual([
      'treatment:granted',
      'email_contact:withdrawn',
      'email_contact:granted',
    ]);
    expect(res.body.current).toEqual([
      { purpose: 'treatment', granted: true, since: expect.any(String) },
      { purpose: 'joint_record_release', granted: false, since: null },
      { purpose: 'email_contact', granted: false, since: expect.any(String) },
    ]);
    await expect(t.db.query(`UPDATE consents SET decision = 'granted' WHERE client_id = $1`, [client.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM consents WHERE client_id = $1`, [client.id])).rejects.toThrow(/append-only/);
  });

  it('refuses an unknown purpose', async () => {
    const res = await request(t.http)
      .post(`${API}/clients/${w.couple.partners[0].id}/consents`)
      .set(w.as.owner.auth)
      .send({ purpose: 'marketing', decision: 'granted' })
      .expect(400);
    expect(res.body.errors[0].field).toBe('purpose');
  });

  it.each<[Actor, number]>([
    ['owner', 200],
    ['admin', 200],
    ['partner', 200],
    ['otherPartner', 404],
    ['otherTherapist', 404],
    ['otherCouplePartner', 404],
    ['anonymous', 401],
  ])('GET /clients/{id}/consents as %s → %i', async (actor, status) => {
    await request(t.http).get(`${API}/clients/${w.couple.partners[0].id}/consents`).set(authOf(w, actor)).expect(status);
  });

  it.each<[Actor, number]>([
    ['owner', 201],
    ['partner', 201],
    ['otherPartner', 404],
    ['otherTherapist', 404],
    ['otherCouplePartner', 404],
    ['anonymous', 401],
  ])('POST /clients/{id}/consents as %s → %i', async (actor, status) => {
    await request(t.http)
      .post(`${API}/clients/${w.couple.partners[0].id}/consents`)
      .set(authOf(w, actor))
      .send({ purpose: 'email_contact', decision: 'granted' })
      .expect(status);
  });

  it.each<[Actor, number]>([
    ['owner', 200],
    ['admin', 200],
    ['partner', 200],
    ['otherPartner', 404],
    ['otherTherapist', 404],
    ['otherCouplePartner', 404],
    ['anonymous', 401],
  ])('GET /clients/{id}/access-log as %s → %i', async (actor, status) => {
    await request(t.http).get(`${API}/clients/${w.couple.partners[0].id}/access-log`).set(authOf(w, actor)).expect(status);
  });

  it('shows a client who accessed their record, with staff names and no other client ids', async () => {
    const client = w.couple.partners[1];
    await request(t.http).get(`${API}/clients/${client.id}`).set(w.as.owner.auth).expect(200);
    await request(t.http).get(`${API}/couples/${w.couple.id}`).set(w.as.partner.auth).expect(200);
    await request(t.http).get(`${API}/clients/${client.id}`).set(w.as.otherPartner.auth).expect(200);
    const res = await request(t.http).get(`${API}/clients/${client.id}/access-log`).set(w.as.otherPartner.auth).expect(200);
    const [mine, partners, therapists] = res.body.data;
    expect(mine).toMatchObject({ action: 'read', resourceType: 'client', actor: { role: 'client', name: 'you' } });
    expect(partners).toMatchObject({ action: 'read', resourceType: 'couple', actor: { role: 'client', name: null } });
    expect(therapists).toMatchObject({ action: 'read', resourceType: 'client', actor: { role: 'therapist', name: expect.stringContaining('therapist') } });
    expect(JSON.stringify(res.body)).not.toContain(w.couple.partners[0].id);
  });

  it.each<[Actor, number]>([
    ['admin', 200],
    ['owner', 403],
    ['partner', 403],
    ['anonymous', 401],
  ])('GET /audit-events as %s → %i', async (actor, status) => {
    await request(t.http).get(`${API}/audit-events`).set(authOf(w, actor)).expect(status);
    await request(t.http).get(`${API}/audit-events/verify`).set(authOf(w, actor)).expect(status);
  });

  it('filters audit events by client and action', async () => {
    const client = await createClient(t, w.owner);
    await request(t.http).get(`${API}/clients/${client.id}`).set(w.as.owner.auth).expect(200);
    const res = await request(t.http).get(`${API}/audit-events?clientId=${client.id}&action=read`).set(w.as.admin.auth).expect(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({ action: 'read', resourceType: 'client', resourceId: client.id, actorId: w.owner.id, clientIds: [client.id], hash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    ]);
  });

  it('refuses to change or delete audit events in the database', async () => {
    await expect(t.db.query(`UPDATE audit_events SET action = 'read' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_events WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  });

  it('chains concurrent writers without forks, and verify detects tampering', async () => {
    const client = await createClient(t, w.owner);
    await Promise.all(Array.from({ length: 30 }, () => request(t.http).get(`${API}/clients/${client.id}`).set(w.as.owner.auth).expect(200)));
    const intact = await request(t.http).get(`${API}/audit-events/verify`).set(w.as.admin.auth).expect(200);
    expect(intact.body).toMatchObject({ intact: true, firstBrokenSeq: null });
    expect(intact.body.checked).toBeGreaterThan(30);

    const [victim] = await t.db.query(`SELECT seq, actor_id FROM audit_events WHERE resource_id = $1 ORDER BY seq LIMIT 1`, [client.id]);
    const tamper = (actorId: string) =>
      t.db.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
        await tx.query('UPDATE audit_events SET actor_id = $1 WHERE seq = $2', [actorId, victim.seq]);
        await tx.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      });
    await tamper(w.couple.partners[0].id);
    try {
      const broken = await request(t.http).get(`${API}/audit-events/verify`).set(w.as.admin.auth).expect(200);
      expect(broken.body).toMatchObject({ intact: false, firstBrokenSeq: victim.seq });
    } finally {
      await tamper(victim.actor_id);
    }
    const restored = await request(t.http).get(`${API}/audit-events/verify`).set(w.as.admin.auth).expect(200);
    expect(restored.body.intact).toBe(true);
  });
});
