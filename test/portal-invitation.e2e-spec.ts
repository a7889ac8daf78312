import request from 'supertest';
import { emailsTo, tokenSentTo } from './account-mail';
import { createClient } from './clinic-factories';
import { createAdmin, loginAs, Session, TestUser, uniqueEmail } from './factories';
import { useClinic } from './use-app';

const API = '/api/v1';

describe('staff can never become a client (the portal invitation)', () => {
  const { t, w } = useClinic();
  let staff: Record<'owner' | 'admin', { user: TestUser; session: Session }>;
  beforeAll(async () => {
    const admin = await createAdmin(t);
    staff = { owner: { user: w.owner, session: w.as.owner }, admin: { user: admin, session: await loginAs(t, admin) } };
  });

  const accept = (token: string) =>
    request(t.http).post(`${API}/auth/invitations/accept`).send({ token, password: 'a long portal password', displayName: 'Someone' });

  it.each(['owner', 'admin'] as const)('gives the %s neither the token nor the link, and refuses another address', async (who) => {
    const clientEmail = uniqueEmail('record');
    const client = await createClient(t, w.owner, { email: clientEmail });
    // The attack: invite to an address the staff member reads, then accept it themselves.
    const { user, session } = staff[who];
    const redirected = await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(session.auth).send({ email: user.email }).expect(400);
    expect(redirected.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    expect(await emailsTo(t, user.email)).toEqual([]);

    const res = await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(session.auth).send({}).expect(201);
    expect(JSON.stringify(res.body)).not.toMatch(/iv_|token|accept-invitation/);
    expect(res.body).toEqual({ id: expect.any(String), sentTo: `${clientEmail[0]}***@clinic.test`, expiresAt: expect.any(String) });
    // Only the client's own mailbox gets the link, and it works there.
    const token = await tokenSentTo(t, clientEmail);
    const accepted = await accept(token).expect(200);
    expect(accepted.body.user).toMatchObject({ email: clientEmail, role: 'client' });
    expect((await emailsTo(t, clientEmail)).map((m) => m.event)).toEqual(['portal.invitation', 'portal.account_created']);
  });

  it('treats a new address as a change of the record: audited, the old address told, the old link ended', async () => {
    const before = uniqueEmail('old');
    const after = uniqueEmail('new');
    const client = await createClient(t, w.owner, { email: before });
    await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(w.as.owner.auth).send({}).expect(201);
    const oldToken = await tokenSentTo(t, before);

    await request(t.http).patch(`${API}/clients/${client.id}`).set(w.as.owner.auth).send({ email: after }).expect(200);
    const notice = (await emailsTo(t, before)).pop();
    expect(notice).toMatchObject({ event: 'client.email_changed', payload: { to: before } });
    expect(JSON.stringify(notice)).not.toContain(after);
    const [audit] = await t.db.query(`SELECT action FROM audit_events WHERE resource_id = $1 AND action = 'update'`, [client.id]);
    expect(audit).toBeDefined();
    await accept(oldToken).expect(410);

    await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(w.as.owner.auth).send({}).expect(201);
    await accept(await tokenSentTo(t, after)).expect(200);
  });

  it('asks for an email on the record when it has none', async () => {
    const client = await createClient(t, w.owner);
    const res = await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(w.as.owner.auth).send({}).expect(422);
    expect(res.body.type).toBe('/problems/client-email-missing');
  });

  it('lets no admin create a client-role account directly', async () => {
    const res = await request(t.http)
      .post(`${API}/users`)
      .set(w.as.admin.auth)
      .send({ email: uniqueEmail('direct'), role: 'client', displayName: 'Direct', password: 'a long enough password' })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);
  });
});
