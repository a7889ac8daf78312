import request from 'supertest';
import { Actor, authOf, createClient, createCouple, notActiveTherapists } from './clinic-factories';
import { createTherapist, loginAs } from './factories';
import { useClinic } from './use-app';

const API = '/api/v1';

describe('couples', () => {
  const { t, w } = useClinic();

  it('forms a couple of two clients on the therapist’s caseload', async () => {
    const a = await createClient(t, w.owner);
    const b = await createClient(t, w.owner);
    const res = await request(t.http).post(`${API}/couples`).set(w.as.owner.auth).send({ partnerAId: a.id, partnerBId: b.id, startedOn: '2026-11-02' }).expect(201);
    expect(res.body).toMatchObject({ therapistId: w.owner.id, status: 'active', startedOn: '2026-11-02', endedOn: null });
    expect(res.body.partners.map((p: { id: string }) => p.id)).toEqual([a.id, b.id]);
    const [event] = await t.db.query(`SELECT action, client_ids FROM audit_events WHERE resource_id = $1`, [res.body.id]);
    expect(event).toEqual({ action: 'create', client_ids: [a.id, b.id] });
  });

  it('refuses partners outside the caller’s reach and a client paired with themself', async () => {
    const mine = await createClient(t, w.owner);
    await request(t.http).post(`${API}/couples`).set(w.as.owner.auth).send({ partnerAId: mine.id, partnerBId: w.otherCouple.partners[0].id }).expect(422);
    await request(t.http).post(`${API}/couples`).set(w.as.owner.auth).send({ partnerAId: mine.id, partnerBId: mine.id }).expect(422);
  });

  it('refuses an archived client as a partner', async () => {
    const [active, archived] = [await createClient(t, w.owner), await createClient(t, w.owner)];
    await request(t.http).post(`${API}/clients/${archived.id}/archive`).set(w.as.owner.auth).expect(200);
    for (const auth of [w.as.owner.auth, w.as.admin.auth]) {
      const refused = await request(t.http).post(`${API}/couples`).set(auth).send({ partnerAId: active.id, partnerBId: archived.id, therapistId: w.owner.id }).expect(422);
      expect(refused.body.detail).toMatch(/archived/);
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM couples WHERE $1 IN (partner_a_id, partner_b_id)`, [archived.id]);
    expect(n).toBe(0);
  });

  it('keeps a client in one active couple at a time, even under concurrent requests', async () => {
    const shared = await createClient(t, w.owner);
    const others = await Promise.all([1, 2, 3, 4].map(() => createClient(t, w.owner)));
    const answers = await Promise.all(
      others.map((o) => request(t.http).post(`${API}/couples`).set(w.as.owner.auth).send({ partnerAId: shared.id, partnerBId: o.id })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    expect(answers.find((a) => a.status === 409)?.body.type).toBe('/problems/partner-in-active-couple');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM couples WHERE $1 IN (partner_a_id, partner_b_id)`, [shared.id]);
    expect(n).toBe(1);

    // Once that couple ends, the client may join another.
    const winner = answers.find((a) => a.status === 201)!.body.id;
    await request(t.http).patch(`${API}/couples/${winner}`).set(w.as.owner.auth).send({ status: 'ended' }).expect(200);
    await request(t.http).post(`${API}/couples`).set(w.as.owner.auth).send({ partnerAId: shared.id, partnerBId: others[0].id }).expect(201);
  });

  it.each<[Actor, number]>([
    ['owner', 200],
    ['admin', 200],
    ['partner', 200],
    ['otherPartner', 200],
    ['otherTherapist', 404],
    ['otherCouplePartner', 404],
    ['anonymous', 401],
  ])('GET /couples/{id} as %s → %i', async (actor, status) => {
    const res = await request(t.http).get(`${API}/couples/${w.couple.id}`).set(authOf(w, actor)).expect(status);
    if (status === 200) {
      expect(res.body.id).toBe(w.couple.id);
      // No private fields of either partner, whoever asks.
      for (const partner of res.body.partners) expect(Object.keys(partner).sort()).toEqual(['id', 'legalName', 'preferredName', 'pronouns']);
    }
  });

  it.each<[Actor, number]>([
    ['owner', 200],
    ['admin', 200],
    ['partner', 403],
    ['otherTherapist', 404],
    ['otherCouplePartner', 403],
    ['anonymous', 401],
  ])('PATCH /couples/{id} as %s → %i', async (actor, status) => {
    const couple = await createCouple(t, w.owner);
    await request(t.http).patch(`${API}/couples/${couple.id}`).set(authOf(w, actor)).send({ status: 'paused' }).expect(status);
  });

  it('is created by an admin only in an active therapist’s care, naming therapistId otherwise', async () => {
    const [a, b] = [await createClient(t, w.owner), await createClient(t, w.owner)];
    for (const notATherapist of await notActiveTherapists(t, w)) {
      const refused = await request(t.http).post(`${API}/couples`).set(w.as.admin.auth).send({ partnerAId: a.id, partnerBId: b.id, therapistId: notATherapist }).expect(422);
      expect(refused.body).toMatchObject({ type: expect.stringContaining('unknown-therapist'), errors: [expect.objectContaining({ field: 'therapistId' })] });
    }
    const [none] = await t.db.query(`SELECT count(*)::int AS n FROM couples WHERE partner_a_id = $1`, [a.id]);
    expect(none.n).toBe(0);
    const created = await request(t.http).post(`${API}/couples`).set(w.as.admin.auth).send({ partnerAId: a.id, partnerBId: b.id, therapistId: w.owner.id }).expect(201);
    expect(created.body.therapistId).toBe(w.owner.id);
  });

  it('is handed only to an active therapist, naming therapistId otherwise', async () => {
    const couple = await createCouple(t, w.owner);
    for (const notATherapist of await notActiveTherapists(t, w)) {
      const refused = await request(t.http).patch(`${API}/couples/${couple.id}`).set(w.as.admin.auth).send({ therapistId: notATherapist, status: 'paused' }).expect(422);
      expect(refused.body).toMatchObject({ type: expect.stringContaining('unknown-therapist'), errors: [expect.objectContaining({ field: 'therapistId' })] });
    }
    const [unchanged] = await t.db.query(`SELECT therapist_id, status FROM couples WHERE id = $1`, [couple.id]);
    expect(unchanged).toEqual({ therapist_id: w.owner.id, status: 'active' });
    const next = await createTherapist(t);
    const handed = await request(t.http).patch(`${API}/couples/${couple.id}`).set(w.as.admin.auth).send({ therapistId: next.id }).expect(200);
    expect(handed.body.therapistId).toBe(next.id);
  });

  it('lists a partner’s own couple only, and a therapist’s own couples', async () => {
    const mine = await request(t.http).get(`${API}/couples`).set(w.as.partner.auth).expect(200);
    expect(mine.body.data.map((c: { id: string }) => c.id)).toEqual([w.couple.id]);
    const therapist = await createTherapist(t);
    const session = await loginAs(t, therapist);
    const couples = [await createCouple(t, therapist), await createCouple(t, therapist), await createCouple(t, therapist)];
    const page1 = await request(t.http).get(`${API}/couples?limit=2`).set(session.auth).expect(200);
    const page2 = await request(t.http).get(`${API}/couples?limit=2&cursor=${page1.body.nextCursor}`).set(session.auth).expect(200);
    const seen = [...page1.body.data, ...page2.body.data].map((c: { id: string }) => c.id).sort();
    expect(seen).toEqual(couples.map((c) => c.id).sort());
    expect(page2.body.nextCursor).toBeNull();
  });

  describe('joint record export', () => {
    it('needs both partners’ consent and says whose is missing', async () => {
      const couple = await createCouple(t, w.owner);
      const [a, b] = couple.partners;
      const grant = (clientId: string, decision = 'granted') =>
        request(t.http).post(`${API}/clients/${clientId}/consents`).set(w.as.owner.auth).send({ purpose: 'joint_record_release', decision }).expect(201);

      const none = await request(t.http).get(`${API}/couples/${couple.id}/record-export`).set(w.as.owner.auth).expect(409);
      expect(none.body.missingConsentFrom.sort()).toEqual([a.id, b.id].sort());
      await grant(a.id);
      const one = await request(t.http).get(`${API}/couples/${couple.id}/record-export`).set(w.as.owner.auth).expect(409);
      expect(one.body).toMatchObject({ type: '/problems/joint-consent-missing', missingConsentFrom: [b.id] });
      expect(one.body.detail).toContain(b.legalName);
      await grant(b.id);
      const done = await request(t.http).get(`${API}/couples/${couple.id}/record-export`).set(w.as.owner.auth).expect(200);
      expect(done.body.partners.map((p: { id: string }) => p.id)).toEqual([a.id, b.id]);
      const [event] = await t.db.query(`SELECT client_ids FROM audit_events WHERE action = 'export' AND resource_id = $1`, [couple.id]);
      expect(event.client_ids.sort()).toEqual([a.id, b.id].sort());
      // A withdrawal takes effect at once.
      await grant(a.id, 'withdrawn');
      await request(t.http).get(`${API}/couples/${couple.id}/record-export`).set(w.as.owner.auth).expect(409);
    });

    it.each<[Actor, number]>([
      ['otherTherapist', 404],
      ['partner', 403],
      ['otherCouplePartner', 403],
      ['anonymous', 401],
    ])('is refused to %s (%i)', async (actor, status) => {
      await request(t.http).get(`${API}/couples/${w.couple.id}/record-export`).set(authOf(w, actor)).expect(status);
    });
  });
});
