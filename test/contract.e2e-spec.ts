import request from 'supertest';
import { API as BOOKING_API, at, book, bookingBody, createBookableTherapist, dayAhead, tokenOf } from './booking-factories';
import { createCouple, createWorld } from './clinic-factories';
import { createAdmin, createTherapist, createUser, loginAs, PASSWORD } from './factories';
import { ruptureBody } from './rupture-factories';
import { futureSlot, postSession } from './session-factories';
import { useApp } from './use-app';

const API = '/api/v1';

describe('the contract: media types, null and instants', () => {
  const t = useApp();

  describe('JSON means JSON', () => {
    it('refuses a form-encoded login with 415 problem+json and issues no tokens', async () => {
      const admin = await createAdmin(t);
      const res = await request(t.http)
        .post(`${API}/auth/login`)
        .type('form')
        .send(`email=${encodeURIComponent(admin.email)}&password=${encodeURIComponent(PASSWORD)}`)
        .expect(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'about:blank', status: 415, title: 'Unsupported media type' });
      expect(res.body.accessToken).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('refuses text/plain (even when it holds JSON) with 415, not field errors', async () => {
      const admin = await createAdmin(t);
      const res = await request(t.http)
        .post(`${API}/auth/login`)
        .set('content-type', 'text/plain')
        .send(JSON.stringify({ email: admin.email, password: PASSWORD }))
        .expect(415);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.detail).toContain('application/json');
    });

    it('refuses a multipart body with 415', async () => {
      const { auth } = await loginAs(t, await createAdmin(t));
      await request(t.http).post(`${API}/clients`).set(auth).field('firstName', 'Ana').expect(415);
    });

    it('accepts application/json with a charset parameter, and a body-less POST without a content type', async () => {
      const admin = await createAdmin(t);
      await request(t.http)
        .post(`${API}/auth/login`)
        .set('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ email: admin.email, password: PASSWORD }))
        .expect(200);
      const therapist = await createUser(t, 'therapist');
      const { auth } = await loginAs(t, therapist);
      await request(t.http).post(`${API}/calendar/feed`).set(auth).expect(201);
    });
  });

  describe('one meaning for every instant', () => {
    const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

    it.each([
      ['without an offset (today stored as UTC)', '2026-01-05T08:15:00'],
      ['as a bare date (today midnight UTC)', '2026-01-05'],
      ['with an offset beyond ±14:00', '2026-01-05T08:15:00+25:00'],
      ['with minutes but no seconds', '2026-01-05T08:15-05:00'],
      ['on a day that does not exist', '2026-02-30T08:15:00-05:00'],
      ['with a space for the T', '2026-01-05 08:15:00-05:00'],
    ])('refuses a rupture occurredAt %s with 400 naming occurredAt', async (_, occurredAt) => {
      const therapist = await createTherapist(t);
      const couple = await createCouple(t, therapist);
      const { auth } = await loginAs(t, therapist);
      const res = await request(t.http).post(`${API}/couples/${couple.id}/ruptures`).set(auth).send(ruptureBody({ occurredAt })).expect(400);
      expect(fieldsOf(res.body)).toEqual(['occurredAt']);
      expect(await t.db.query('SELECT 1 FROM ruptures WHERE couple_id = $1', [couple.id])).toHaveLength(0);
    });

    it('accepts +14:00 and -12:00 offsets and Z on a rupture, and answers the same instant in the clinic’s offset', async () => {
      const therapist = await createTherapist(t);
      const couple = await createCouple(t, therapist);
      const { auth } = await loginAs(t, therapist);
      const res = await request(t.http).post(`${API}/couples/${couple.id}/ruptures`).set(auth).send(ruptureBody({ occurredAt: '2026-01-06T03:15:00+14:00' })).expect(201);
      expect(res.body.occurredAt).toBe('2026-01-05T08:15:00-05:00');
      await request(t.http).post(`${API}/couples/${couple.id}/ruptures`).set(auth).send(ruptureBody({ occurredAt: '2026-01-05T01:15:00-12:00' })).expect(201);
      await request(t.http).post(`${API}/couples/${couple.id}/ruptures`).set(auth).send(ruptureBody({ occurredAt: '2026-01-05T13:15:00.5Z' })).expect(201);
    });

    it('refuses a +25:00 offset on a booking, on availability and on a reschedule with 400 naming the field', async () => {
      const therapist = await createBookableTherapist(t);
      const day = dayAhead(20);
      const local = at(day, '09:00').slice(0, 19);
      const booked = await book(t, bookingBody({ startsAt: `${local}+25:00`, therapistId: therapist.id })).expect(400);
      expect(fieldsOf(booked.body)).toEqual(['startsAt']);
      const slots = await request(t.http)
        .get(`${BOOKING_API}/connection-calls/availability`)
        .query(`from=${encodeURIComponent(`${local}+25:00`)}&to=${encodeURIComponent(at(day.plus({ days: 1 }), '00:00'))}&modality=video`)
        .expect(400);
      expect(fieldsOf(slots.body)).toEqual(['from']);
      const first = await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id })).expect(201);
      const moved = await request(t.http)
        .post(`${BOOKING_API}/connection-calls/manage/${tokenOf(first.body.manageUrl)}/reschedule`)
        .send({ startsAt: `${at(day, '09:40').slice(0, 19)}+25:00` })
        .expect(400);
      expect(fieldsOf(moved.body)).toEqual(['startsAt']);
    });

    it('refuses a session on a day that does not exist, and one at 24:00', async () => {
      const world = await createWorld(t);
      const { endsAt } = futureSlot();
      const res = await postSession(t, world.as.owner.auth, { coupleId: world.couple.id, startsAt: '2031-02-29T10:00:00-05:00', endsAt }).expect(400);
      expect(fieldsOf(res.body)).toEqual(['startsAt']);
      const midnight = await postSession(t, world.as.owner.auth, { coupleId: world.couple.id, startsAt: '2031-03-03T24:00:00-05:00', endsAt }).expect(400);
      expect(fieldsOf(midnight.body)).toEqual(['startsAt']);
    });

    it('takes report periods as dates only', async () => {
      const { auth } = await loginAs(t, await createAdmin(t));
      const res = await request(t.http).get(`${API}/reports/sessions`).set(auth).query({ from: '2031-01-01T00:00:00-05:00', to: '2031-02-01' }).expect(400);
      expect(fieldsOf(res.body)).toEqual(['from']);
      await request(t.http).get(`${API}/reports/sessions`).set(auth).query({ from: '2031-02-30', to: '2031-03-01' }).expect(400);
      await request(t.http).get(`${API}/reports/sessions`).set(auth).query({ from: '2031-01-01', to: '2031-02-01' }).expect(200);
    });

    it('writes the therapist-busy conflict to the second, in the clinic’s offset', async () => {
      const world = await createWorld(t);
      const slot = futureSlot();
      await postSession(t, world.as.owner.auth, { coupleId: world.couple.id, ...slot }).expect(201);
      const res = await postSession(t, world.as.owner.auth, { coupleId: world.couple.id, ...slot }).expect(409);
      expect(res.body.type).toBe('/problems/therapist-busy');
      const [start] = res.body.conflicts;
      expect(start.requestedStartsAt).toMatch(/^\d{4}-\d{2}-\d{2}T10:00:00-0[45]:00$/);
      expect(start.busyFrom).toMatch(/T10:00:00-0[45]:00$/);
      expect(res.body.detail).toMatch(/T10:00:00-0[45]:00 to \d{4}-\d{2}-\d{2}T11:00:00-0[45]:00/);
    });
  });

  describe('null and absent', () => {
    it('refuses null on a user’s displayName with 400 naming the field, and changes nothing', async () => {
      const { auth } = await loginAs(t, await createAdmin(t));
      const therapist = await createTherapist(t);
      const res = await request(t.http).patch(`${API}/users/${therapist.id}`).set(auth).send({ displayName: null }).expect(400);
      expect(res.body.type).toBe('/problems/validation');
      expect(res.body.errors).toEqual([{ field: 'displayName', message: 'displayName must not be null; leave it out instead' }]);
      const [row] = await t.db.query('SELECT display_name FROM users WHERE id = $1', [therapist.id]);
      expect(row.display_name).not.toBeNull();
    });

    it('refuses null in optional properties not declared nullable, nested ones included', async () => {
      const therapist = await createTherapist(t);
      const { auth } = await loginAs(t, therapist);
      const res = await request(t.http)
        .post(`${API}/clients`)
        .set(auth)
        .send({ legalName: 'Ana Lima', dateOfBirth: '1990-02-03', status: null, address: { province: null, city: null } })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['address.province', 'status']);
    });

    it('clears a nullable property with null, and keeps it when absent', async () => {
      const therapist = await createTherapist(t);
      const { auth } = await loginAs(t, therapist);
      const created = await request(t.http)
        .post(`${API}/clients`)
        .set(auth)
        .send({ legalName: 'Ana Lima', dateOfBirth: '1990-02-03', preferredName: 'Ana', pronouns: 'she/her' })
        .expect(201);
      const cleared = await request(t.http).patch(`${API}/clients/${created.body.id}`).set(auth).send({ preferredName: null }).expect(200);
      expect(cleared.body.preferredName).toBeNull();
      expect(cleared.body.pronouns).toBe('she/her');
    });

    it('counts fields, not messages, in the validation detail', async () => {
      const therapist = await createTherapist(t);
      const { auth } = await loginAs(t, therapist);
      const res = await request(t.http).post(`${API}/clients`).set(auth).send({ legalName: 5, dateOfBirth: '1990-02-03' }).expect(400);
      expect(res.body.errors.length).toBeGreaterThan(1);
      expect(res.body.detail).toBe('The request has 1 invalid field: legalName.');
    });
  });
});
