import request from 'supertest';
import { createAdmin, createTherapist, loginAs, Session } from './factories';
import { useApp } from './use-app';

describe('API keys', () => {
  const t = useApp();
  let admin: Session;
  beforeAll(async () => {
    admin = await loginAs(t, await createAdmin(t));
  });

  const createKey = (scopes: string[], name = 'Website booking widget') =>
    request(t.http).post('/api/v1/api-keys').set(admin.auth).send({ name, scopes });

  it('shows a new key once, stores its SHA-256, and lets it identify itself', async () => {
    const res = await createKey(['bookings:write']).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Website booking widget',
      key: expect.stringMatching(/^ck_[A-Za-z0-9_-]{43}$/),
      prefix: res.body.key.slice(0, 10),
      scopes: ['bookings:write'],
      createdAt: expect.any(String),
    });
    const [row] = await t.db.query(`SELECT encode(key_hash, 'hex') AS hash FROM api_keys WHERE id = $1`, [res.body.id]);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);

    const current = await request(t.http).get('/api/v1/api-keys/current').set('X-API-Key', res.body.key).expect(200);
    expect(current.body).toEqual({ id: res.body.id, name: 'Website booking widget', scopes: ['bookings:write'] });
  });

  it('never shows the key or its hash again in lists, and pages through them', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await createKey(['reports:read'], `Reporting script ${i}`).expect(201)).body);
    const seen: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(t.http)
        .get('/api/v1/api-keys')
        .query(cursor ? { limit: 2, cursor } : { limit: 2 })
        .set(admin.auth)
        .expect(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      for (const item of page.body.data) {
        expect(Object.keys(item).sort()).toEqual(['createdAt', 'id', 'name', 'prefix', 'scopes']);
      }
      seen.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    const ids = seen.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const key of made) expect(ids).toContain(key.id);
    // Newest first: the last made comes before the first made.
    expect(ids.indexOf(made[2].id)).toBeLessThan(ids.indexOf(made[0].id));
    expect(JSON.stringify(seen)).not.toContain(made[0].key);
  });

  it('revokes a key at once; the key then answers 401, an unknown id 404', async () => {
    const key = (await createKey(['bookings:write']).expect(201)).body;
    await request(t.http).get('/api/v1/api-keys/current').set('X-API-Key', key.key).expect(200);
    await request(t.http).delete(`/api/v1/api-keys/${key.id}`).set(admin.auth).expect(204);
    await request(t.http).get('/api/v1/api-keys/current').set('X-API-Key', key.key).expect(401);
    const list = await request(t.http).get('/api/v1/api-keys').query({ limit: 100 }).set(admin.auth).expect(200);
    expect(list.body.data.map((k: { id: string }) => k.id)).not.toContain(key.id);
    await request(t.http).delete(`/api/v1/api-keys/${key.id}`).set(admin.auth).expect(404);
    await request(t.http).delete('/api/v1/api-keys/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
  });

  it('answers 401 for an unknown key', async () => {
    const res = await request(t.http).get('/api/v1/api-keys/current').set('X-API-Key', 'ck_not-a-key-this-clinic-issued').expect(401);
    expect(res.body).toMatchObject({ type: '/problems/unauthorized' });
  });

  it('answers 403 to a key on a route its scopes do not cover (admin-only routes)', async () => {
    const key = (await createKey(['bookings:write', 'reports:read']).expect(201)).body;
    await request(t.http).get('/api/v1/api-keys').set('X-API-Key', key.key).expect(403);
    await request(t.http).post('/api/v1/api-keys').set('X-API-Key', key.key).send({ name: 'x', scopes: ['reports:read'] }).expect(403);
    await request(t.http).get('/api/v1/users').set('X-API-Key', key.key).expect(403);
    await request(t.http).get('/api/v1/auth/me').set('X-API-Key', key.key).expect(403);
  });

  it('keeps key management to admins', async () => {
    const therapist = await loginAs(t, await createTherapist(t));
    await request(t.http).get('/api/v1/api-keys').expect(401);
    await request(t.http).post('/api/v1/api-keys').send({ name: 'x', scopes: ['reports:read'] }).expect(401);
    await request(t.http).get('/api/v1/api-keys').set(therapist.auth).expect(403);
    await request(t.http).post('/api/v1/api-keys').set(therapist.auth).send({ name: 'x', scopes: ['reports:read'] }).expect(403);
    await request(t.http).delete('/api/v1/api-keys/00000000-0000-4000-8000-000000000000').set(therapist.auth).expect(403);
    // /api-keys/current is for keys: a signed-in person gets 403.
    await request(t.http).get('/api/v1/api-keys/current').set(admin.auth).expect(403);
  });

  it('refuses unknown scopes, empty scopes and a malformed cursor', async () => {
    const bad = await createKey(['clients:read']).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'scopes' })]);
    await createKey([]).expect(400);
    await request(t.http).get('/api/v1/api-keys').query({ cursor: 'garbage' }).set(admin.auth).expect(400);
  });
});
