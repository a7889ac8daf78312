import { DateTime } from 'luxon';
import request from 'supertest';
import { tokenSentTo } from '../account-mail';
import { TestApp } from '../app';
import { createClient, createPortalUser, TestClient, World } from '../clinic-factories';
import { createUser, loginAs, uniqueEmail } from '../factories';
import { API, futureSlot, pastSlot, PLACE, ZONE } from '../session-factories';

/** Everyone the security tests call as: the people of a world, anonymous, and a key of each scope. */
export const ACTORS = ['anonymous', 'owner', 'otherTherapist', 'partner', 'otherClient', 'admin', 'keyBookings', 'keyReports'] as const;
export type SecurityActor = (typeof ACTORS)[number];

export interface Keys {
  bookings: { id: string; key: string };
  reports: { id: string; key: string };
}

export function headersOf(world: World, keys: Keys, actor: SecurityActor): Record<string, string> {
  switch (actor) {
    case 'anonymous':
      return {};
    case 'keyBookings':
      return { 'X-API-Key': keys.bookings.key };
    case 'keyReports':
      return { 'X-API-Key': keys.reports.key };
    case 'otherClient':
      return world.as.otherCouplePartner.auth;
    default:
      return world.as[actor].auth;
  }
}

export async function createKey(t: TestApp, admin: Record<string, string>, scopes: string[]): Promise<{ id: string; key: string }> {
  const res = await request(t.http).post(`${API}/api-keys`).set(admin).send({ name: `Security test ${scopes.join(' ')}`, scopes }).expect(201);
  return { id: res.body.id, key: res.body.key };
}

/** Every day 09:00–10:00 in the clinic's zone: three connection-call slots a day. */
export const WEEK = { windows: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '10:00' })) };

/**
 * Hands out connection-call slots of one therapist that nobody else books: 09:00 and 09:40 (the
 * 10-minute buffer rules out 09:20 next to either) from two days ahead up to the horizon.
 */
export function slotDispenser(): () => string {
  let n = 0;
  return () => {
    const day = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 2 + Math.floor(n / 2) });
    const start = day.set({ hour: 9, minute: (n % 2) * 40 });
    n++;
    if (day.diff(DateTime.now().setZone(ZONE), 'days').days > 28) throw new Error('out of connection-call slots');
    return start.toISO({ suppressMilliseconds: true }) as string;
  };
}

let timeOffDays = 0;
/** A day of time off far in the future, one new day per call (no session or call is there). */
export function timeOffRange(): { startsAt: string; endsAt: string } {
  const start = DateTime.fromObject({ year: 2034, month: 3, day: 1, hour: 8 }, { zone: ZONE }).plus({ days: timeOffDays++ });
  return { startsAt: start.toISO()!, endsAt: start.plus({ hours: 4 }).toISO()! };
}

export interface Fixture {
  client: TestClient;
  sessionId: string;
  ruptureId: string;
  attemptId: string;
  callId: string;
  manageToken: string;
  timeOffId: string;
  consentId: string;
  apiKeyId: string;
  webhookId: string;
  calendarFile: string;
  outcomeAssignmentId: string;
  /** The partner's own response to it. */
  outcomeResponseId: string;
}

export const bookingOf = (startsAt: string, therapistId: string) => ({
  name: 'Sam Rivera',
  email: uniqueEmail('booker'),
  phone: '+14165550123',
  modality: 'video',
  startsAt,
  therapistId,
  message: 'We keep having the same argument about chores.',
  consentToContact: true,
  inOntario: true,
});

/** Small builders of fresh records owned by the world's first therapist and couple. */
export function builders(t: TestApp, w: World, nextSlot: () => string) {
  const owner = w.as.owner.auth;
  const post = (path: string, auth: Record<string, string>, body: object, status: number) =>
    request(t.http).post(`${API}${path}`).set(auth).send(body).expect(status).then((r) => r.body);
  const b = {
    session: async (slot = futureSlot(), coupleId = w.couple.id) =>
      (await post('/sessions', owner, { coupleId, modality: 'in_person', location: PLACE, ...slot }, 201)).sessions[0].id as string,
    pastSession: () => b.session(pastSlot()),
    rupture: async () => (await post(`/couples/${w.couple.id}/ruptures`, owner, { occurredAt: '2026-01-05T08:15:00-05:00', description: 'A missed bid.', severity: 'minor', kind: 'missed_bid', themes: ['mornings'] }, 201)).id as string,
    recognizedRupture: async () => {
      const id = await b.rupture();
      await post(`/ruptures/${id}/recognition`, owner, { statement: 'Something happened between us.' }, 201);
      return id;
    },
    ruptureWithAttempt: async () => {
      const id = await b.recognizedRupture();
      const body = await post(`/ruptures/${id}/repair-attempts`, owner, { approach: 'apology', initiatorClientId: w.couple.partners[0].id }, 201);
      return { id, attemptId: body.attempts[body.attempts.length - 1].id as string };
    },
    call: async () => {
      const body = await post('/connection-calls', {}, bookingOf(nextSlot(), w.owner.id), 201);
      return { id: body.id as string, token: (body.manageUrl as string).split('/').pop() as string };
    },
    timeOff: async () => (await post(`/therapists/${w.owner.id}/time-off`, owner, { ...timeOffRange(), reason: 'Training' }, 201)).id as string,
    apiKey: async () => (await createKey(t, w.as.admin.auth, ['reports:read'])).id,
    webhook: async () => (await post('/webhooks', w.as.admin.auth, { url: 'http://127.0.0.1:9/hooks', events: ['connection_call.booked'] }, 201)).id as string,
    /** A fresh couple of two fresh clients, seen by the owner. */
    couple: async () => {
      const [a, c] = [await createClient(t, { id: w.owner.id }), await createClient(t, { id: w.owner.id })];
      const [row]: { id: string }[] = await t.db.query(
        `INSERT INTO couples (partner_a_id, partner_b_id, therapist_id, started_on) VALUES ($1, $2, $3, current_date) RETURNING id`,
        [a.id, c.id, w.owner.id],
      );
      return row.id;
    },
    /** A client on the owner's caseload with an email, no portal account and no couple. */
    client: () => createClient(t, { id: w.owner.id }, { email: uniqueEmail('client') }),
    invitationToken: async () => {
      const email = uniqueEmail('invitee');
      const client = await createClient(t, { id: w.owner.id }, { email });
      await post(`/clients/${client.id}/invitation`, owner, {}, 201);
      return tokenSentTo(t, email);
    },
    resetToken: async () => {
      const user = await createUser(t, 'therapist');
      await request(t.http).post(`${API}/auth/password-reset/request`).send({ email: user.email }).expect(202);
      return tokenSentTo(t, user.email, 'account.password_reset');
    },
    refreshToken: async () => {
      const user = await createUser(t, 'therapist');
      return (await loginAs(t, user)).refreshToken;
    },
    /** A client whose retention period is over: born 1940, recorded in 2010 and not seen since. */
    purgeableClient: () => createClient(t, { id: w.owner.id }, { date_of_birth: '1940-02-01', created_at: '2010-01-01T00:00:00Z' }),
    outcomeAssignment: async () => (await post(`/couples/${w.couple.id}/outcome-assignments`, owner, { instrument: 'csi-4', schedule: 'once' }, 201)).id as string,
    portalClient: async () => {
      const c = await createClient(t, { id: w.owner.id });
      await createPortalUser(t, c);
      return c;
    },
  };
  return b;
}

export async function buildFixture(t: TestApp, w: World, nextSlot: () => string): Promise<Fixture> {
  const b = builders(t, w, nextSlot);
  await t.db.query('DELETE FROM availability_windows WHERE therapist_id = $1', [w.owner.id]);
  await request(t.http).put(`${API}/therapists/${w.owner.id}/availability`).set(w.as.owner.auth).send(WEEK).expect(200);
  const sessionId = await b.session();
  await request(t.http).post(`${API}/sessions/${sessionId}/notes`).set(w.as.owner.auth).send({ text: 'First session: mirroring practised.' }).expect(201);
  const { id: ruptureId, attemptId } = await b.ruptureWithAttempt();
  const call = await b.call();
  const consent = await request(t.http)
    .post(`${API}/clients/${w.couple.partners[0].id}/consents`)
    .set(w.as.owner.auth)
    .send({ purpose: 'treatment', decision: 'granted' })
    .expect(201);
  const feed = await request(t.http).post(`${API}/calendar/feed`).set(w.as.owner.auth).expect(201);
  const outcomeAssignmentId = await b.outcomeAssignment();
  const outcomeResponse = await request(t.http)
    .post(`${API}/outcome-assignments/${outcomeAssignmentId}/responses`)
    .set(w.as.partner.auth)
    .send({ answers: { '1': 3, '2': 3, '3': 2, '4': 4 } })
    .expect(201);
  return {
    outcomeAssignmentId,
    outcomeResponseId: outcomeResponse.body.id,
    client: w.couple.partners[0],
    sessionId,
    ruptureId,
    attemptId,
    callId: call.id,
    manageToken: call.token,
    timeOffId: await b.timeOff(),
    consentId: consent.body.id,
    apiKeyId: await b.apiKey(),
    webhookId: await b.webhook(),
    calendarFile: (feed.body.url as string).split('/').pop() as string,
  };
}
