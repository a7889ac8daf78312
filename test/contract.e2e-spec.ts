import request from 'supertest';
import { bootApp, TestApp } from './app';
import { createAdmin, createUser, loginAs, PASSWORD } from './factories';

const API = '/api/v1';

describe('the contract: media types, null and instants', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  describe('JSON means JSON', () => {
    it('refuses a form-encoded login with 415 problem+json and issues no tokens', async () => {
      const admin = await createAdmin(t);
      const res = await request(t.http)
        .post(`${API}/auth/login`)
        .type('form')
        .send(`email=${encodeURIComponent(admin.email)}&password=${encodeURIComponent(PASSWORD)}`)
        .expect(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'about:blank', status: 415, title: 'Unsupported media type' });
      expect(res.body.accessToken).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('refuses text/plain (even when it holds JSON) with 415, not field errors', async () => {
      const admin = await createAdmin(t);
      const res = await request(t.http)
        .post(`${API}/auth/login`)
        .set('content-type', 'text/plain')
        .send(JSON.stringify({ email: admin.email, password: PASSWORD }))
        .expect(415);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.detail).toContain('application/json');
    });

    it('refuses a multipart body with 415', async () => {
      const { auth } = await loginAs(t, await createAdmin(t));
      await request(t.http).post(`${API}/clients`).set(auth).field('firstName', 'Ana').expect(415);
    });

    it('accepts application/json with a charset parameter, and a body-less POST without a content type', async () => {
      const admin = await createAdmin(t);
      await request(t.http)
        .post(`${API}/auth/login`)
        .set('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ email: admin.email, password: PASSWORD }))
        .expect(200);
      const therapist = await createUser(t, 'therapist');
      const { auth } = await loginAs(t, therapist);
      await request(t.http).post(`${API}/calendar/feed`).set(auth).expect(201);
    });
  });
});
