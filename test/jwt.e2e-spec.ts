import { ConfigService } from '@nestjs/config';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import type { AppConfig } from '../src/config/environment';
import { createTherapist, loginAs } from './factories';
import { useApp } from './use-app';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a JWT by hand, so every header and claim can be bent. */
function jwt(header: object, payload: object, secret: string | null, hmac = 'sha256'): string {
  const signingInput = `${b64(header)}.${b64(payload)}`;
  const signature = secret === null ? '' : createHmac(hmac, secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

describe('access token attacks (RFC 8725)', () => {
  const t = useApp();
  let secret: string;
  let issuer: string;
  let audience: string;
  let sub: string;
  let sid: string;
  const now = () => Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'at+jwt' };
  const claims = () => ({ sub, sid, role: 'therapist', iss: issuer, aud: audience, iat: now(), exp: now() + 300 });
  const me = (token: string) => request(t.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    const config = t.app.get<ConfigService<AppConfig, true>>(ConfigService);
    secret = config.get('JWT_SECRET', { infer: true });
    issuer = config.get('JWT_ISSUER', { infer: true });
    audience = config.get('JWT_AUDIENCE', { infer: true });
    const therapist = await createTherapist(t);
    sub = therapist.id;
    // A live sign-in of that user: an access token names the sign-in it belongs to.
    const session = await loginAs(t, therapist);
    sid = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()).sid;
  });

  it('accepts a well-formed token (the control case)', async () => {
    await me(jwt(header, claims(), secret)).expect(200);
  });

  it.each([
    ['alg none, unsigned', () => jwt({ alg: 'none', typ: 'at+jwt' }, claims(), null)],
    ['alg none, with a signature', () => jwt({ alg: 'none', typ: 'at+jwt' }, claims(), secret)],
    ['HS512 instead of HS256', () => jwt({ alg: 'HS512', typ: 'at+jwt' }, claims(), secret, 'sha512')],
    ['another secret', () => jwt(header, claims(), 'another secret that is also long enough')],
    ['expired', () => jwt(header, { ...claims(), iat: now() - 600, exp: now() - 60 }, secret)],
    ['wrong audience', () => jwt(header, { ...claims(), aud: 'another-api' }, secret)],
    ['wrong issuer', () => jwt(header, { ...claims(), iss: 'someone-else' }, secret)],
    ['no typ header', () => jwt({ alg: 'HS256' }, claims(), secret)],
    ['typ JWT instead of at+jwt', () => jwt({ alg: 'HS256', typ: 'JWT' }, claims(), secret)],
    ['a subject that is not a user', () => jwt(header, { ...claims(), sub: '00000000-0000-4000-8000-000000000000' }, secret)],
    ['a sign-in that does not exist', () => jwt(header, { ...claims(), sid: '00000000-0000-4000-8000-000000000000' }, secret)],
    ['no sign-in at all', () => jwt(header, { ...claims(), sid: undefined }, secret)],
    ['garbage', () => 'not.a.jwt'],
  ])('refuses %s with 401', async (_label, make) => {
    const res = await me(make()).expect(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/unauthorized', status: 401 });
  });

  it('refuses a tampered signature and a tampered payload', async () => {
    const [h, p, s] = jwt(header, claims(), secret).split('.') as [string, string, string];
    const flipped = s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11);
    await me(`${h}.${p}.${flipped}`).expect(401);
    const promoted = b64({ ...claims(), role: 'admin' });
    await me(`${h}.${promoted}.${s}`).expect(401);
  });

  it('refuses the refresh token sent as a Bearer', async () => {
    const session = await loginAs(t, await createTherapist(t));
    await me(session.accessToken).expect(200);
    await me(session.refreshToken).expect(401);
  });

  it('does not let the role claim grant a role: the account decides', async () => {
    const token = jwt(header, { ...claims(), role: 'admin' }, secret);
    await request(t.http).get('/api/v1/users').set('Authorization', `Bearer ${token}`).expect(403);
  });
});
