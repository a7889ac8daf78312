import { DateTime } from 'luxon';
import request from 'supertest';
import { API, at, book, bookingBody, createBookableTherapist, dayAhead, slotsOf, tokenOf, ZONE } from './booking-factories';
import { Actor, authOf, createWorld, World } from './clinic-factories';
import { loginAs } from './factories';
import { useApp } from './use-app';

describe('connection calls', () => {
  const t = useApp();

  const availability = (query: Record<string, string>) => request(t.http).get(`${API}/connection-calls/availability`).query(query);

  describe('availability', () => {
    it('lays slots in the windows and removes busy time and time off, widened by the buffer, without saying why', async () => {
      const therapist = await createBookableTherapist(t);
      const day = dayAhead(5);
      expect(await slotsOf(t, therapist.id, day)).toEqual([at(day, '09:00'), at(day, '09:20'), at(day, '09:40')]);
      const session = await loginAs(t, therapist);
      await request(t.http)
        .post(`${API}/therapists/${therapist.id}/time-off`)
        .set(session.auth)
        .send({ startsAt: at(day, '08:00'), endsAt: at(day, '09:20'), reason: 'Dentist appointment' })
        .expect(201);
      const res = await availability({ from: at(day, '00:00'), to: at(day.plus({ days: 1 }), '00:00'), modality: 'phone', therapistId: therapist.id }).expect(200);
      expect(res.body).toEqual({ timeZone: ZONE, callMinutes: 20, slots: [{ startsAt: at(day, '09:40'), endsAt: at(day, '10:00'), therapistIds: [therapist.id] }] });
      expect(JSON.stringify(res.body)).not.toMatch(/dentist|time_off|reason|busy/i);
    });

    it('respects the minimum notice (12 hours)', async () => {
      const therapist = await createBookableTherapist(t, '00:00', '23:40');
      const now = DateTime.now();
      const res = await availability({ from: now.toISO() as string, to: now.plus({ hours: 24 }).toISO() as string, modality: 'video', therapistId: therapist.id }).expect(200);
      const first = DateTime.fromISO(res.body.slots[0].startsAt).toMillis();
      expect(first).toBeGreaterThanOrEqual(now.plus({ hours: 12 }).toMillis() - 1000);
      expect(first).toBeLessThan(now.plus({ hours: 12, minutes: 41 }).toMillis());
    });

    it('answers 400 for a range beyond the horizon, reversed, too long or malformed', async () => {
      const now = DateTime.now().setZone(ZONE);
      const iso = (d: DateTime) => d.toISO() as string;
      const beyond = await availability({ from: iso(now.plus({ days: 29 })), to: iso(now.plus({ days: 40 })), modality: 'video' }).expect(400);
      expect(beyond.headers['content-type']).toMatch(/problem\+json/);
      expect(beyond.body.detail).toMatch(/30 days ahead/);
      await availability({ from: iso(now.plus({ days: 2 })), to: iso(now.plus({ days: 1 })), modality: 'video' }).expect(400);
      await availability({ from: iso(now.minus({ days: 5 })), to: iso(now.plus({ days: 27 })), modality: 'video' }).expect(400);
      const bad = await availability({ from: 'tomorrow', to: '2026-12-01T09:00', modality: 'carrier-pigeon' }).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'modality', 'to']);
      await availability({ to: iso(now.plus({ days: 1 })), modality: 'video' }).expect(400);
    });
  });

  describe('booking', () => {
    it('books: 201 with a manage link; two emails and a webhook without personal details are queued', async () => {
      const therapist = await createBookableTherapist(t);
      const day = dayAhead(6);
      const body = bookingBody({ startsAt: at(day, '09:20'), therapistId: therapist.id });
      const res = await book(t, body).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        startsAt: at(day, '09:20'),
        endsAt: at(day, '09:40'),
        modality: 'video',
        status: 'booked',
        therapist: { id: therapist.id, displayName: expect.any(String) },
        manageUrl: expect.stringMatching(/^http:\/\/localhost:3000\/api\/v1\/connection-calls\/manage\/mt_[A-Za-z0-9_-]{43}$/),
      });
      const [call] = await t.db.query(`SELECT c.email, c.manage_token_hash, b.kind, b.released_at FROM connection_calls c JOIN busy_times b ON b.id = c.busy_time_id WHERE c.id = $1`, [res.body.id]);
      expect(call).toMatchObject({ email: body.email, kind: 'connection_call', released_at: null });
      expect(call.manage_token_hash.toString('utf8')).not.toContain(tokenOf(res.body.manageUrl));
      const messages: { channel: string; payload: Record<string, unknown> }[] = await t.db.query(
        `SELECT channel, payload FROM outbox_messages WHERE event = 'connection_call.booked' AND (payload->>'callId' = $1 OR payload->>'to' = $2) ORDER BY channel`,
        [res.body.id, body.email],
      );
      expect(messages.map((m) => m.channel)).toEqual(['email', 'email', 'webhook']);
      const webhook = messages.find((m) => m.channel === 'webhook')!.payload;
      expect(webhook).toEqual({ callId: res.body.id, therapistId: therapist.id, startsAt: at(day, '09:20'), endsAt: at(day, '09:40'), modality: 'video' });
      const toPerson = messages.find((m) => m.payload.to === body.email)!.payload;
      expect(toPerson).toMatchObject({ name: 'Sam Rivera', manageUrl: res.body.manageUrl, startsAt: at(day, '09:20'), modality: 'video' });
      const toTherapist = messages.find((m) => m.channel === 'email' && m.payload.to !== body.email)!.payload;
      expect(JSON.stringify(toTherapist)).not.toContain('chores');
      expect(await slotsOf(t, therapist.id, day)).toEqual([]);
    });

    it('picks a therapist who is free at that time when none is named', async () => {
      const therapist = await createBookableTherapist(t, '06:00', '06:20');
      const day = dayAhead(7);
      const freeAt = async () =>
        (await availability({ from: at(day, '06:00'), to: at(day, '06:20'), modality: 'video' }).expect(200)).body.slots.flatMap((s: { therapistIds: string[] }) => s.therapistIds);
      const before = await freeAt();
      expect(before).toContain(therapist.id);
      const res = await book(t, bookingBody({ startsAt: at(day, '06:00') })).expect(201);
      expect(before).toContain(res.body.therapist.id);
      expect(await freeAt()).not.toContain(res.body.therapist.id);
    });

    it('refuses people outside Ontario (422), missing consent (400), unknown fields (400), a start that is not a slot (422), a taken slot (409)', async () => {
      const therapist = await createBookableTherapist(t);
      const day = dayAhead(8);
      const ontario = await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id, inOntario: false })).expect(422);
      expect(ontario.body).toMatchObject({ type: '/problems/outside-ontario', status: 422 });
      expect(ontario.body.detail).toMatch(/Ontario residents/);
      await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id, consentToContact: false })).expect(400);
      await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id, isAdmin: true })).expect(400);
      await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id, message: 'x'.repeat(501) })).expect(400);
      await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id, phone: '416-555-0123' })).expect(400);
      const off = await book(t, bookingBody({ startsAt: at(day, '09:05'), therapistId: therapist.id })).expect(422);
      expect(off.body.type).toBe('/problems/slot-not-offered');
      await book(t, bookingBody({ startsAt: at(day, '13:00'), therapistId: therapist.id })).expect(422);
      await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id })).expect(201);
      const taken = await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id })).expect(409);
      expect(taken.body).toMatchObject({ type: '/problems/slot-taken', detail: expect.stringMatching(/no longer available/) });
    });
  });

  describe('manage links', () => {
    it('shows, reschedules (old time freed, same link) and cancels (time free again; twice is 409)', async () => {
      const therapist = await createBookableTherapist(t);
      const day = dayAhead(9);
      const res = await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id, modality: 'phone' })).expect(201);
      const manage = `${API}/connection-calls/manage/${tokenOf(res.body.manageUrl)}`;
      const view = await request(t.http).get(manage).expect(200);
      expect(view.body).toEqual({ startsAt: at(day, '09:00'), endsAt: at(day, '09:20'), modality: 'phone', status: 'booked', therapistDisplayName: res.body.therapist.displayName });

      const moved = await request(t.http).post(`${manage}/reschedule`).send({ startsAt: at(day, '09:40') }).expect(200);
      expect(moved.body).toMatchObject({ startsAt: at(day, '09:40'), status: 'booked' });
      expect(await slotsOf(t, therapist.id, day)).toEqual([at(day, '09:00')]);
      const busy = await t.db.query(`SELECT lower(b.during) AS starts_at FROM busy_times b JOIN connection_calls c ON c.busy_time_id = b.id WHERE c.id = $1 AND b.released_at IS NULL`, [res.body.id]);
      expect(busy.map((b: { starts_at: Date }) => b.starts_at.toISOString())).toEqual([new Date(at(day, '09:40')).toISOString()]);
      expect((await request(t.http).get(manage).expect(200)).body.startsAt).toBe(at(day, '09:40'));

      const cancelled = await request(t.http).post(`${manage}/cancel`).expect(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect(await slotsOf(t, therapist.id, day)).toEqual([at(day, '09:00'), at(day, '09:20'), at(day, '09:40')]);
      const again = await request(t.http).post(`${manage}/cancel`).expect(409);
      expect(again.body.type).toBe('/problems/already-cancelled');
      const late = await request(t.http).post(`${manage}/reschedule`).send({ startsAt: at(day, '09:20') }).expect(409);
      expect(late.body.type).toBe('/problems/call-cancelled');
      const events = await t.db.query(`SELECT event FROM outbox_messages WHERE channel = 'webhook' AND payload->>'callId' = $1 ORDER BY created_at`, [res.body.id]);
      expect(events.map((e: { event: string }) => e.event)).toEqual(['connection_call.booked', 'connection_call.rescheduled', 'connection_call.cancelled']);
    });

    it('leaves the booking and its time untouched when the new time is taken (409)', async () => {
      const therapist = await createBookableTherapist(t);
      const day = dayAhead(10);
      const mine = await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id })).expect(201);
      await book(t, bookingBody({ startsAt: at(day, '09:40'), therapistId: therapist.id })).expect(201);
      const manage = `${API}/connection-calls/manage/${tokenOf(mine.body.manageUrl)}`;
      const res = await request(t.http).post(`${manage}/reschedule`).send({ startsAt: at(day, '09:40') }).expect(409);
      expect(res.body.detail).toMatch(/no longer available/);
      expect((await request(t.http).get(manage).expect(200)).body).toMatchObject({ startsAt: at(day, '09:00'), status: 'booked' });
      const [held] = await t.db.query(`SELECT b.released_at, lower(b.during) AS starts_at FROM busy_times b JOIN connection_calls c ON c.busy_time_id = b.id WHERE c.id = $1`, [mine.body.id]);
      expect(held.released_at).toBeNull();
      expect(held.starts_at.toISOString()).toBe(new Date(at(day, '09:00')).toISOString());
    });

    it('answers 404 for an unknown or malformed token', async () => {
      await request(t.http).get(`${API}/connection-calls/manage/mt_${'A'.repeat(43)}`).expect(404);
      await request(t.http).get(`${API}/connection-calls/manage/nonsense`).expect(404);
      await request(t.http).post(`${API}/connection-calls/manage/nonsense/cancel`).expect(404);
    });
  });

  describe('staff side', () => {
    let w: World;
    let callId: string;
    const day = dayAhead(11);
    beforeAll(async () => {
      w = await createWorld(t);
      await t.db.query(
        `INSERT INTO availability_windows (therapist_id, weekday, starts_at, ends_at) SELECT $1, d, '09:00', '10:00' FROM generate_series(1, 7) d`,
        [w.owner.id],
      );
      callId = (await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: w.owner.id })).expect(201)).body.id;
    });

    it.each<[Actor, number]>([
      ['owner', 200],
      ['admin', 200],
      ['otherTherapist', 404],
      ['partner', 403],
      ['anonymous', 401],
    ])('GET and PATCH /connection-calls/{id}, GET /connection-calls as %s → %i', async (actor, status) => {
      await request(t.http).get(`${API}/connection-calls/${callId}`).set(authOf(w, actor)).expect(status);
      await request(t.http).patch(`${API}/connection-calls/${callId}`).set(authOf(w, actor)).send({ staffNotes: `noted by ${actor}` }).expect(status);
      const list = await request(t.http).get(`${API}/connection-calls`).query({ limit: 100 }).set(authOf(w, actor));
      expect(list.status).toBe(status === 404 ? 200 : status);
      if (list.status === 200) expect(list.body.data.some((c: { id: string }) => c.id === callId)).toBe(status === 200);
    });

    it('audits reads of a call', async () => {
      await request(t.http).get(`${API}/connection-calls/${callId}`).set(w.as.admin.auth).expect(200);
      const [event] = await t.db.query(`SELECT action FROM audit_events WHERE resource_type = 'connection_call' AND resource_id = $1 AND action = 'read'`, [callId]);
      expect(event).toEqual({ action: 'read' });
    });

    it('marks a call completed only once it started, and queues connection_call.completed', async () => {
      const early = await request(t.http).patch(`${API}/connection-calls/${callId}`).set(w.as.owner.auth).send({ status: 'completed' }).expect(409);
      expect(early.body.type).toBe('/problems/call-not-started');
      await t.db.query(`UPDATE connection_calls SET starts_at = now() - interval '1 hour', ends_at = now() - interval '40 minutes' WHERE id = $1`, [callId]);
      const done = await request(t.http).patch(`${API}/connection-calls/${callId}`).set(w.as.owner.auth).send({ status: 'completed', staffNotes: 'Good fit.' }).expect(200);
      expect(done.body).toMatchObject({ status: 'completed', staffNotes: 'Good fit.' });
      const [hook] = await t.db.query(`SELECT 1 FROM outbox_messages WHERE channel = 'webhook' AND event = 'connection_call.completed' AND payload->>'callId' = $1`, [callId]);
      expect(hook).toBeDefined();
    });

    it('filters the list by status and time', async () => {
      const res = await request(t.http).get(`${API}/connection-calls`).query({ status: 'cancelled' }).set(w.as.owner.auth).expect(200);
      expect(res.body.data).toEqual([]);
      await request(t.http).get(`${API}/connection-calls`).query({ from: 'yesterday' }).set(w.as.owner.auth).expect(400);
    });

    it('converts a call into a client on the therapist’s caseload, once; others get 404/403/401', async () => {
      const body = { dateOfBirth: '1990-02-03' };
      await request(t.http).post(`${API}/connection-calls/${callId}/convert`).set(authOf(w, 'otherTherapist')).send(body).expect(404);
      await request(t.http).post(`${API}/connection-calls/${callId}/convert`).set(authOf(w, 'partner')).send(body).expect(403);
      await request(t.http).post(`${API}/connection-calls/${callId}/convert`).send(body).expect(401);
      const res = await request(t.http).post(`${API}/connection-calls/${callId}/convert`).set(w.as.owner.auth).send(body).expect(201);
      const [client] = await t.db.query(`SELECT legal_name, email, phone, primary_therapist_id, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM clients WHERE id = $1`, [res.body.clientId]);
      expect(client).toEqual({ legal_name: 'Sam Rivera', email: res.body.email, phone: '+14165550123', primary_therapist_id: w.owner.id, dob: '1990-02-03' });
      const clients = await request(t.http).get(`${API}/clients/${res.body.clientId}`).set(w.as.owner.auth).expect(200);
      expect(clients.body.primaryTherapistId).toBe(w.owner.id);
      const twice = await request(t.http).post(`${API}/connection-calls/${callId}/convert`).set(w.as.admin.auth).send(body).expect(409);
      expect(twice.body.type).toBe('/problems/already-converted');
    });

    it.each<[Actor, number, number]>([
      ['owner', 201, 200],
      ['admin', 201, 200],
      ['otherTherapist', 404, 404],
      ['partner', 403, 403],
      ['anonymous', 401, 401],
    ])('POST and GET /therapists/{id}/time-off as %s → %i/%i', async (actor, created, listed) => {
      const offset = ['owner', 'admin', 'otherTherapist', 'partner', 'anonymous'].indexOf(actor);
      const start = dayAhead(40 + offset);
      const post = await request(t.http)
        .post(`${API}/therapists/${w.owner.id}/time-off`)
        .set(authOf(w, actor))
        .send({ startsAt: at(start, '00:00'), endsAt: at(start, '12:00'), reason: 'Training' });
      expect(post.status).toBe(created);
      const list = await request(t.http).get(`${API}/therapists/${w.owner.id}/time-off`).set(authOf(w, actor));
      expect(list.status).toBe(listed);
      if (created === 201) {
        expect(list.body.data.map((o: { id: string }) => o.id)).toContain(post.body.id);
        await request(t.http).delete(`${API}/therapists/${w.owner.id}/time-off/${post.body.id}`).set(authOf(w, actor)).expect(204);
        await request(t.http).delete(`${API}/therapists/${w.owner.id}/time-off/${post.body.id}`).set(authOf(w, actor)).expect(404);
      }
    });

    it('refuses time off over booked time (409) and reversed time off (422)', async () => {
      const d = dayAhead(12);
      await book(t, bookingBody({ startsAt: at(d, '09:00'), therapistId: w.owner.id })).expect(201);
      const res = await request(t.http).post(`${API}/therapists/${w.owner.id}/time-off`).set(w.as.owner.auth).send({ startsAt: at(d, '08:00'), endsAt: at(d, '12:00') }).expect(409);
      expect(res.body.type).toBe('/problems/therapist-busy');
      await request(t.http).post(`${API}/therapists/${w.owner.id}/time-off`).set(w.as.owner.auth).send({ startsAt: at(d, '12:00'), endsAt: at(d, '08:00') }).expect(422);
    });
  });
});
