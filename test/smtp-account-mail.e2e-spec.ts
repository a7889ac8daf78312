import request from 'supertest';
import { createClient } from './clinic-factories';
import { createTherapist, uniqueEmail } from './factories';
import { CLINIC, deliverTo, useSmtpInbox } from './smtp-mail';
import { useClinic } from './use-app';

const API = '/api/v1';

/** The token in the private link of a delivered email, as its reader would follow it. */
const tokenIn = (text: string) => /#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

describe('account mail, delivered over SMTP', () => {
  const { inbox } = useSmtpInbox();
  const { t, w } = useClinic();

  it('delivers the portal invitation whose link opens the account, then the account-created notice', async () => {
    const email = uniqueEmail('invited');
    const client = await createClient(t, w.owner, { email });
    await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(w.as.owner.auth).send({}).expect(201);
    await deliverTo(t, [email]);

    const [invitation] = inbox().to(email);
    expect(invitation.subject).toBe(`${CLINIC.name} invites you to its client portal`);
    expect(invitation.text).toContain('/portal/accept-invitation#token=iv_');
    expect(invitation.text).toMatch(/The link works once, until \w+day, \w+ \d+, \d{4} at \d+:\d\d [AP]M E[SD]T\./);
    expect(invitation.text).toContain(`call ${CLINIC.phone} or write to ${CLINIC.email}`);
    expect(invitation.text).toContain(`— ${CLINIC.name}`);

    const accepted = await request(t.http)
      .post(`${API}/auth/invitations/accept`)
      .send({ token: tokenIn(invitation.text), password: 'a long portal password', displayName: 'Robin' })
      .expect(200);
    expect(accepted.body.user).toMatchObject({ email, role: 'client' });
    await deliverTo(t, [email]);
    expect(inbox().to(email).map((m) => m.subject)).toEqual([invitation.subject, 'Your client portal account is ready']);
    const stored = await t.db.query(`SELECT payload FROM outbox_messages WHERE payload->>'to' = $1`, [email]);
    expect(stored.every((r: { payload: Record<string, unknown> }) => r.payload.acceptUrl === undefined)).toBe(true);
  });

  it('delivers a password reset whose link sets the new password', async () => {
    const therapist = await createTherapist(t);
    await request(t.http).post(`${API}/auth/password-reset/request`).send({ email: therapist.email }).expect(202);
    await deliverTo(t, [therapist.email]);
    const [reset] = inbox().to(therapist.email);
    expect(reset.subject).toBe('Reset your password');
    expect(reset.text).toContain('/reset-password#token=');
    expect(reset.text).toContain('If you did not ask for it, ignore this email');

    const newPassword = 'a brand new password 42';
    await request(t.http).post(`${API}/auth/password-reset`).send({ token: tokenIn(reset.text), newPassword }).expect(204);
    await request(t.http).post(`${API}/auth/login`).send({ email: therapist.email, password: newPassword }).expect(200);
  });

  it('tells the old address that the record’s email changed, without naming the new one', async () => {
    const before = uniqueEmail('old');
    const after = uniqueEmail('new');
    const client = await createClient(t, w.owner, { email: before });
    await request(t.http).patch(`${API}/clients/${client.id}`).set(w.as.owner.auth).send({ email: after }).expect(200);
    await deliverTo(t, [before, after]);
    const [notice] = inbox().to(before);
    expect(notice.subject).toBe(`Your email address at ${CLINIC.name} was changed`);
    expect(notice.text).toContain(`If you did not ask for this, call ${CLINIC.phone}`);
    expect(notice.text).not.toContain(after);
    expect(inbox().to(after)).toEqual([]);
  });
});
