import request from 'supertest';
import { InvitationsService } from '../src/auth/invitations.service';
import { UserActor } from '../src/common/auth/roles';
import { tokenSentTo } from './account-mail';
import { createClient } from './clinic-factories';
import { createTherapist, uniqueEmail } from './factories';
import { useApp } from './use-app';

const PORTAL_PASSWORD = 'our garden in the fall';

describe('client portal invitations', () => {
  const t = useApp();
  let invitations: InvitationsService;
  let therapist: UserActor;
  beforeAll(async () => {
    invitations = t.app.get(InvitationsService);
    const user = await createTherapist(t);
    therapist = { kind: 'user', id: user.id, role: 'therapist' };
  });

  /** A client row for the invitation's foreign key (a bare id while the clients table does not exist yet). */
  const newClientId = async () => (await createClient(t, therapist)).id;

  /** The service call POST /clients/{id}/invitation makes, after its own access check. */
  async function invite(email = uniqueEmail('client'), clientId?: string) {
    const invitation = await t.db.transaction(async (tx) => invitations.invite(tx, therapist, { clientId: clientId ?? (await newClientId()), email }));
    return { ...invitation, email: email.toLowerCase(), token: await tokenSentTo(t, email) };
  }
  const accept = (token: string, password = PORTAL_PASSWORD) =>
    request(t.http).post('/api/v1/auth/invitations/accept').send({ token, password, displayName: 'Sam Rivera' });

  it('makes a single-use link and stores only the token hash', async () => {
    const email = uniqueEmail('Client').toUpperCase();
    const invitation = await invite(email);
    expect(invitation).toMatchObject({ id: expect.any(String), sentTo: `${email[0].toLowerCase()}***@clinic.test` });
    expect(invitation.token).toMatch(/^iv_[A-Za-z0-9_-]{43}$/);
    const days = (invitation.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const [row] = await t.db.query(`SELECT encode(token_hash, 'hex') AS hash FROM invitations WHERE id = $1`, [invitation.id]);
    expect(row.hash).toHaveLength(64);
    expect(row.hash).not.toContain(invitation.token);
  });

  it('creates a signed-in client account once, and never again from the same link', async () => {
    const invitation = await invite();
    const res = await accept(invitation.token).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', user: { email: invitation.email, role: 'client', displayName: 'Sam Rivera' } });
    await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    await request(t.http).post('/api/v1/auth/login').send({ email: invitation.email, password: PORTAL_PASSWORD }).expect(200);
    const [row] = await t.db.query('SELECT accepted_at, user_id FROM invitations WHERE id = $1', [invitation.id]);
    expect(row.accepted_at).not.toBeNull();
    expect(row.user_id).toBe(res.body.user.id);

    const again = await accept(invitation.token).expect(410);
    expect(again.body).toMatchObject({ type: '/problems/invitation-used', status: 410 });
    expect(again.body.detail).toMatch(/already been used/);
  });

  it('lets exactly one of two concurrent accepts through', async () => {
    const invitation = await invite();
    const results = await Promise.all([accept(invitation.token), accept(invitation.token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    expect(await t.db.query('SELECT 1 FROM users WHERE email = $1', [invitation.email])).toHaveLength(1);
  });

  it('refuses an expired invitation with 410 and creates no account', async () => {
    const invitation = await invite();
    await t.db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [invitation.id]);
    const res = await accept(invitation.token).expect(410);
    expect(res.body).toMatchObject({ type: '/problems/invitation-expired' });
    expect(res.body.detail).toMatch(/expired/);
    expect(await t.db.query('SELECT 1 FROM users WHERE email = $1', [invitation.email])).toEqual([]);
  });

  it('refuses an unknown token with 410', async () => {
    const res = await accept('iv_this-token-was-never-issued').expect(410);
    expect(res.body).toMatchObject({ type: '/problems/invitation-invalid' });
  });

  it('replaces an earlier unused invitation for the same client', async () => {
    const clientId = await newClientId();
    const first = await invite(uniqueEmail('client'), clientId);
    await invite(uniqueEmail('client'), clientId);
    await accept(first.token).expect(410);
  });

  it('answers 409 when the email already has an account', async () => {
    const existing = await createTherapist(t);
    const invitation = await invite(existing.email);
    const res = await accept(invitation.token).expect(409);
    expect(res.body).toMatchObject({ type: '/problems/email-taken' });
    const [row] = await t.db.query('SELECT accepted_at FROM invitations WHERE id = $1', [invitation.id]);
    expect(row.accepted_at).toBeNull();
  });

  it('asks for a password of at least 12 characters', async () => {
    const invitation = await invite();
    const res = await accept(invitation.token, 'short').expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
  });
});
