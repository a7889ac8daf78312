import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { API, at, book, bookingBody, createBookableTherapist, dayAhead } from './booking-factories';
import { createAdmin, loginAs, uniqueEmail } from './factories';
import { useApp } from './use-app';

// Read at boot: small limits for this file only; TRUST_PROXY gives each test its own address.
process.env.BOOKING_RATE_PER_HOUR_PER_ADDRESS = '3';
process.env.BOOKING_RATE_PER_DAY_PER_EMAIL = '3';
process.env.BOOKING_MAX_OPEN_PER_EMAIL = '1';
process.env.TRUST_PROXY = 'true';

const newAddress = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

describe('booking abuse limits', () => {
  const t = useApp();

  // A start that is not a slot: the request is counted, then refused with 422.
  const offSlot = () => bookingBody({ startsAt: at(dayAhead(20), '03:17') });

  it('limits bookings per source address per hour (429 with Retry-After); a bookings:write key is exempt', async () => {
    const from = newAddress();
    for (let i = 0; i < 3; i++) await book(t, offSlot(), { 'X-Forwarded-For': from }).expect(422);
    const limited = await book(t, offSlot(), { 'X-Forwarded-For': from }).expect(429);
    expect(limited.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    await book(t, offSlot(), { 'X-Forwarded-For': newAddress() }).expect(422);
    const admin = await loginAs(t, await createAdmin(t));
    const key = (await request(t.http).post(`${API}/api-keys`).set(admin.auth).send({ name: 'Directory', scopes: ['bookings:write'] }).expect(201)).body.key;
    await book(t, offSlot(), { 'X-Forwarded-For': from, 'X-API-Key': key }).expect(422);
  });

  it('limits one requester’s booking attempts per email per day, whatever the case of the email, also for keys', async () => {
    const admin = await loginAs(t, await createAdmin(t));
    const key = (await request(t.http).post(`${API}/api-keys`).set(admin.auth).send({ name: 'Widget', scopes: ['bookings:write'] }).expect(201)).body.key;
    const email = uniqueEmail('busy.booker');
    for (let i = 0; i < 3; i++) await book(t, { ...offSlot(), email }, { 'X-API-Key': key }).expect(422);
    const limited = await book(t, { ...offSlot(), email: email.toUpperCase() }, { 'X-API-Key': key }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3600);
  });

  it('caps the open future bookings one requester holds for an email (409 with a clear message)', async () => {
    const therapist = await createBookableTherapist(t);
    const day = dayAhead(21);
    const email = uniqueEmail('eager');
    const from = newAddress();
    await book(t, bookingBody({ email, startsAt: at(day, '09:00'), therapistId: therapist.id }), { 'X-Forwarded-For': from }).expect(201);
    const res = await book(t, bookingBody({ email, startsAt: at(day, '09:40'), therapistId: therapist.id }), { 'X-Forwarded-For': from }).expect(409);
    expect(res.body).toMatchObject({ type: '/problems/too-many-open-bookings', detail: expect.stringMatching(/cancel one/) });
  });

  it('the public answer does not depend on what the email has booked; the person is told by email', async () => {
    const therapist = await createBookableTherapist(t);
    const day = dayAhead(22);
    const email = uniqueEmail('in.care');
    await book(t, bookingBody({ email, startsAt: at(day, '09:00'), therapistId: therapist.id }), { 'X-Forwarded-For': newAddress() }).expect(201);
    // A stranger probing the address gets the answer anyone gets: a booking, not "this email already has…".
    const probe = await book(t, bookingBody({ email, startsAt: at(day, '09:40'), therapistId: therapist.id }), { 'X-Forwarded-For': newAddress() });
    expect(probe.status).toBe(201);
    expect(JSON.stringify(probe.body)).not.toMatch(/already|upcoming/);
    // The owner of the address learns of every booking made in their name, with its cancel link.
    const mail: { payload: { to: string; manageUrl?: string; upcomingCalls?: number } }[] = await t.db.query(
      `SELECT payload FROM outbox_messages WHERE channel = 'email' AND payload->>'to' = $1 AND event = 'connection_call.booked' ORDER BY created_at`,
      [email],
    );
    expect(mail.map((m) => m.payload.upcomingCalls)).toEqual([1, 2]);
    expect(mail[1].payload.manageUrl).toBe(probe.body.manageUrl);
  });

  it('a stranger cannot use up the per-email limits of someone else', async () => {
    const email = uniqueEmail('targeted');
    const stranger = newAddress();
    for (let i = 0; i < 3; i++) await book(t, { ...offSlot(), email }, { 'X-Forwarded-For': stranger }).expect(422);
    await book(t, { ...offSlot(), email }, { 'X-Forwarded-For': stranger }).expect(429);
    // The person themself, from their own address, is not limited by the stranger's attempts.
    await book(t, { ...offSlot(), email }, { 'X-Forwarded-For': newAddress() }).expect(422);
  });
});
