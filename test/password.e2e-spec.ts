import request from 'supertest';
import { emailsTo, tokenSentTo } from './account-mail';
import { createTherapist, loginAs, PASSWORD, uniqueEmail } from './factories';
import { useApp } from './use-app';

const API = '/api/v1';
const NEW_PASSWORD = 'a brand new password 789';

describe('password change and reset', () => {
  const t = useApp();

  const me = (accessToken: string) => request(t.http).get(`${API}/auth/me`).set('Authorization', `Bearer ${accessToken}`);
  const login = (email: string, password: string) => request(t.http).post(`${API}/auth/login`).send({ email, password });
  const requestReset = (email: string) => request(t.http).post(`${API}/auth/password-reset/request`).send({ email });
  const reset = (token: string, newPassword = NEW_PASSWORD) => request(t.http).post(`${API}/auth/password-reset`).send({ token, newPassword });

  it('changes the password of the signed-in user and ends every other sign-in', async () => {
    const therapist = await createTherapist(t);
    const [here, elsewhere] = [await loginAs(t, therapist), await loginAs(t, therapist)];
    const change = (currentPassword: string) => request(t.http).post(`${API}/auth/password`).set(here.auth).send({ currentPassword, newPassword: NEW_PASSWORD });
    const wrong = await change('not the current password').expect(422);
    expect(wrong.body.type).toBe('/problems/wrong-password');
    await change(PASSWORD).expect(204);
    await me(elsewhere.accessToken).expect(401);
    await request(t.http).post(`${API}/auth/refresh`).send({ refreshToken: elsewhere.refreshToken }).expect(401);
    await me(here.accessToken).expect(200);
    await login(therapist.email, PASSWORD).expect(401);
    await login(therapist.email, NEW_PASSWORD).expect(200);
  });

  it('refuses a short new password, naming the field', async () => {
    const session = await loginAs(t, await createTherapist(t));
    const res = await request(t.http).post(`${API}/auth/password`).set(session.auth).send({ currentPassword: PASSWORD, newPassword: 'short' }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'newPassword' })]);
  });

  it('answers a reset request the same whether or not the email has an account', async () => {
    const therapist = await createTherapist(t);
    const known = await requestReset(therapist.email).expect(202);
    const unknown = await requestReset(uniqueEmail('nobody')).expect(202);
    expect(unknown.body).toEqual(known.body);
    expect((await emailsTo(t, therapist.email)).map((m) => m.event)).toEqual(['account.password_reset']);
    const [row] = await t.db.query(`SELECT encode(token_hash, 'hex') AS hash FROM password_resets WHERE user_id = $1`, [therapist.id]);
    expect(row.hash).not.toContain(await tokenSentTo(t, therapist.email, 'account.password_reset'));
  });

  it('resets the password once with the emailed token and ends every sign-in', async () => {
    const therapist = await createTherapist(t);
    const session = await loginAs(t, therapist);
    await requestReset(therapist.email.toUpperCase()).expect(202);
    const token = await tokenSentTo(t, therapist.email, 'account.password_reset');
    expect(token).toMatch(/^pr_/);
    await reset(token).expect(204);
    await me(session.accessToken).expect(401);
    await login(therapist.email, NEW_PASSWORD).expect(200);
    const again = await reset(token, 'yet another password 000').expect(410);
    expect(again.body.type).toBe('/problems/reset-used');
  });

  it('refuses an expired or unknown reset token', async () => {
    const therapist = await createTherapist(t);
    await requestReset(therapist.email).expect(202);
    const token = await tokenSentTo(t, therapist.email, 'account.password_reset');
    await t.db.query(`UPDATE password_resets SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [therapist.id]);
    expect((await reset(token).expect(410)).body.type).toBe('/problems/reset-expired');
    expect((await reset('pr_never-issued').expect(410)).body.type).toBe('/problems/reset-invalid');
    await login(therapist.email, PASSWORD).expect(200);
  });

  it('counts wrong current passwords towards the sign-in lockout', async () => {
    const therapist = await createTherapist(t);
    const session = await loginAs(t, therapist);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await request(t.http).post(`${API}/auth/password`).set(session.auth).send({ currentPassword: `wrong guess ${i}`, newPassword: NEW_PASSWORD })).status);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
  });
});
