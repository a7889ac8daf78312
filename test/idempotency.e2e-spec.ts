import request from 'supertest';
import { requestHash } from '../src/common/idempotency/idempotency';
import { API, at, book, bookingBody, createBookableTherapist, dayAhead } from './booking-factories';
import { createAdmin, loginAs } from './factories';
import { useApp } from './use-app';

const newKey = () => `key-${Math.random().toString(36).slice(2)}-${Date.now()}`;

describe('Idempotency-Key on POST /connection-calls', () => {
  const t = useApp();

  it('replays the first answer for the same key and body (same status and body, Idempotency-Replayed), books once', async () => {
    const therapist = await createBookableTherapist(t);
    const body = bookingBody({ startsAt: at(dayAhead(15), '09:00'), therapistId: therapist.id });
    const key = newKey();
    const first = await book(t, body, { 'Idempotency-Key': key }).expect(201);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    // Same body, keys in another order: still the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await book(t, reordered, { 'Idempotency-Key': key }).expect(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    // The same booking; its manage link is re-issued, never stored (see idempotent-creates.e2e-spec.ts).
    expect({ ...again.body, manageUrl: undefined }).toEqual({ ...first.body, manageUrl: undefined });
    const calls = await t.db.query(`SELECT id FROM connection_calls WHERE therapist_id = $1`, [therapist.id]);
    expect(calls).toHaveLength(1);
  });

  it('answers 422 when the key is reused with another body', async () => {
    const therapist = await createBookableTherapist(t);
    const key = newKey();
    const body = bookingBody({ startsAt: at(dayAhead(16), '09:00'), therapistId: therapist.id });
    await book(t, body, { 'Idempotency-Key': key }).expect(201);
    const res = await book(t, { ...body, startsAt: at(dayAhead(16), '09:40') }, { 'Idempotency-Key': key }).expect(422);
    expect(res.body.type).toBe('/problems/idempotency-key-reused');
  });

  it('answers 409 while the first request with the key is still in progress', async () => {
    const therapist = await createBookableTherapist(t);
    const key = newKey();
    const body = bookingBody({ startsAt: at(dayAhead(17), '09:00'), therapistId: therapist.id });
    // This caller's scope, learnt from a key of their own; then `key` is held as a request in flight.
    await book(t, bookingBody({ startsAt: at(dayAhead(17), '09:40'), therapistId: therapist.id }), { 'Idempotency-Key': `${key}-probe` }).expect(201);
    const [{ scope }] = await t.db.query('SELECT scope FROM idempotency_keys WHERE key = $1', [`${key}-probe`]);
    await t.db.query(`INSERT INTO idempotency_keys (scope, key, request_hash, state, claim_id, expires_at) VALUES ($1, $2, $3, 'in_progress', gen_random_uuid(), now() + interval '1 hour')`, [
      scope,
      key,
      requestHash(`POST ${API}/connection-calls`, body),
    ]);
    const res = await book(t, body, { 'Idempotency-Key': key }).expect(409);
    expect(res.body.type).toBe('/problems/idempotency-in-progress');
    expect(await t.db.query(`SELECT id FROM connection_calls WHERE therapist_id = $1`, [therapist.id])).toHaveLength(1);
  });

  it('forgets the key after an error answer, so a corrected retry proceeds; expired keys are overwritten', async () => {
    const therapist = await createBookableTherapist(t);
    const day = dayAhead(18);
    const key = newKey();
    const body = bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id });
    await book(t, { ...body, startsAt: at(day, '09:05') }, { 'Idempotency-Key': key }).expect(422);
    await book(t, body, { 'Idempotency-Key': key }).expect(201);
    await t.db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    const fresh = await book(t, { ...body, startsAt: at(day, '09:40') }, { 'Idempotency-Key': key }).expect(201);
    expect(fresh.headers['idempotency-replayed']).toBeUndefined();
  });

  it('keeps keys of different callers apart, and refuses a malformed key', async () => {
    const admin = await loginAs(t, await createAdmin(t));
    const apiKey = (await request(t.http).post(`${API}/api-keys`).set(admin.auth).send({ name: 'Widget', scopes: ['bookings:write'] }).expect(201)).body.key;
    const therapist = await createBookableTherapist(t);
    const day = dayAhead(19);
    const key = newKey();
    await book(t, bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id }), { 'Idempotency-Key': key }).expect(201);
    const byKey = await book(t, bookingBody({ startsAt: at(day, '09:40'), therapistId: therapist.id }), { 'Idempotency-Key': key, 'X-API-Key': apiKey }).expect(201);
    expect(byKey.headers['idempotency-replayed']).toBeUndefined();
    await book(t, bookingBody({ startsAt: at(day, '09:40'), therapistId: therapist.id }), { 'Idempotency-Key': 'x'.repeat(201) }).expect(400);
  });
});
