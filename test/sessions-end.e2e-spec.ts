import request from 'supertest';
import { createAdmin, createTherapist, loginAs } from './factories';
import { useApp } from './use-app';

const API = '/api/v1';

describe('sign-ins that end', () => {
  const t = useApp();

  const me = (accessToken: string) => request(t.http).get(`${API}/auth/me`).set('Authorization', `Bearer ${accessToken}`);
  const refresh = (refreshToken: string) => request(t.http).post(`${API}/auth/refresh`).send({ refreshToken });

  it('refuses the access token of a signed-out sign-in on its next request, and only that sign-in', async () => {
    const therapist = await createTherapist(t);
    const [ending, other] = [await loginAs(t, therapist), await loginAs(t, therapist)];
    await me(ending.accessToken).expect(200);
    await request(t.http).post(`${API}/auth/logout`).send({ refreshToken: ending.refreshToken }).expect(204);
    await me(ending.accessToken).expect(401);
    await me(other.accessToken).expect(200);
  });

  it('refuses a deactivated user\'s access token on its next request', async () => {
    const therapist = await createTherapist(t);
    const session = await loginAs(t, therapist);
    const admin = await loginAs(t, await createAdmin(t));
    await request(t.http).patch(`${API}/users/${therapist.id}`).set(admin.auth).send({ active: false }).expect(200);
    await me(session.accessToken).expect(401);
  });

  it('gives two concurrent refreshes of one token (two tabs) the same new pair', async () => {
    const session = await loginAs(t, await createTherapist(t));
    const [a, b] = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.refreshToken).toBe(a.body.refreshToken);
    expect(b.body.accessToken).toBe(a.body.accessToken);
    await me(a.body.accessToken).expect(200);
    // The pair works on: its refresh token rotates normally.
    await refresh(a.body.refreshToken).expect(200);
  });

  it('still revokes the whole sign-in when a used token comes back after the grace period', async () => {
    const session = await loginAs(t, await createTherapist(t));
    const rotated = await refresh(session.refreshToken).expect(200);
    // As if the grace period had passed: the first use is moved into the past.
    await t.db.query(`UPDATE refresh_tokens SET used_at = used_at - interval '1 hour' WHERE used_at IS NOT NULL AND family_id IN (SELECT family_id FROM refresh_tokens WHERE user_id = (SELECT id FROM users WHERE id = $1))`, [rotated.body.user.id]);
    await refresh(session.refreshToken).expect(401);
    await refresh(rotated.body.refreshToken).expect(401);
    await me(rotated.body.accessToken).expect(401);
  });
});
