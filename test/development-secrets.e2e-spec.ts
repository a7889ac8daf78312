import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { bootApp, TestApp } from './app';
import { createAdmin } from './factories';

/** The key that signed development tokens while it was written in the source. */
const KEY_ONCE_IN_THE_SOURCE = 'development-only-secret-do-not-use-in-production';

describe('no signing key in the source', () => {
  let t: TestApp;
  beforeAll(async () => {
    delete process.env.JWT_SECRET;
    delete process.env.WEBHOOK_SECRET_KEY;
    t = await bootApp();
  });
  afterAll(() => t.close());

  it('refuses an admin token forged with the key the source once held', async () => {
    const admin = await createAdmin(t);
    const forged = sign({ sub: admin.id, role: 'admin' }, KEY_ONCE_IN_THE_SOURCE, {
      algorithm: 'HS256',
      header: { alg: 'HS256', typ: 'at+jwt' },
      issuer: 'clinic-api',
      audience: 'clinic-api',
      expiresIn: 300,
    });
    await request(t.http).get('/api/v1/users').set('Authorization', `Bearer ${forged}`).expect(401);
  });
});
