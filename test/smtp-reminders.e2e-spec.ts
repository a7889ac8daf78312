import { DateTime } from 'luxon';
import request from 'supertest';
import { bootApp, TestApp } from './app';
import { createCouple } from './clinic-factories';
import { uniqueEmail } from './factories';
import { reportRupture } from './rupture-factories';
import { API, bookSession, futureSlot, ZONE } from './session-factories';
import { calendarEvents, CLINIC, deliverDue, grantConsent, pendingAbout, useSmtpInbox } from './smtp-mail';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { useClinic } from './use-app';

const HOUR = 3_600_000;
const VIDEO = 'https://video.clinic.example/room/riverside-7421';
const NOTE = 'Discussed the affair and the diagnosis of depression';
const RUPTURE = 'He left the dinner without a word after the phone call';

describe('therapy-session reminders, delivered over SMTP', () => {
  const { inbox } = useSmtpInbox();
  const { t, w } = useClinic();

  /** A couple on the owner's caseload whose partners have email addresses; `consenting` of them agreed to reminders. */
  async function coupleWithEmail(consenting: 0 | 1 | 2 = 2) {
    const couple = await createCouple(t, w.owner);
    const emails = [uniqueEmail('partner-a'), uniqueEmail('partner-b')];
    for (const [i, p] of couple.partners.entries()) await t.db.query(`UPDATE clients SET email = $2 WHERE id = $1`, [p.id, emails[i]]);
    for (const p of couple.partners.slice(0, consenting)) await grantConsent(t, w.as.owner.auth, p.id, 'reminders');
    return { couple, emails };
  }

  const planned = (sessionId: string) =>
    t.db.query(
      `SELECT payload->>'to' AS to, available_at, not_after, withdrawn_at, delivered_at, last_error FROM outbox_messages
        WHERE subject_id = $1 AND event = 'session.reminder' ORDER BY available_at, payload->>'to'`,
      [sessionId],
    ) as Promise<{ to: string; available_at: Date; not_after: Date; withdrawn_at: Date | null; delivered_at: Date | null; last_error: string | null }[]>;

  it('reminds both partners 48 h and 2 h before, with the time, the link, the clinic’s contact and an .ics; no clinical detail', async () => {
    const { couple, emails } = await coupleWithEmail();
    const slot = futureSlot(14);
    const session = await bookSession(t, w.as.owner.auth, { coupleId: couple.id, ...slot, modality: 'online', videoUrl: VIDEO });
    await request(t.http).post(`${API}/sessions/${session.id}/notes`).set(w.as.owner.auth).send({ text: NOTE }).expect(201);
    const start = new Date(slot.startsAt);

    const plan = await planned(session.id);
    expect(plan).toHaveLength(4);
    expect(plan.map((r) => [r.to, r.available_at.getTime(), r.not_after.getTime()])).toEqual(
      [...[...emails].sort().map((to) => [to, start.getTime() - 48 * HOUR, start.getTime()]), ...[...emails].sort().map((to) => [to, start.getTime() - 2 * HOUR, start.getTime()])],
    );

    await deliverDue(t, [session.id]);
    for (const to of emails) {
      const mail = inbox().to(to);
      expect(mail).toHaveLength(2);
      const [first] = mail;
      const local = DateTime.fromISO(slot.startsAt, { zone: ZONE });
      expect(first.subject).toBe(`Reminder: your session with ${session.therapistName as string} on ${local.toFormat('cccc, LLLL d')} at 2:00 PM`);
      expect(first.text).toContain(`When: ${local.toFormat('cccc, LLLL d, yyyy')}, 2:00 PM to 3:00 PM E`);
      expect(first.text).toContain(`Online, by video: ${VIDEO}`);
      expect(first.text).toContain(`call ${CLINIC.phone} or write to ${CLINIC.email}`);
      expect(first.text).toContain('together with your partner');
      for (const secret of [NOTE, 'affair', 'diagnosis', 'depression']) expect(first.text).not.toContain(secret);
      expect(first.attachments).toHaveLength(1);
      expect(first.attachments[0]).toMatchObject({ filename: 'session.ics', contentType: 'text/calendar' });
      expect(calendarEvents(first.attachments[0].content)).toEqual([
        { uid: `session-${session.id}@clinic-api`, summary: `Therapy session with ${session.therapistName as string}`, start: start.toISOString(), end: new Date(slot.endsAt).toISOString(), location: `Online: ${VIDEO}`, url: VIDEO },
      ]);
      expect(first.attachments[0].content).not.toContain('affair');
    }
    // Delivered: the video link is not kept in the outbox.
    const stored = await t.db.query(`SELECT payload FROM outbox_messages WHERE subject_id = $1`, [session.id]);
    expect(stored.every((r: { payload: Record<string, unknown> }) => r.payload.videoUrl === undefined)).toBe(true);
  });

  it('sends nothing to a client who did not agree to reminders, nor to one with no email', async () => {
    const { couple, emails } = await coupleWithEmail(1);
    const session = await bookSession(t, w.as.owner.auth, { coupleId: couple.id, ...futureSlot(11) });
    expect((await planned(session.id)).map((r) => r.to)).toEqual([emails[0], emails[0]]);
    const { couple: silent } = await coupleWithEmail(0);
    const none = await bookSession(t, w.as.owner.auth, { coupleId: silent.id, ...futureSlot(11) });
    expect(await planned(none.id)).toEqual([]);
  });

  it('re-plans a moved session, withdraws a cancelled one, and never sends what was withdrawn', async () => {
    const { couple, emails } = await coupleWithEmail();
    const first = futureSlot(9);
    const session = await bookSession(t, w.as.owner.auth, { coupleId: couple.id, ...first });
    const later = futureSlot(16);
    await request(t.http).patch(`${API}/sessions/${session.id}`).set(w.as.owner.auth).send(later).expect(200);

    const plan = await planned(session.id);
    const withdrawn = plan.filter((r) => r.withdrawn_at);
    const pending = plan.filter((r) => !r.withdrawn_at);
    expect(withdrawn).toHaveLength(4);
    expect(withdrawn.every((r) => r.last_error === 'withdrawn: session changed' && r.not_after.getTime() === Date.parse(first.startsAt))).toBe(true);
    expect(pending.map((r) => r.not_after.getTime())).toEqual(Array(4).fill(Date.parse(later.startsAt)));

    // Moved back to its first time: planned again, not swallowed by the first plan's keys.
    await request(t.http).patch(`${API}/sessions/${session.id}`).set(w.as.owner.auth).send(first).expect(200);
    expect((await planned(session.id)).filter((r) => !r.withdrawn_at).map((r) => r.not_after.getTime())).toEqual(Array(4).fill(Date.parse(first.startsAt)));

    await request(t.http).post(`${API}/sessions/${session.id}/cancel`).set(w.as.owner.auth).send({ cancelledBy: 'client', reason: 'Travelling' }).expect(200);
    expect(await pendingAbout(t, [session.id])).toEqual([]);
    expect((await planned(session.id)).filter((r) => r.last_error === 'withdrawn: session cancelled')).toHaveLength(4);

    await t.app.get(OutboxWorker).drain();
    for (const to of emails) expect(inbox().to(to)).toEqual([]);
  });

  it('withdraws a client’s pending reminders when they withdraw consent, and plans them when they grant it', async () => {
    const { couple, emails } = await coupleWithEmail(1);
    const session = await bookSession(t, w.as.owner.auth, { coupleId: couple.id, ...futureSlot(13) });
    await grantConsent(t, w.as.owner.auth, couple.partners[1].id, 'reminders');
    expect((await planned(session.id)).map((r) => r.to).sort()).toEqual([emails[0], emails[0], emails[1], emails[1]].sort());

    await grantConsent(t, w.as.owner.auth, couple.partners[0].id, 'reminders', 'withdrawn');
    const plan = await planned(session.id);
    expect(plan.filter((r) => r.withdrawn_at).map((r) => [r.to, r.last_error])).toEqual([
      [emails[0], 'withdrawn: consent withdrawn'],
      [emails[0], 'withdrawn: consent withdrawn'],
    ]);
    await deliverDue(t, [session.id]);
    expect(inbox().to(emails[0])).toEqual([]);
    expect(inbox().to(emails[1])).toHaveLength(2);
  });

  it('sends a reminder due while the API was down late, only while its session has not started', async () => {
    const { couple, emails } = await coupleWithEmail(1);
    const session = await bookSession(t, w.as.owner.auth, { coupleId: couple.id, ...futureSlot(15) });
    const [early, late] = await pendingAbout(t, [session.id]);
    // One was due an hour ago and its session is still ahead; the other's session started a minute ago.
    await t.db.query(`UPDATE outbox_messages SET available_at = now() - interval '1 hour' WHERE id = $1`, [early]);
    await t.db.query(`UPDATE outbox_messages SET available_at = now() - interval '3 hours', not_after = now() - interval '1 minute' WHERE id = $1`, [late]);
    await t.app.get(OutboxWorker).drain({ messageIds: [early, late] });
    expect(inbox().to(emails[0])).toHaveLength(1);
    const [settled] = await t.db.query(`SELECT delivered_at, withdrawn_at FROM outbox_messages WHERE id = $1`, [late]);
    expect(settled.delivered_at).toBeNull();
    expect(settled.withdrawn_at).not.toBeNull();
  });

  it('keeps a rupture’s text out of every reminder of the couple', async () => {
    const couple = w.couple;
    for (const [i, p] of couple.partners.entries()) await t.db.query(`UPDATE clients SET email = $2 WHERE id = $1`, [p.id, uniqueEmail(`world-${i}`)]);
    await grantConsent(t, w.as.owner.auth, couple.partners[0].id, 'reminders');
    await reportRupture(t, w.as.partner.auth, couple.id, { description: RUPTURE });
    const session = await bookSession(t, w.as.owner.auth, { coupleId: couple.id, ...futureSlot(10) });
    const [row] = await t.db.query(`SELECT email FROM clients WHERE id = $1`, [couple.partners[0].id]);
    await deliverDue(t, [session.id]);
    const mail = inbox().to(row.email);
    expect(mail).toHaveLength(2);
    for (const m of mail) for (const secret of [RUPTURE, 'dinner', 'phone call']) expect(m.text + m.attachments.map((a) => a.content).join('')).not.toContain(secret);
  });

  describe('with two API processes draining at once', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await bootApp();
    });
    afterAll(() => second.close());

    it('delivers each reminder once', async () => {
      const addresses: string[] = [];
      const sessions: string[] = [];
      for (let i = 0; i < 5; i++) {
        const { couple, emails } = await coupleWithEmail();
        addresses.push(...emails);
        sessions.push((await bookSession(t, w.as.owner.auth, { coupleId: couple.id, ...futureSlot(12) })).id);
      }
      const ids = await pendingAbout(t, sessions);
      expect(ids).toHaveLength(20);
      const before = inbox().received.length;
      await t.db.query(`UPDATE outbox_messages SET available_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
      await Promise.all([t.app.get(OutboxWorker).drain({ messageIds: ids }), second.app.get(OutboxWorker).drain({ messageIds: ids })]);

      expect(inbox().received.length - before).toBe(20);
      const delivered = await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE id = ANY($1::uuid[]) AND delivered_at IS NOT NULL AND attempts = 1`, [ids]);
      expect(delivered).toEqual([{ n: 20 }]);
      for (const to of addresses) expect(inbox().to(to)).toHaveLength(2);
    });
  });
});
