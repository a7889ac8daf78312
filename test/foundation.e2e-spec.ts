import request from 'supertest';
import { useApp } from './use-app';

describe('foundation', () => {
  const t = useApp();

  it('reports liveness and readiness', async () => {
    await request(t.http).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(t.http).get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.info.database.status).toBe('up');
    expect(ready.body.info.auditSealing).toMatchObject({ status: 'up', unsealed: expect.any(Number), lagSeconds: expect.any(Number) });
  });

  it('sets its own X-Request-Id, whatever the caller sends (the caller\'s is only logged as a correlation id)', async () => {
    const given = await request(t.http).get('/health/live').set('X-Request-Id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const made = await request(t.http).get('/health/live').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await request(t.http).get('/api/v1/nowhere').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Not found', status: 404 });
    expect(res.body.detail).toContain('/api/v1/nowhere');
  });

  it('answers a malformed JSON body with a 400 problem', async () => {
    const res = await request(t.http)
      .post('/api/v1/nowhere')
      .set('content-type', 'application/json')
      .send('{"broken": ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, title: 'Invalid request' });
    expect(JSON.stringify(res.body)).not.toMatch(/FST_|stack|at \//);
  });

  it('answers an oversized body with a 413 problem', async () => {
    const res = await request(t.http)
      .post('/api/v1/nowhere')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(200 * 1024) }))
      .expect(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 413, title: 'Payload too large' });
  });

  it('sets security headers', async () => {
    const res = await request(t.http).get('/health/live').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('serves a valid OpenAPI 3 document and the Swagger UI', async () => {
    const res = await request(t.http).get('/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    });
    expect(res.body.paths['/health/ready']).toBeDefined();
    await request(t.http).get('/docs').expect(200).expect('content-type', /html/);
  });
});
