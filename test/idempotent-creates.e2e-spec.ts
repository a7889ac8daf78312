import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { IdempotencyCleanup } from '../src/common/idempotency/idempotency.module';
import { requestHash } from '../src/common/idempotency/idempotency';
import { API, at, bookingBody, createBookableTherapist, dayAhead, tokenOf } from './booking-factories';
import { createClient, createCouple } from './clinic-factories';
import { ruptureBody } from './rupture-factories';
import { futureSlot, pastSlot, PLACE } from './session-factories';
import { useClinic } from './use-app';

const newKey = () => `key-${Math.random().toString(36).slice(2)}-${Date.now()}`;

/** One create: where to POST, as whom, with what, and how many records it has made. */
interface Create {
  path: string;
  auth: Record<string, string>;
  body: Record<string, unknown>;
  /** A valid body that differs from `body`. */
  other: Record<string, unknown>;
  count(): Promise<number>;
}

describe('Idempotency-Key on every create', () => {
  const { t, w } = useClinic();

  const count = async (sql: string, params: unknown[]) => ((await t.db.query(sql, params)) as { n: number }[])[0].n;
  const post = (c: Create, key: string, body = c.body) => request(t.http).post(c.path).set(c.auth).set('Idempotency-Key', key).send(body);

  /** A rupture of the world's couple at `stage`, made over HTTP, with its open attempt. */
  async function rupture(stage: 'recognized' | 'initiated') {
    const reported = await request(t.http).post(`${API}/couples/${w.couple.id}/ruptures`).set(w.as.partner.auth).send(ruptureBody()).expect(201);
    await request(t.http).post(`${API}/ruptures/${reported.body.id}/recognition`).set(w.as.partner.auth).send({}).expect(201);
    if (stage === 'recognized') return { id: reported.body.id as string, attemptId: '' };
    const started = await request(t.http).post(`${API}/ruptures/${reported.body.id}/repair-attempts`).set(w.as.partner.auth).send({ approach: 'apology' }).expect(201);
    return { id: reported.body.id as string, attemptId: started.body.attempts.at(-1).id as string };
  }

  const creates: [string, () => Promise<Create>][] = [
    ['a client', async () => {
      const legalName = `Client ${newKey()}`;
      return { path: `${API}/clients`, auth: w.as.owner.auth, body: { legalName, dateOfBirth: '1990-02-03' }, other: { legalName: `${legalName} B`, dateOfBirth: '1990-02-03' }, count: () => count('SELECT count(*)::int AS n FROM clients WHERE legal_name = $1', [legalName]) };
    }],
    ['a couple', async () => {
      const [a, b] = [await createClient(t, w.owner), await createClient(t, w.owner)];
      return { path: `${API}/couples`, auth: w.as.owner.auth, body: { partnerAId: a.id, partnerBId: b.id }, other: { partnerAId: b.id, partnerBId: a.id }, count: () => count('SELECT count(*)::int AS n FROM couples WHERE partner_a_id = $1', [a.id]) };
    }],
    ['a weekly series of sessions', async () => {
      const couple = await createCouple(t, w.owner);
      const body = { coupleId: couple.id, ...futureSlot(), modality: 'in_person', location: PLACE, recurrence: { frequency: 'weekly', count: 3 } };
      return { path: `${API}/sessions`, auth: w.as.owner.auth, body, other: { ...body, recurrence: { frequency: 'weekly', count: 2 } }, count: () => count('SELECT count(DISTINCT series_id)::int AS n FROM therapy_sessions WHERE couple_id = $1', [couple.id]) };
    }],
    ['a rupture', async () => {
      const couple = await createCouple(t, w.owner);
      return { path: `${API}/couples/${couple.id}/ruptures`, auth: w.as.owner.auth, body: ruptureBody(), other: ruptureBody({ description: 'Another moment.' }), count: () => count('SELECT count(*)::int AS n FROM ruptures WHERE couple_id = $1', [couple.id]) };
    }],
    ['a repair attempt', async () => {
      const { id } = await rupture('recognized');
      return { path: `${API}/ruptures/${id}/repair-attempts`, auth: w.as.partner.auth, body: { approach: 'apology' }, other: { approach: 'other' }, count: () => count('SELECT count(*)::int AS n FROM repair_attempts WHERE rupture_id = $1', [id]) };
    }],
    ['a repair confirmation', async () => {
      const { id, attemptId } = await rupture('initiated');
      return {
        path: `${API}/ruptures/${id}/repair-attempts/${attemptId}/confirmations`,
        auth: w.as.partner.auth,
        body: { feelsRepaired: true, comment: 'I felt heard.' },
        other: { feelsRepaired: false },
        count: () => count('SELECT count(*)::int AS n FROM repair_confirmations WHERE attempt_id = $1', [attemptId]),
      };
    }],
    ['a consent', async () => {
      const client = await createClient(t, w.owner);
      return { path: `${API}/clients/${client.id}/consents`, auth: w.as.owner.auth, body: { purpose: 'email_contact', decision: 'granted' }, other: { purpose: 'email_contact', decision: 'withdrawn' }, count: () => count('SELECT count(*)::int AS n FROM consents WHERE client_id = $1', [client.id]) };
    }],
    ['a clinical note', async () => {
      const session = await request(t.http).post(`${API}/sessions`).set(w.as.owner.auth).send({ coupleId: w.couple.id, ...pastSlot(), modality: 'in_person', location: PLACE }).expect(201);
      const id = session.body.sessions[0].id as string;
      return { path: `${API}/sessions/${id}/notes`, auth: w.as.owner.auth, body: { text: 'Practised mirroring.' }, other: { text: 'Another note.' }, count: () => count('SELECT count(*)::int AS n FROM clinical_notes WHERE session_id = $1', [id]) };
    }],
    ['an outcome assignment', async () => {
      const couple = await createCouple(t, w.owner);
      return {
        path: `${API}/couples/${couple.id}/outcome-assignments`,
        auth: w.as.owner.auth,
        body: { instrument: 'csi-4', schedule: 'once' },
        other: { instrument: 'csi-4', schedule: 'weeks', every: 4 },
        count: () => count('SELECT count(*)::int AS n FROM outcome_assignments WHERE couple_id = $1', [couple.id]),
      };
    }],
    ['an outcome response', async () => {
      const assigned = await request(t.http).post(`${API}/couples/${w.couple.id}/outcome-assignments`).set(w.as.owner.auth).send({ instrument: 'csi-4', schedule: 'once' }).expect(201);
      const id = assigned.body.id as string;
      return {
        path: `${API}/outcome-assignments/${id}/responses`,
        auth: w.as.partner.auth,
        body: { answers: { '1': 3, '2': 3, '3': 2, '4': 4 } },
        other: { answers: { '1': 5, '2': 4, '3': 4, '4': 4 } },
        count: () => count('SELECT count(*)::int AS n FROM outcome_responses WHERE assignment_id = $1', [id]),
      };
    }],
    ['a connection-call booking', async () => {
      const therapist = await createBookableTherapist(t);
      const body = bookingBody({ startsAt: at(dayAhead(21), '09:00'), therapistId: therapist.id });
      return { path: `${API}/connection-calls`, auth: {}, body, other: { ...body, message: 'Another message.' }, count: () => count('SELECT count(*)::int AS n FROM connection_calls WHERE therapist_id = $1', [therapist.id]) };
    }],
  ];

  it.each(creates)('replays %s: same key and body answer the first answer with Idempotency-Replayed, and create once', async (_, make) => {
    const create = await make();
    const key = newKey();
    const first = await post(create, key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    const again = await post(create, key, Object.fromEntries(Object.entries(create.body).reverse()));
    expect(again.status).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    const { manageUrl: firstLink, ...firstRest } = first.body;
    const { manageUrl: againLink, ...againRest } = again.body;
    expect(againRest).toEqual(firstRest);
    expect(Boolean(againLink)).toBe(Boolean(firstLink));
    expect(await create.count()).toBe(1);
  });

  it.each(creates)('answers 422 for %s when the key comes back with another body, and creates nothing more', async (_, make) => {
    const create = await make();
    const key = newKey();
    await post(create, key).expect(201);
    const reused = await post(create, key, create.other).expect(422);
    expect(reused.body.type).toBe('/problems/idempotency-key-reused');
    expect(await create.count()).toBe(1);
  });

  it.each(creates)('answers 409 for %s while the first request with the key is still running', async (_, make) => {
    const create = await make();
    const key = newKey();
    // Learn this caller's scope from a key of their own, then hold `key` as a request in flight.
    await post(create, `${key}-probe`, create.other).expect(201);
    const [{ scope }] = await t.db.query('SELECT scope FROM idempotency_keys WHERE key = $1', [`${key}-probe`]);
    const before = await create.count();
    const operation = `POST ${create.path}`;
    await t.db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state, claim_id, expires_at) VALUES ($1, $2, $3, 'in_progress', gen_random_uuid(), now() + interval '1 hour')`,
      [scope, key, requestHash(operation, create.body)],
    );
    const res = await post(create, key).expect(409);
    expect(res.body.type).toBe('/problems/idempotency-in-progress');
    expect(await create.count()).toBe(before);
  });

  it('releases a key left in progress by a crash once its short lease has run out, and the retry creates once', async () => {
    const [, make] = creates[0];
    const create = await make();
    const key = newKey();
    await post(create, `${key}-probe`, create.other).expect(201);
    const [{ scope }] = await t.db.query('SELECT scope FROM idempotency_keys WHERE key = $1', [`${key}-probe`]);
    await t.db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state, claim_id, created_at, expires_at)
       VALUES ($1, $2, $3, 'in_progress', gen_random_uuid(), now() - interval '1 minute', now() + interval '1 hour')`,
      [scope, key, requestHash(`POST ${create.path}`, create.body)],
    );
    await post(create, key).expect(201);
    expect((await post(create, key).expect(201)).headers['idempotency-replayed']).toBe('true');
    expect(await create.count()).toBe(1);
  });

  it.each([
    ['a staff account (its email)', async (): Promise<Create> => {
      const email = `${newKey()}@staff.test`;
      const body = { email, role: 'therapist', displayName: 'Dr. Repeat', password: 'a-long-enough-password-1' };
      return { path: `${API}/users`, auth: w.as.admin.auth, body, other: body, count: () => count('SELECT count(*)::int AS n FROM users WHERE email = $1', [email]) };
    }],
    ['time off (the time it takes)', async (): Promise<Create> => {
      const therapist = await createBookableTherapist(t);
      const body = { startsAt: at(dayAhead(30), '08:00'), endsAt: at(dayAhead(30), '09:00'), reason: 'Course' };
      return { path: `${API}/therapists/${therapist.id}/time-off`, auth: w.as.admin.auth, body, other: body, count: () => count('SELECT count(*)::int AS n FROM time_off WHERE therapist_id = $1', [therapist.id]) };
    }],
  ])('refuses %s sent twice with 409, a create that takes no Idempotency-Key', async (_, make) => {
    const create = await make();
    await request(t.http).post(create.path).set(create.auth).send(create.body).expect(201);
    await request(t.http).post(create.path).set(create.auth).send(create.body).expect(409);
    expect(await create.count()).toBe(1);
  });

  describe('bookings: the manage link is a secret', () => {
    /** POSTs a booking over a connection from `localAddress`: another anonymous caller on another address. */
    async function bookFrom(localAddress: string, body: object, key: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }> {
      if (!t.http.listening) await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
      const { port } = t.http.address() as AddressInfo;
      return new Promise((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, localAddress, method: 'POST', path: `${API}/connection-calls`, headers: { 'content-type': 'application/json', 'idempotency-key': key } },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    }

    it('never gives another anonymous caller the first caller’s answer (and its manage link) for the same key and body', async () => {
      const therapist = await createBookableTherapist(t);
      const body = bookingBody({ startsAt: at(dayAhead(22), '09:00'), therapistId: therapist.id });
      const key = newKey();
      const mine = await bookFrom('127.0.0.1', body, key);
      expect(mine.status).toBe(201);
      const theirs = await bookFrom('127.0.0.2', body, key);
      expect(theirs.headers['idempotency-replayed']).toBeUndefined();
      expect(theirs.body.manageUrl).toBeUndefined();
      expect(JSON.stringify(theirs.body)).not.toContain(tokenOf(mine.body.manageUrl as string));
      expect(theirs.status).toBe(409);
    });

    it('stores the answer without the manage link, and re-issues a working link to the original caller on replay', async () => {
      const therapist = await createBookableTherapist(t);
      const body = bookingBody({ startsAt: at(dayAhead(23), '09:00'), therapistId: therapist.id });
      const key = newKey();
      const first = await bookFrom('127.0.0.1', body, key);
      const [stored] = await t.db.query('SELECT response_body FROM idempotency_keys WHERE key = $1', [key]);
      expect(JSON.stringify(stored.response_body)).not.toMatch(/manage|mt_/);
      const again = await bookFrom('127.0.0.1', body, key);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const link = tokenOf(again.body.manageUrl as string);
      const managed = await request(t.http).get(`${API}/connection-calls/manage/${link}`).expect(200);
      expect(managed.body.status).toBe('booked');
    });
  });

  it('deletes expired keys with the scheduled clean-up, and keeps live ones', async () => {
    const [expired, live] = [newKey(), newKey()];
    for (const [key, expiry] of [[expired, "now() - interval '1 second'"], [live, "now() + interval '1 hour'"]]) {
      await t.db.query(`INSERT INTO idempotency_keys (scope, key, request_hash, state, expires_at) VALUES ('user:cleanup', $1, '\\x00', 'done', ${expiry})`, [key]);
    }
    expect(await t.app.get(IdempotencyCleanup).sweep()).toBeGreaterThanOrEqual(1);
    const left = await t.db.query(`SELECT key FROM idempotency_keys WHERE scope = 'user:cleanup'`);
    expect(left).toEqual([{ key: live }]);
  });
});
