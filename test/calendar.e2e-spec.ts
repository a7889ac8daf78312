import ICAL from 'ical.js';
import request from 'supertest';
import { authOf, createClient } from './clinic-factories';
import { at, book, bookingBody, createBookableTherapist, dayAhead, tokenOf } from './booking-factories';
import { loginAs } from './factories';
import { API, bookSession, PLACE, slotIn } from './session-factories';
import { useClinic } from './use-app';

interface FeedEvent {
  uid: string;
  summary: string;
  start: number;
  end: number;
  location: string | null;
  properties: string[];
}

/** Parses with ical.js, a real iCalendar parser, and reads what a calendar app would. */
function parseFeed(text: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v);
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toJSDate().getTime(),
      end: event.endDate.toJSDate().getTime(),
      location: event.location ?? null,
      properties: v.getAllProperties().map((p) => p.name),
    };
  });
}

const feedPath = (url: string) => new URL(url).pathname;

describe('calendar feeds', () => {
  const { t, w } = useClinic();
  let couple: { id: string; startsAt: string; endsAt: string };
  let online: { id: string; startsAt: string };
  let recent: { id: string };
  let cancelled: { id: string };
  let otherPartnersOwn: { id: string };

  beforeAll(async () => {
    const owner = w.as.owner.auth;
    const slot = slotIn(48);
    couple = { id: (await bookSession(t, owner, { coupleId: w.couple.id, ...slot })).id, ...slot };
    const solo = await createClient(t, w.owner, { legal_name: 'Alexandra Marie-Tremblay' });
    const onlineSlot = slotIn(72);
    online = {
      id: (await bookSession(t, owner, { clientId: solo.id, modality: 'online', videoUrl: 'https://video.clinic.example/room/77', ...onlineSlot })).id,
      startsAt: onlineSlot.startsAt,
    };
    recent = await bookSession(t, owner, { coupleId: w.couple.id, ...slotIn(-24 * 10) });
    // Older than 30 days: not in feeds.
    await bookSession(t, owner, { coupleId: w.couple.id, ...slotIn(-24 * 60) });
    cancelled = await bookSession(t, owner, { coupleId: w.couple.id, ...slotIn(96) });
    await request(t.http).post(`${API}/sessions/${cancelled.id}/cancel`).set(owner).send({ reason: 'Partner in hospital', cancelledBy: 'client' }).expect(200);
    otherPartnersOwn = await bookSession(t, owner, { clientId: w.couple.partners[1].id, ...slotIn(120) });
    await request(t.http).post(`${API}/sessions/${recent.id}/notes`).set(owner).send({ text: 'Clinical detail that must never leave' }).expect(201);
  });

  it('gives a therapist a secret feed of their sessions with correct instants and no clinical detail', async () => {
    const created = await request(t.http).post(`${API}/calendar/feed`).set(w.as.owner.auth).expect(201);
    expect(created.body.url).toMatch(/\/api\/v1\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
    const res = await request(t.http).get(feedPath(created.body.url)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const events = parseFeed(res.text);
    const byUid = new Map(events.map((e) => [e.uid, e]));
    expect([...byUid.keys()].sort()).toEqual([couple.id, online.id, recent.id, otherPartnersOwn.id].map((id) => `session-${id}@clinic-api`).sort());
    const coupleEvent = byUid.get(`session-${couple.id}@clinic-api`)!;
    expect(coupleEvent).toMatchObject({ summary: 'Couple session', location: PLACE, start: new Date(couple.startsAt).getTime(), end: new Date(couple.endsAt).getTime() });
    const onlineEvent = byUid.get(`session-${online.id}@clinic-api`)!;
    expect(onlineEvent.summary).toBe('Session with A.M.T.');
    expect(onlineEvent.location).toBe('Online: https://video.clinic.example/room/77');
    expect(onlineEvent.start).toBe(new Date(online.startsAt).getTime());
    // Instants are written in UTC form.
    expect(res.text).toMatch(/DTSTART:\d{8}T\d{6}Z\r\n/);
    for (const e of events) expect(e.properties).not.toContain('description');
    for (const secret of ['Clinical detail', 'Partner in hospital', 'Alexandra', w.couple.partners[0].legalName]) expect(res.text).not.toContain(secret);

    // UIDs are stable from one fetch to the next.
    const again = parseFeed((await request(t.http).get(feedPath(created.body.url)).expect(200)).text);
    expect(again.map((e) => e.uid).sort()).toEqual(events.map((e) => e.uid).sort());

    const [event] = await t.db.query(`SELECT actor_id, resource_type FROM audit_events WHERE action = 'feed' AND actor_id = $1 ORDER BY seq DESC LIMIT 1`, [w.owner.id]);
    expect(event).toEqual({ actor_id: w.owner.id, resource_type: 'session' });
  });

  it('adds a therapist’s connection calls with initials and how, never the person’s message', async () => {
    const therapist = await createBookableTherapist(t, '09:00', '10:00');
    const day = dayAhead(3);
    const booked = await book(t, bookingBody({ name: 'Sam Rivera', startsAt: at(day, '09:20'), therapistId: therapist.id })).expect(201);
    const cancelledCall = await book(t, bookingBody({ startsAt: at(dayAhead(4), '09:20'), therapistId: therapist.id })).expect(201);
    await request(t.http).post(`${API}/connection-calls/manage/${tokenOf(cancelledCall.body.manageUrl)}/cancel`).expect(200);
    const session = await loginAs(t, therapist);
    const created = await request(t.http).post(`${API}/calendar/feed`).set(session.auth).expect(201);
    const res = await request(t.http).get(feedPath(created.body.url)).expect(200);
    expect(parseFeed(res.text)).toEqual([
      expect.objectContaining({
        uid: `connection-call-${booked.body.id}@clinic-api`,
        summary: 'Connection call with S.R.',
        location: 'Video call',
        start: new Date(at(day, '09:20')).getTime(),
        end: new Date(at(day, '09:40')).getTime(),
      }),
    ]);
    expect(res.text).not.toContain('chores');
  });

  it('gives a client their own sessions only, as “Therapy session” with the therapist’s name', async () => {
    const created = await request(t.http).post(`${API}/calendar/feed`).set(w.as.partner.auth).expect(201);
    const res = await request(t.http).get(feedPath(created.body.url)).expect(200);
    const events = parseFeed(res.text);
    expect(events.map((e) => e.uid).sort()).toEqual([couple.id, recent.id].map((id) => `session-${id}@clinic-api`).sort());
    const [{ display_name }] = await t.db.query(`SELECT display_name FROM users WHERE id = $1`, [w.owner.id]);
    for (const e of events) expect(e.summary).toBe(`Therapy session with ${display_name}`);
    expect(res.text).not.toContain(otherPartnersOwn.id);
  });

  it('rotates: the old address answers 404 at once, the new one works', async () => {
    const first = await request(t.http).post(`${API}/calendar/feed`).set(w.as.otherPartner.auth).expect(201);
    const second = await request(t.http).post(`${API}/calendar/feed`).set(w.as.otherPartner.auth).expect(201);
    expect(second.body.url).not.toBe(first.body.url);
    const gone = await request(t.http).get(feedPath(first.body.url)).expect(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(gone.body.type).toBe('/problems/not-found');
    const events = parseFeed((await request(t.http).get(feedPath(second.body.url)).expect(200)).text);
    expect(events.map((e) => e.uid)).toContain(`session-${otherPartnersOwn.id}@clinic-api`);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM calendar_feeds WHERE user_id = (SELECT portal_user_id FROM clients WHERE id = $1)`, [w.couple.partners[1].id]);
    expect(n).toBe(1);
  });

  it('answers 404 for unknown or malformed addresses', async () => {
    await request(t.http).get(`${API}/calendar/cal_${'A'.repeat(43)}.ics`).expect(404);
    await request(t.http).get(`${API}/calendar/whatever.ics`).expect(404);
    await request(t.http).get(`${API}/calendar/feed`).expect(404);
  });

  it.each([
    ['owner', 201],
    ['partner', 201],
    ['admin', 403],
    ['anonymous', 401],
  ] as const)('POST /calendar/feed as %s → %i', async (actor, status) => {
    await request(t.http).post(`${API}/calendar/feed`).set(authOf(w, actor)).expect(status);
  });
});
