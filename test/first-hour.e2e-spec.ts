import request from 'supertest';
import { bootApp, TestApp } from './app';
import { servedOpenApi } from './openapi-document';

/** What a newcomer meets first: the root, the docs, a wrong method. */
describe('the first hour', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

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
});
