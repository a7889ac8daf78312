import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { ProblemError } from '../examples/clinic-client';
import { tour } from '../examples/tour';
import { createAdmin, createTherapist } from './factories';
import { servedOpenApi } from './openapi-document';
import { useApp } from './use-app';

/** What a newcomer meets first: the root, the docs, a wrong method. */
describe('the first hour', () => {
  const t = useApp();
  let baseUrl: string;
  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  it.each(['/', '/api/v1'])('GET %s points to the documentation instead of a bare 404', async (path) => {
    const res = await request(t.http).get(path).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ documentation: '/docs', openapi: '/docs/openapi.json', api: '/api/v1' });
    expect(res.body.health).toEqual({ live: '/health/live', ready: '/health/ready' });
    // The links lead somewhere.
    await request(t.http).get(res.body.openapi).expect(200);
    await request(t.http).get(res.body.health.live).expect(200);
  });

  it('answers a wrong method on a known path with 405, Allow and a problem', async () => {
    const res = await request(t.http).delete('/api/v1/auth/login').expect(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Method not allowed', status: 405 });
    expect(res.body.detail).toContain('POST');
    // The same security headers as any other answer.
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('lists every method of a path with parameters in Allow', async () => {
    const res = await request(t.http).put('/api/v1/clients/7f1c2a4e-0000-4000-8000-000000000000').expect(405);
    expect(res.headers.allow).toBe('GET, HEAD, PATCH');
  });

  it('keeps 404 for a path no method serves', async () => {
    await request(t.http).delete('/api/v1/nowhere').expect(404);
    await request(t.http).post('/api/v1/clients/a/b/c').expect(404);
  });

  it('serves a document whose first server is the one the page came from', async () => {
    const document = await servedOpenApi(t);
    expect(document.servers?.[0].url).toBe('/');
  });

  it('says in the Authorize dialog how to get a token', async () => {
    const document = await servedOpenApi(t);
    const bearer = String(document.components.securitySchemes?.bearer.description);
    expect(bearer).toContain('POST /api/v1/auth/login');
    expect(bearer).toContain('accessToken');
  });

  it('runs the example tour (npm run example) against the running API, as a therapist and as an admin', async () => {
    const therapist = await createTherapist(t);
    const lines: string[] = [];
    await tour(baseUrl, therapist.email, therapist.password, (line) => lines.push(line));
    const said = lines.join('\n');
    expect(said).toMatch(/GET \/health\/ready\s+→ 200/);
    expect(said).toMatch(/POST \/api\/v1\/auth\/login\s+→ signed in \(role: therapist\)/);
    expect(said).toMatch(/GET \/api\/v1\/clients\?limit=20\s+→ 0 client\(s\)/);
    expect(said).toContain('no upcoming session');

    const admin = await createAdmin(t);
    const adminLines: string[] = [];
    await tour(baseUrl, admin.email, admin.password, (line) => adminLines.push(line));
    expect(adminLines.join('\n')).toMatch(/GET \/api\/v1\/users\?limit=20\s+→ \d+ account\(s\)/);
  });

  it('stops the tour with the sign-in refusal when the login is wrong', async () => {
    await expect(tour(baseUrl, 'nobody@clinic.test', 'not the password at all', () => undefined)).rejects.toMatchObject({ status: 401 });
    await expect(tour(baseUrl, 'nobody@clinic.test', 'not the password at all', () => undefined)).rejects.toBeInstanceOf(ProblemError);
  });
});
