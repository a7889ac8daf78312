import request from 'supertest';
import { createAdmin, createTherapist, loginAs, uniqueEmail } from './factories';
import { useApp } from './use-app';

describe('auth', () => {
  const t = useApp();

  it('signs in and answers the token shape', async () => {
    const therapist = await createTherapist(t);
    const res = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: therapist.email.toUpperCase(), password: therapist.password })
      .expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { id: therapist.id, role: 'therapist' } });
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    expect(res.body.refreshToken).toMatch(/^rt_/);
    expect(res.body.user).not.toHaveProperty('passwordHash');
    const me = await request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ id: therapist.id, email: therapist.email, therapistProfile: { credentials: 'RP' } });
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const therapist = await createTherapist(t);
    const wrong = await request(t.http).post('/api/v1/auth/login').send({ email: therapist.email, password: 'not the password at all' }).expect(401);
    const unknown = await request(t.http).post('/api/v1/auth/login').send({ email: uniqueEmail(), password: 'not the password at all' }).expect(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.headers['content-type']).toMatch(/problem\+json/);
  });

  it('rotates refresh tokens and revokes the family on reuse', async () => {
    const session = await loginAs(t, await createTherapist(t));
    const first = await request(t.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
    // The old token is spent; presenting it again after the grace period revokes every token of the sign-in.
    await t.db.query(`UPDATE refresh_tokens SET used_at = used_at - interval '1 hour' WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [session.refreshToken]);
    await request(t.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    await request(t.http).post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(401);
  });

  it('logs out by revoking the refresh token', async () => {
    const session = await loginAs(t, await createTherapist(t));
    await request(t.http).post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    await request(t.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
  });

  it('stops a deactivated user at once', async () => {
    const admin = await loginAs(t, await createAdmin(t));
    const therapist = await createTherapist(t);
    const session = await loginAs(t, therapist);
    await request(t.http).get('/api/v1/auth/me').set(session.auth).expect(200);
    await request(t.http).patch(`/api/v1/users/${therapist.id}`).set(admin.auth).send({ active: false }).expect(200);
    await request(t.http).get('/api/v1/auth/me').set(session.auth).expect(401);
    await request(t.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    await request(t.http).post('/api/v1/auth/login').send({ email: therapist.email, password: therapist.password }).expect(401);
  });

  it('keeps users to admins', async () => {
    const therapist = await loginAs(t, await createTherapist(t));
    await request(t.http).get('/api/v1/users').expect(401);
    await request(t.http).get('/api/v1/users').set(therapist.auth).expect(403);
    const admin = await loginAs(t, await createAdmin(t));
    const created = await request(t.http)
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: uniqueEmail('new'), role: 'therapist', displayName: 'New Therapist', password: 'twelve chars ok', therapistProfile: { credentials: 'RP', languages: ['en', 'fr'] } })
      .expect(201);
    expect(created.body).toMatchObject({ role: 'therapist', therapistProfile: { languages: ['en', 'fr'] } });
    await request(t.http).get(`/api/v1/users/${created.body.id}`).set(admin.auth).expect(200);
  });

  it('refuses a short password and unknown fields', async () => {
    const admin = await loginAs(t, await createAdmin(t));
    const res = await request(t.http)
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: uniqueEmail(), role: 'admin', displayName: 'A', password: 'short', isRoot: true })
      .expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'password' }),
        expect.objectContaining({ field: 'isRoot', message: 'isRoot is not a known field' }),
      ]),
    );
  });
});
