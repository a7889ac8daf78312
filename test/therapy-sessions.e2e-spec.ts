import request from 'supertest';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { Actor, authOf, createClient, createCouple } from './clinic-factories';
import { createTherapist, loginAs } from './factories';
import { API, bookSession, futureSlot, pastSlot, PLACE, postSession, slotIn } from './session-factories';
import { useClinic } from './use-app';

describe('therapy sessions', () => {
  const { t, w } = useClinic();

  const owner = () => w.as.owner.auth;
  const coupleSession = (slot = futureSlot()) => bookSession(t, owner(), { coupleId: w.couple.id, ...slot });

  describe('booking and busy time', () => {
    it('books no session for an archived client, alone or as a partner of a couple', async () => {
      const client = await createClient(t, w.owner);
      const couple = await createCouple(t, w.owner);
      for (const archived of [client.id, couple.partners[1].id]) await request(t.http).post(`/api/v1/clients/${archived}/archive`).set(owner()).expect(200);
      for (const party of [{ clientId: client.id }, { coupleId: couple.id }]) {
        const refused = await postSession(t, owner(), { ...party, ...futureSlot() }).expect(422);
        expect(refused.body.type).toBe('/problems/not-on-caseload');
        expect(refused.body.detail).toMatch(/archived/);
      }
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM therapy_sessions WHERE client_id = $1 OR couple_id = $2`, [client.id, couple.id]);
      expect(n).toBe(0);
    });

    it('books a couple session and audits it with both partners', async () => {
      const slot = futureSlot();
      const res = await postSession(t, owner(), { coupleId: w.couple.id, ...slot }).expect(201);
      expect(res.body.seriesId).toBeNull();
      const [session] = res.body.sessions;
      expect(session).toMatchObject({
        therapistId: w.owner.id,
        coupleId: w.couple.id,
        clientId: null,
        startsAt: slot.startsAt.replace('.000', ''),
        endsAt: slot.endsAt.replace('.000', ''),
        modality: 'in_person',
        location: PLACE,
        videoUrl: null,
        status: 'scheduled',
        attendedClientIds: [],
        lateCancellation: null,
      });
      expect(session.clientIds.sort()).toEqual(w.couple.partners.map((p) => p.id).sort());
      const [busy] = await t.db.query(
        `SELECT b.kind, b.released_at, lower(b.during) = lower(s.during) AND upper(b.during) = upper(s.during) AS same FROM therapy_sessions s JOIN busy_times b ON b.id = s.busy_time_id WHERE s.id = $1`,
        [session.id],
      );
      expect(busy).toEqual({ kind: 'session', released_at: null, same: true });
      const [event] = await t.db.query(`SELECT action, resource_type, client_ids FROM audit_events WHERE resource_id = $1`, [session.id]);
      expect(event.action).toBe('create');
      expect(event.resource_type).toBe('session');
      expect(event.client_ids.sort()).toEqual(w.couple.partners.map((p) => p.id).sort());
    });

    it('refuses an overlapping session with a 409 that names the booked time, and allows adjacent ones', async () => {
      const slot = futureSlot(10);
      await coupleSession(slot);
      const client = await createClient(t, w.owner);
      const overlap = { startsAt: slot.startsAt.replace('T10:00', 'T10:30'), endsAt: slot.endsAt.replace('T11:00', 'T11:30') };
      const res = await postSession(t, owner(), { clientId: client.id, ...overlap }).expect(409);
      const day = slot.startsAt.slice(0, 10);
      const offset = slot.startsAt.slice(-6);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: '/problems/therapist-busy', status: 409 });
      expect(res.body.detail).toBe(`The therapist is already booked from ${day}T10:00:00${offset} to ${day}T11:00:00${offset}.`);
      // Says when, never what or whose.
      expect(JSON.stringify(res.body)).not.toMatch(/session|couple|Client /i);
      // 11:00–12:00 and 09:00–10:00 touch the booking without overlapping it.
      await postSession(t, owner(), { clientId: client.id, startsAt: slot.endsAt, endsAt: slot.endsAt.replace('T11:00', 'T12:00') }).expect(201);
      await postSession(t, owner(), { clientId: client.id, startsAt: slot.startsAt.replace('T10:00', 'T09:00'), endsAt: slot.startsAt }).expect(201);
    });

    it('lets exactly one of 20 concurrent overlapping requests through', async () => {
      const therapist = await createTherapist(t);
      const session = await loginAs(t, therapist);
      const client = await createClient(t, therapist);
      const slot = futureSlot(9, 120);
      const starts = Array.from({ length: 20 }, (_, i) => new Date(new Date(slot.startsAt).getTime() + i * 60_000));
      const answers = await Promise.all(
        starts.map((s) => postSession(t, session.auth, { clientId: client.id, startsAt: s.toISOString(), endsAt: new Date(s.getTime() + 3_600_000).toISOString() })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(19).fill(409)]);
      for (const a of answers.filter((x) => x.status === 409)) expect(a.body.type).toBe('/problems/therapist-busy');
      const [{ sessions, busy }] = await t.db.query(
        `SELECT (SELECT count(*)::int FROM therapy_sessions WHERE therapist_id = $1) AS sessions,
                (SELECT count(*)::int FROM busy_times WHERE therapist_id = $1) AS busy`,
        [therapist.id],
      );
      expect({ sessions, busy }).toEqual({ sessions: 1, busy: 1 });
    });

    it('frees the time of a cancelled session', async () => {
      const slot = futureSlot();
      const first = await coupleSession(slot);
      await postSession(t, owner(), { coupleId: w.couple.id, ...slot }).expect(409);
      await request(t.http).post(`${API}/sessions/${first.id}/cancel`).set(owner()).send({ reason: 'Illness', cancelledBy: 'client' }).expect(200);
      const [busy] = await t.db.query(`SELECT b.released_at FROM therapy_sessions s JOIN busy_times b ON b.id = s.busy_time_id WHERE s.id = $1`, [first.id]);
      expect(busy.released_at).toBeInstanceOf(Date);
      await postSession(t, owner(), { coupleId: w.couple.id, ...slot }).expect(201);
    });

    it('moves a session only to free time, and frees its old time', async () => {
      const a = futureSlot();
      const b = futureSlot();
      const moving = await coupleSession(a);
      await coupleSession(b);
      await request(t.http).patch(`${API}/sessions/${moving.id}`).set(owner()).send({ startsAt: b.startsAt }).expect(409);
      const c = futureSlot(14);
      const moved = await request(t.http).patch(`${API}/sessions/${moving.id}`).set(owner()).send({ startsAt: c.startsAt }).expect(200);
      expect(moved.body).toMatchObject({ startsAt: c.startsAt.replace('.000', ''), endsAt: c.endsAt.replace('.000', '') });
      const [row] = await t.db.query(`SELECT lower(b.during) = lower(s.during) AS same FROM therapy_sessions s JOIN busy_times b ON b.id = s.busy_time_id WHERE s.id = $1`, [moving.id]);
      expect(row.same).toBe(true);
      await coupleSession(a);
      // Online needs an https link; the place goes.
      const online = await request(t.http).patch(`${API}/sessions/${moving.id}`).set(owner()).send({ modality: 'online', videoUrl: 'https://video.clinic.example/room/1' }).expect(200);
      expect(online.body).toMatchObject({ modality: 'online', videoUrl: 'https://video.clinic.example/room/1', location: null });
      const bad = await request(t.http).patch(`${API}/sessions/${moving.id}`).set(owner()).send({ modality: 'in_person' }).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'location', message: 'location is required for in-person sessions' }]);
    });
  });

  describe('recurring sessions', () => {
    it('keeps 10:00 in Toronto across the 2026-11-01 and 2027-03-14 changes', async () => {
      const therapist = await createTherapist(t);
      const session = await loginAs(t, therapist);
      const client = await createClient(t, therapist);
      const res = await postSession(t, session.auth, {
        clientId: client.id,
        startsAt: '2026-10-25T10:00:00-04:00',
        endsAt: '2026-10-25T10:50:00-04:00',
        recurrence: { frequency: 'weekly', count: 22 },
      }).expect(201);
      const sessions: { startsAt: string; endsAt: string; seriesId: string }[] = res.body.sessions;
      expect(sessions).toHaveLength(22);
      expect(sessions.every((s) => s.seriesId === res.body.seriesId && s.seriesId)).toBe(true);
      expect(sessions.slice(0, 2).map((s) => [s.startsAt, s.endsAt])).toEqual([
        ['2026-10-25T10:00:00-04:00', '2026-10-25T10:50:00-04:00'],
        ['2026-11-01T10:00:00-05:00', '2026-11-01T10:50:00-05:00'],
      ]);
      expect(sessions.slice(19, 22).map((s) => s.startsAt)).toEqual(['2027-03-07T10:00:00-05:00', '2027-03-14T10:00:00-04:00', '2027-03-21T10:00:00-04:00']);
      const instants: { starts_at: Date }[] = await t.db.query(`SELECT lower(during) AS starts_at FROM therapy_sessions WHERE series_id = $1 ORDER BY lower(during)`, [res.body.seriesId]);
      expect([instants[0], instants[1], instants[19], instants[20]].map((r) => r.starts_at.toISOString())).toEqual([
        '2026-10-25T14:00:00.000Z',
        '2026-11-01T15:00:00.000Z',
        '2027-03-07T15:00:00.000Z',
        '2027-03-14T14:00:00.000Z',
      ]);
    });

    it('creates nothing when any occurrence conflicts, and lists every conflicting date', async () => {
      const therapist = await createTherapist(t);
      const session = await loginAs(t, therapist);
      const client = await createClient(t, therapist);
      const other = await createClient(t, therapist);
      await bookSession(t, session.auth, { clientId: other.id, startsAt: '2031-06-16T10:30:00-04:00', endsAt: '2031-06-16T11:30:00-04:00' });
      await bookSession(t, session.auth, { clientId: other.id, startsAt: '2031-06-30T09:00:00-04:00', endsAt: '2031-06-30T10:15:00-04:00' });
      const res = await postSession(t, session.auth, {
        clientId: client.id,
        startsAt: '2031-06-02T10:00:00-04:00',
        endsAt: '2031-06-02T11:00:00-04:00',
        recurrence: { frequency: 'weekly', count: 6 },
      }).expect(409);
      expect(res.body.type).toBe('/problems/therapist-busy');
      expect(res.body.conflicts.map((c: { requestedStartsAt: string }) => c.requestedStartsAt)).toEqual(['2031-06-16T10:00:00-04:00', '2031-06-30T10:00:00-04:00']);
      expect(res.body.detail).toBe('The therapist is already booked from 2031-06-16T10:30:00-04:00 to 2031-06-16T11:30:00-04:00; from 2031-06-30T09:00:00-04:00 to 2031-06-30T10:15:00-04:00.');
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM therapy_sessions WHERE client_id = $1`, [client.id]);
      expect(n).toBe(0);
      const [{ busy }] = await t.db.query(`SELECT count(*)::int AS busy FROM busy_times WHERE therapist_id = $1`, [therapist.id]);
      expect(busy).toBe(2);
    });
  });

  describe('status transitions', () => {
    const post = (id: string, action: string, body: object = {}) => request(t.http).post(`${API}/sessions/${id}/${action}`).set(owner()).send(body);
    const cancel = { reason: 'Scheduling conflict', cancelledBy: 'therapist' };
    const [a, b] = [0, 1];

    it('completes a past couple session with who attended, and records the partners’ last contact', async () => {
      const slot = pastSlot();
      const s = await coupleSession(slot);
      const partner = w.couple.partners[a].id;
      const res = await post(s.id, 'complete', { attendedClientIds: [partner] }).expect(200);
      expect(res.body).toMatchObject({ status: 'completed', attendedClientIds: [partner] });
      expect(res.body.completedAt).toBeTruthy();
      const contacts: { last_contact_at: Date }[] = await t.db.query(`SELECT client_last_contact(id) AS last_contact_at FROM clients WHERE id = ANY($1::uuid[])`, [
        w.couple.partners.map((p) => p.id),
      ]);
      for (const c of contacts) expect(c.last_contact_at.getTime()).toBeGreaterThanOrEqual(new Date(slot.endsAt).getTime());
      // Completed is final.
      for (const [action, body] of [['complete', { attendedClientIds: [partner] }], ['cancel', cancel], ['no-show', {}]] as const) {
        const refused = await post(s.id, action, body).expect(409);
        expect(refused.body).toMatchObject({ type: '/problems/invalid-session-transition', sessionStatus: 'completed', allowed: [] });
      }
      await request(t.http).patch(`${API}/sessions/${s.id}`).set(owner()).send({ startsAt: futureSlot().startsAt }).expect(409);
    });

    it('requires attendees of a couple session to be its partners', async () => {
      const s = await coupleSession(pastSlot());
      const missing = await post(s.id, 'complete', {}).expect(400);
      expect(missing.body.errors[0].field).toBe('attendedClientIds');
      const stranger = await post(s.id, 'complete', { attendedClientIds: [w.otherCouple.partners[a].id] }).expect(422);
      expect(stranger.body.type).toBe('/problems/not-a-participant');
      await post(s.id, 'complete', { attendedClientIds: [w.couple.partners[a].id, w.couple.partners[b].id] }).expect(200);
    });

    it('refuses to complete or mark a no-show before the session starts', async () => {
      const s = await coupleSession();
      expect((await post(s.id, 'complete', { attendedClientIds: [w.couple.partners[a].id] }).expect(409)).body.type).toBe('/problems/session-not-started');
      expect((await post(s.id, 'no-show').expect(409)).body.type).toBe('/problems/session-not-started');
    });

    it('marks a no-show, which is final and keeps the time booked', async () => {
      const slot = pastSlot();
      const s = await coupleSession(slot);
      await post(s.id, 'no-show').expect(200).expect((res) => expect(res.body.status).toBe('no_show'));
      await post(s.id, 'cancel', cancel).expect(409);
      await post(s.id, 'complete', { attendedClientIds: [w.couple.partners[a].id] }).expect(409);
      await postSession(t, owner(), { coupleId: w.couple.id, ...slot }).expect(409);
    });

    it('flags a cancellation inside the late-cancellation window (24 h by default)', async () => {
      const late = await coupleSession(slotIn(3));
      const res = await post(late.id, 'cancel', { reason: 'Car trouble', cancelledBy: 'client' }).expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancelledBy: 'client', cancellationReason: 'Car trouble', lateCancellation: true });
      const early = await coupleSession(slotIn(72));
      await post(early.id, 'cancel', cancel).expect(200).expect((r) => expect(r.body.lateCancellation).toBe(false));
      // Cancelled is final.
      await post(late.id, 'cancel', cancel).expect(409);
      await post(late.id, 'no-show').expect(409);
      await request(t.http).patch(`${API}/sessions/${late.id}`).set(owner()).send({ location: PLACE }).expect(409);
      // Partners see the cancellation, not the staff's reason.
      const seen = await request(t.http).get(`${API}/sessions/${late.id}`).set(w.as.partner.auth).expect(200);
      expect(seen.body).toMatchObject({ status: 'cancelled', lateCancellation: true, cancellationReason: null });
    });

    it('validates the cancellation', async () => {
      const s = await coupleSession();
      const res = await post(s.id, 'cancel', { cancelledBy: 'weather' }).expect(400);
      expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['cancelledBy', 'reason']));
      const [row] = await t.db.query(`SELECT status FROM therapy_sessions WHERE id = $1`, [s.id]);
      expect(row.status).toBe('scheduled');
    });
  });

  describe('validation', () => {
    it.each<[string, object, string]>([
      ['neither couple nor client', { coupleId: undefined }, 'coupleId'],
      ['a time without offset', { startsAt: '2031-03-01T10:00:00' }, 'startsAt'],
      ['an end before the start', { endsAt: '2031-03-01T09:00:00-05:00' }, 'endsAt'],
      ['more than four hours', { endsAt: '2031-03-01T14:30:00-05:00' }, 'endsAt'],
      ['in person without a place', { location: undefined }, 'location'],
      ['a place outside Ontario', { location: '1 Rue Sainte-Catherine, Montréal, QC H2X 1Z4' }, 'location'],
      ['online over http', { modality: 'online', location: undefined, videoUrl: 'http://video.example.com/r' }, 'videoUrl'],
      ['a link on an in-person session', { videoUrl: 'https://video.example.com/r' }, 'videoUrl'],
      ['a series of 53', { recurrence: { frequency: 'weekly', count: 53 } }, 'recurrence.count'],
      ['a daily series', { recurrence: { frequency: 'daily', count: 3 } }, 'recurrence.frequency'],
      ['an unknown field', { notes: 'x' }, 'notes'],
      ['an over-long place', { location: `${'x'.repeat(300)}, ON` }, 'location'],
    ])('answers 400 with field errors for %s', async (_, change, field) => {
      const body = { coupleId: w.couple.id, modality: 'in_person', location: PLACE, startsAt: '2031-03-01T10:00:00-05:00', endsAt: '2031-03-01T11:00:00-05:00', ...change };
      const res = await request(t.http).post(`${API}/sessions`).set(owner()).send(body).expect(400);
      expect(res.body.type).toBe('/problems/validation');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('keeps a therapist to their own caseload', async () => {
      const res = await postSession(t, owner(), { coupleId: w.otherCouple.id, ...futureSlot() }).expect(422);
      expect(res.body.type).toBe('/problems/not-on-caseload');
      await postSession(t, owner(), { clientId: w.otherCouple.partners[0].id, ...futureSlot() }).expect(422);
      // Admins book for a therapist, but only with that therapist's clients.
      await postSession(t, w.as.admin.auth, { coupleId: w.couple.id, ...futureSlot() }).expect(400);
      await postSession(t, w.as.admin.auth, { coupleId: w.otherCouple.id, therapistId: w.owner.id, ...futureSlot() }).expect(422);
      const booked = await postSession(t, w.as.admin.auth, { coupleId: w.couple.id, therapistId: w.owner.id, ...futureSlot() }).expect(201);
      expect(booked.body.sessions[0].therapistId).toBe(w.owner.id);
    });
  });

  describe('access', () => {
    let coupleSessionId: string;
    let individualId: string;
    beforeAll(async () => {
      coupleSessionId = (await coupleSession()).id;
      individualId = (await bookSession(t, owner(), { clientId: w.couple.partners[1].id, ...futureSlot() })).id;
    });

    it.each<[Actor, number]>([
      ['owner', 200],
      ['admin', 200],
      ['partner', 200],
      ['otherPartner', 200],
      ['otherTherapist', 404],
      ['otherCouplePartner', 404],
      ['anonymous', 401],
    ])('GET /sessions/{id} (couple session) as %s → %i', async (actor, status) => {
      const res = await request(t.http).get(`${API}/sessions/${coupleSessionId}`).set(authOf(w, actor)).expect(status);
      if (status === 200) expect(res.body.id).toBe(coupleSessionId);
    });

    it.each<[Actor, number]>([
      ['owner', 200],
      ['admin', 200],
      ['otherPartner', 200],
      ['partner', 404],
      ['otherTherapist', 404],
      ['otherCouplePartner', 404],
      ['anonymous', 401],
    ])('GET /sessions/{id} (the other partner’s individual session) as %s → %i', async (actor, status) => {
      await request(t.http).get(`${API}/sessions/${individualId}`).set(authOf(w, actor)).expect(status);
    });

    it.each<[Actor, boolean, boolean]>([
      ['owner', true, true],
      ['admin', true, true],
      ['partner', true, false],
      ['otherPartner', true, true],
      ['otherTherapist', false, false],
      ['otherCouplePartner', false, false],
    ])('GET /sessions as %s: couple session %s, individual session %s', async (actor, seesCouple, seesIndividual) => {
      const res = await request(t.http).get(`${API}/sessions?limit=100&from=2031-01-01T00:00:00Z`).set(authOf(w, actor)).expect(200);
      const ids = res.body.data.map((s: { id: string }) => s.id);
      expect(ids.includes(coupleSessionId)).toBe(seesCouple);
      expect(ids.includes(individualId)).toBe(seesIndividual);
    });

    it('GET /sessions as anonymous → 401', async () => {
      await request(t.http).get(`${API}/sessions`).expect(401);
    });

    it.each<[Actor, number]>([
      ['owner', 201],
      ['admin', 201],
      ['otherTherapist', 422],
      ['partner', 403],
      ['otherCouplePartner', 403],
      ['anonymous', 401],
    ])('POST /sessions as %s → %i', async (actor, status) => {
      await postSession(t, authOf(w, actor), { coupleId: w.couple.id, therapistId: actor === 'admin' ? w.owner.id : undefined, ...futureSlot() }).expect(status);
    });

    const writes: [string, (id: string) => request.Test][] = [
      ['PATCH /sessions/{id}', (id) => request(t.http).patch(`${API}/sessions/${id}`).send({ location: PLACE })],
      ['POST /sessions/{id}/complete', (id) => request(t.http).post(`${API}/sessions/${id}/complete`).send({ attendedClientIds: [w.couple.partners[0].id] })],
      ['POST /sessions/{id}/cancel', (id) => request(t.http).post(`${API}/sessions/${id}/cancel`).send({ reason: 'Holiday', cancelledBy: 'clinic' })],
      ['POST /sessions/{id}/no-show', (id) => request(t.http).post(`${API}/sessions/${id}/no-show`).send({})],
    ];
    const writers: [Actor, number][] = [
      ['owner', 200],
      ['admin', 200],
      ['partner', 403],
      ['otherPartner', 403],
      ['otherTherapist', 404],
      ['otherCouplePartner', 403],
      ['anonymous', 401],
    ];
    it.each(writes.flatMap(([route, call]) => writers.map(([actor, status]) => [route, actor, status, call] as const)))('%s as %s → %i', async (_, actor, status, call) => {
      const s = await coupleSession(pastSlot());
      await call(s.id).set(authOf(w, actor)).expect(status);
    });

    it('answers 404 for a session that does not exist and 400 for a malformed id', async () => {
      await request(t.http).get(`${API}/sessions/00000000-0000-4000-8000-000000000000`).set(owner()).expect(404);
      await request(t.http).get(`${API}/sessions/not-a-uuid`).set(owner()).expect(400);
    });
  });

  describe('lists', () => {
    it('filters by couple, client, status and time, pages in start order, and audits the page', async () => {
      const therapist = await createTherapist(t);
      const session = await loginAs(t, therapist);
      const couple = await createCouple(t, therapist);
      const client = await createClient(t, therapist);
      const series = await postSession(t, session.auth, {
        coupleId: couple.id,
        startsAt: '2032-01-05T10:00:00-05:00',
        endsAt: '2032-01-05T11:00:00-05:00',
        recurrence: { frequency: 'weekly', count: 5 },
      }).expect(201);
      const solo = await bookSession(t, session.auth, { clientId: client.id, startsAt: '2032-01-06T10:00:00-05:00', endsAt: '2032-01-06T11:00:00-05:00' });
      const all = series.body.sessions.map((s: { id: string }) => s.id);
      const page1 = await request(t.http).get(`${API}/sessions?coupleId=${couple.id}&limit=2`).set(session.auth).expect(200);
      const page2 = await request(t.http).get(`${API}/sessions?coupleId=${couple.id}&limit=2&cursor=${page1.body.nextCursor}`).set(session.auth).expect(200);
      const page3 = await request(t.http).get(`${API}/sessions?coupleId=${couple.id}&limit=2&cursor=${page2.body.nextCursor}`).set(session.auth).expect(200);
      expect([...page1.body.data, ...page2.body.data, ...page3.body.data].map((s: { id: string }) => s.id)).toEqual(all);
      expect(page3.body.nextCursor).toBeNull();
      const byClient = await request(t.http).get(`${API}/sessions?clientId=${client.id}`).set(session.auth).expect(200);
      expect(byClient.body.data.map((s: { id: string }) => s.id)).toEqual([solo.id]);
      const byPartner = await request(t.http).get(`${API}/sessions?clientId=${couple.partners[0].id}`).set(session.auth).expect(200);
      expect(byPartner.body.data).toHaveLength(5);
      const window = await request(t.http).get(`${API}/sessions?from=2032-01-12T10:30:00-05:00&to=2032-01-19T10:00:00-05:00`).set(session.auth).expect(200);
      expect(window.body.data.map((s: { id: string }) => s.id)).toEqual([all[1]]);
      await request(t.http).post(`${API}/sessions/${all[4]}/cancel`).set(session.auth).send({ reason: 'Moved away', cancelledBy: 'client' }).expect(200);
      const cancelled = await request(t.http).get(`${API}/sessions?status=cancelled`).set(session.auth).expect(200);
      expect(cancelled.body.data.map((s: { id: string }) => s.id)).toEqual([all[4]]);
      const [event] = await t.db.query(`SELECT client_ids FROM audit_events WHERE actor_id = $1 AND action = 'list' AND resource_type = 'session' ORDER BY seq LIMIT 1`, [therapist.id]);
      expect(event.client_ids.sort()).toEqual(couple.partners.map((p) => p.id).sort());
      await request(t.http).get(`${API}/sessions?from=yesterday`).set(session.auth).expect(400);
      await request(t.http).get(`${API}/sessions?cursor=garbage`).set(session.auth).expect(400);
      // A window that ends before it starts (or as it starts) is refused, naming `to`, as reports and availability refuse it.
      for (const [from, to] of [['2027-01-01T00:00:00Z', '2026-01-01T00:00:00Z'], ['2026-12-10T00:00:01Z', '2026-12-10T00:00:00Z'], ['2026-12-10T00:00:00Z', '2026-12-09T19:00:00-05:00']]) {
        const refused = await request(t.http).get(`${API}/sessions`).query({ from, to }).set(session.auth).expect(400);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
      }
    });

    it('reads a page in the same number of statements for 5 and for 50 sessions', async () => {
      const therapist = await createTherapist(t);
      const session = await loginAs(t, therapist);
      const couple = await createCouple(t, therapist);
      await postSession(t, session.auth, { coupleId: couple.id, startsAt: '2033-01-03T10:00:00-05:00', endsAt: '2033-01-03T11:00:00-05:00', recurrence: { frequency: 'weekly', count: 52 } }).expect(201);
      const statements = async (limit: number) => {
        const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
        try {
          const res = await request(t.http).get(`${API}/sessions?limit=${limit}`).set(session.auth).expect(200);
          expect(res.body.data).toHaveLength(limit);
          return spy.mock.calls.length;
        } finally {
          spy.mockRestore();
        }
      };
      const five = await statements(5);
      const fifty = await statements(50);
      expect(fifty).toBe(five);
      // The sign-in check and the audited SELECT: nothing per row.
      expect(five).toBeLessThanOrEqual(3);
    });
  });
});
