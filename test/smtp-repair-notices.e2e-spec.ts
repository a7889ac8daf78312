import { createCouple, createPortalUser } from './clinic-factories';
import { loginAs, uniqueEmail } from './factories';
import { recognizeRupture, reportRupture, startRepairAttempt } from './rupture-factories';
import { deliverTo, grantConsent, useSmtpInbox } from './smtp-mail';
import { useClinic } from './use-app';

const RUPTURE = 'Walked out of the kitchen when the in-laws were mentioned';
const REQUESTS = 'Please tell me before you invite your mother';

describe('partners nudged toward repair, delivered over SMTP', () => {
  const { inbox } = useSmtpInbox();
  const { t, w } = useClinic();

  /** A couple of the owner's whose partners use the portal and have email on record; `consenting` of them agreed to repair notices. */
  async function portalCouple(consenting: 0 | 1 | 2 = 2) {
    const couple = await createCouple(t, w.owner);
    const emails = [uniqueEmail('notice-a'), uniqueEmail('notice-b')];
    const auth = [];
    for (const [i, p] of couple.partners.entries()) {
      await t.db.query(`UPDATE clients SET email = $2 WHERE id = $1`, [p.id, emails[i]]);
      auth.push((await loginAs(t, await createPortalUser(t, p))).auth);
      if (i < consenting) await grantConsent(t, w.as.owner.auth, p.id, 'repair_notices');
    }
    return { couple, emails, auth };
  }

  const everything = () => inbox().received.map((m) => `${m.subject}\n${m.text}`).join('\n');

  it('tells the other partner and the therapist that something new waits, never what, when one partner records a rupture', async () => {
    const { couple, emails, auth } = await portalCouple();
    await reportRupture(t, auth[0], couple.id, { description: RUPTURE });
    await deliverTo(t, [...emails, w.owner.email]);

    expect(inbox().to(emails[0])).toEqual([]);
    const [partner] = inbox().to(emails[1]);
    expect(partner.subject).toBe('Something new is waiting in your portal');
    expect(partner.text).toContain('Your partner recorded something new in your shared client portal.');
    expect(partner.text).toMatch(/Sign in to see it: http\S+\/portal/);
    const [therapist] = inbox().to(w.owner.email);
    expect(therapist.subject).toBe('Something new in a couple’s repair record');
    // Greeted by their own name; the reporter is not named, nor anything they wrote.
    expect(partner.text).toContain(`Hello ${couple.partners[1].legalName},`);
    for (const secret of [RUPTURE, 'kitchen', 'in-laws', couple.partners[0].legalName]) expect(everything()).not.toContain(secret);
  });

  it('asks the other partner for their answer when a repair attempt is recorded', async () => {
    const { couple, emails, auth } = await portalCouple();
    const rupture = await reportRupture(t, w.as.owner.auth, couple.id, { description: RUPTURE });
    await recognizeRupture(t, auth[1], rupture.id).expect(201);
    await startRepairAttempt(t, auth[1], rupture.id, { approach: 'behaviour_change_request', requests: [REQUESTS] }).expect(201);
    await deliverTo(t, [...emails, w.owner.email]);

    // The therapist recorded the rupture in session: no notice for that; the attempt is for partner A to answer.
    expect(inbox().to(emails[1])).toEqual([]);
    expect(inbox().to(emails[0]).map((m) => m.subject)).toEqual(['Something is waiting for your answer in the portal']);
    expect(everything()).not.toContain(REQUESTS);
  });

  it('sends nothing unless both partners agreed, and withdraws what is pending when one withdraws', async () => {
    const half = await portalCouple(1);
    await reportRupture(t, half.auth[0], half.couple.id);
    const pendingTo = async (emails: string[]) =>
      (await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE event = 'repair.notice' AND payload->>'to' = ANY($1) AND withdrawn_at IS NULL`, [emails]))[0].n;
    expect(await pendingTo(half.emails)).toBe(0);

    const both = await portalCouple(2);
    await reportRupture(t, both.auth[1], both.couple.id);
    expect(await pendingTo([both.emails[0]])).toBe(1);
    await grantConsent(t, w.as.owner.auth, both.couple.partners[0].id, 'repair_notices', 'withdrawn');
    expect(await pendingTo([both.emails[0]])).toBe(0);
    await deliverTo(t, both.emails);
    expect(inbox().to(both.emails[0])).toEqual([]);
  });
});
