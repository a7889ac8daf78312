import { DateTime } from 'luxon';
import request from 'supertest';
import { TestApp } from './app';
import { createClient, createCouple, createPortalUser, TestClient } from './clinic-factories';
import { loginAs } from './factories';
import { bookSession, futureSlot, pastSlot } from './session-factories';
import { useClinic } from './use-app';

const API = '/api/v1';

let hours = 0;
/** A session of `party` that ended on `day` (a fresh hour each time), straight in the database: the record's history. */
async function pastSession(t: TestApp, therapistId: string, party: { clientId?: string; coupleId?: string }, day: string, status = 'completed') {
  const start = DateTime.fromISO(`${day}T00:00:00Z`).plus({ hours: hours++ % 20 });
  const [busy]: { id: string }[] = await t.db.query(`INSERT INTO busy_times (therapist_id, during, kind) VALUES ($1, tstzrange($2, $3), 'session') RETURNING id`, [
    therapistId,
    start.toISO(),
    start.plus({ minutes: 50 }).toISO(),
  ]);
  await t.db.query(
    `INSERT INTO therapy_sessions (therapist_id, client_id, couple_id, during, busy_time_id, modality, location, status, completed_at, created_by)
     SELECT b.therapist_id, $2, $3, b.during, b.id, 'in_person', 'Ottawa', $4, CASE WHEN $4::varchar = 'completed' THEN upper(b.during) END, b.therapist_id
       FROM busy_times b WHERE b.id = $1`,
    [busy.id, party.clientId ?? null, party.coupleId ?? null, status],
  );
}

const tenYearsFromToday = () => DateTime.utc().plus({ years: 10 }).toISODate()!;

describe('retention: the clock is the record’s own', () => {
  const { t, w } = useClinic();

  const purge = (id: string) => request(t.http).post(`${API}/clients/${id}/purge`).set(w.as.admin.auth);

  /** A client born in 1950 whose only contact was a session in 2010: purgeable today. */
  async function oldClient(overrides: Record<string, unknown> = {}): Promise<TestClient> {
    const client = await createClient(t, w.owner, { date_of_birth: '1950-07-09', ...overrides });
    await pastSession(t, w.owner.id, { clientId: client.id }, '2010-03-02');
    return client;
  }

  it('last contact cannot be written: a session and a note keep an old client inside the retention period', async () => {
    const client = await createClient(t, w.owner, { date_of_birth: '1950-07-09' });
    const session = await bookSession(t, w.as.owner.auth, { clientId: client.id, ...pastSlot() });
    await request(t.http).post(`${API}/sessions/${session.id}/complete`).set(w.as.owner.auth).send({ attendedClientIds: [client.id] }).expect(200);
    await request(t.http).post(`${API}/sessions/${session.id}/notes`).set(w.as.owner.auth).send({ text: 'Intake; goals agreed.' }).expect(201);

    const rewind = await request(t.http).patch(`${API}/clients/${client.id}`).set(w.as.owner.auth).send({ lastContactAt: '2001-01-01T00:00:00Z' }).expect(400);
    expect(rewind.body.errors).toEqual([{ field: 'lastContactAt', message: expect.any(String) }]);

    const res = await purge(client.id).expect(409);
    // The note was written today: ten years from today.
    expect(res.body).toMatchObject({ type: '/problems/retention-period' });
    expect(res.body.purgeableFrom >= tenYearsFromToday()).toBe(true);
    const shown = await request(t.http).get(`${API}/clients/${client.id}`).set(w.as.owner.auth).expect(200);
    expect(Date.parse(shown.body.lastContactAt)).toBeGreaterThan(Date.now() - 3_600_000);
  });

  it('nobody can push the clock to 2999: the record’s history decides', async () => {
    const client = await oldClient();
    await request(t.http).patch(`${API}/clients/${client.id}`).set(w.as.owner.auth).send({ lastContactAt: '2999-01-01T00:00:00Z' }).expect(400);
    const res = await purge(client.id).expect(200);
    expect(new Date(res.body.lastContactAt).toISOString().slice(0, 10)).toBe('2010-03-02');
  });

  it('a scheduled session blocks the purge and says from when it could happen', async () => {
    const client = await oldClient();
    const slot = futureSlot();
    await bookSession(t, w.as.owner.auth, { clientId: client.id, ...slot });
    const res = await purge(client.id).expect(409);
    expect(res.body).toMatchObject({ type: '/problems/retention-period', purgeableFrom: DateTime.fromISO(slot.endsAt).toUTC().plus({ years: 10 }).toISODate() });
    expect(res.body.detail).toMatch(/scheduled/);
  });

  it('a booked connection call converted into the client blocks the purge', async () => {
    const client = await oldClient();
    const [busy]: { id: string }[] = await t.db.query(
      `INSERT INTO busy_times (therapist_id, during, kind) VALUES ($1, tstzrange('2032-02-03T15:00Z', '2032-02-03T15:20Z'), 'connection_call') RETURNING id`,
      [w.owner.id],
    );
    await t.db.query(
      `INSERT INTO connection_calls (therapist_id, busy_time_id, starts_at, ends_at, modality, name, email, manage_token_hash, client_id)
       VALUES ($1, $2, '2032-02-03T15:00Z', '2032-02-03T15:20Z', 'phone', 'Old Client', 'old.client@example.ca', sha256(gen_random_uuid()::text::bytea), $3)`,
      [w.owner.id, busy.id, client.id],
    );
    const res = await purge(client.id).expect(409);
    expect(res.body.purgeableFrom).toBe('2042-02-03');
  });

  it('the couple’s joint record keeps a partner’s record while the other partner’s retention as a minor runs', async () => {
    const couple = await createCouple(t, w.owner);
    const [adult, minor] = couple.partners;
    await t.db.query(`UPDATE clients SET date_of_birth = CASE WHEN id = $1 THEN '1950-01-01'::date ELSE '2000-05-01'::date END WHERE id = ANY($2::uuid[])`, [
      adult.id,
      [adult.id, minor.id],
    ]);
    await pastSession(t, w.owner.id, { coupleId: couple.id }, '2011-04-04');
    const res = await purge(adult.id).expect(409);
    // The minor partner turns 18 on 2018-05-01; the joint record is kept ten years after that.
    expect(res.body.purgeableFrom).toBe('2028-05-01');
  });

  it('a changed date of birth is an audited correction that keeps the previous value and never shortens retention', async () => {
    const client = await createClient(t, w.owner, { date_of_birth: '2012-02-10' });
    await pastSession(t, w.owner.id, { clientId: client.id }, '2012-06-01');
    await request(t.http).patch(`${API}/clients/${client.id}`).set(w.as.owner.auth).send({ dateOfBirth: '1950-02-10' }).expect(200);
    const kept: { previous_date_of_birth: string; date_of_birth: string }[] = await t.db.query(
      `SELECT to_char(previous_date_of_birth, 'YYYY-MM-DD') AS previous_date_of_birth, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth
         FROM client_birth_date_corrections WHERE client_id = $1`,
      [client.id],
    );
    expect(kept).toEqual([{ previous_date_of_birth: '2012-02-10', date_of_birth: '1950-02-10' }]);
    const [event] = await t.db.query(`SELECT actor_id FROM audit_events WHERE resource_id = $1 AND action = 'correct'`, [client.id]);
    expect(event).toEqual({ actor_id: w.owner.id });
    // Retention still follows the youngest date of birth the record has held: 2030 + 10.
    const res = await purge(client.id).expect(409);
    expect(res.body.purgeableFrom).toBe('2040-02-10');
    await expect(t.db.query('DELETE FROM client_birth_date_corrections WHERE client_id = $1', [client.id])).rejects.toThrow(/append-only/);
  });
});

describe('purge: erased, and stays erased', () => {
  const { t, w } = useClinic();

  it('erases identity from the portal account, invitations, bookings and consents; the account no longer signs in', async () => {
    const email = `purged.${Date.now()}@example.ca`;
    const client = await createClient(t, w.owner, { date_of_birth: '1950-07-09', email, preferred_name: 'Pat', phone: '+16135550100' });
    await pastSession(t, w.owner.id, { clientId: client.id }, '2009-05-05');
    const account = await createPortalUser(t, client);
    await t.db.query('UPDATE users SET email = $1 WHERE id = $2', [email, account.id]);
    const session = await loginAs(t, { ...account, email });
    await request(t.http).post(`${API}/calendar/feed`).set(session.auth).expect(201);
    await t.db.query(
      `INSERT INTO invitations (client_id, email, token_hash, expires_at, created_by) VALUES ($1, $2, sha256(gen_random_uuid()::text::bytea), now() + interval '1 day', $3)`,
      [client.id, email, w.owner.id],
    );
    await t.db.query(`INSERT INTO consents (client_id, purpose, decision, note, recorded_by, recorded_at) VALUES ($1, 'treatment', 'granted', 'Pat agreed by phone', $2, '2009-01-01')`, [
      client.id,
      w.owner.id,
    ]);
    const [busy]: { id: string }[] = await t.db.query(
      `INSERT INTO busy_times (therapist_id, during, kind) VALUES ($1, tstzrange('2008-02-03T15:00Z', '2008-02-03T15:20Z'), 'connection_call') RETURNING id`,
      [w.owner.id],
    );
    await t.db.query(
      `INSERT INTO connection_calls (therapist_id, busy_time_id, starts_at, ends_at, modality, status, name, email, phone, message, manage_token_hash, client_id)
       VALUES ($1, $2, '2008-02-03T15:00Z', '2008-02-03T15:20Z', 'phone', 'completed', 'Pat Example', $3, '+16135550100', 'We argue a lot', sha256(gen_random_uuid()::text::bytea), $4)`,
      [w.owner.id, busy.id, email, client.id],
    );
    await t.db.query(
      `INSERT INTO outbox_messages (channel, event, payload, available_at) VALUES ('email', 'connection_call.booked', jsonb_build_object('to', $1::text, 'name', 'Pat'), now() + interval '1 day')`,
      [email],
    );

    const res = await request(t.http).post(`${API}/clients/${client.id}/purge`).set(w.as.admin.auth).expect(200);
    expect(res.body).toMatchObject({ legalName: 'Purged record', preferredName: null, email: null, phone: null, dateOfBirth: '1950-01-01', hasPortalAccount: true });

    await request(t.http).post(`${API}/auth/login`).send({ email, password: account.password }).expect(401);
    await request(t.http).post(`${API}/auth/refresh`).send({ refreshToken: session.refreshToken }).expect(401);
    await request(t.http).get(`${API}/auth/me`).set(session.auth).expect(401);

    const [left] = await t.db.query(
      `SELECT (SELECT count(*) FROM users WHERE email = $1 OR display_name = $2)::int AS users,
              (SELECT count(*) FROM users WHERE id = $4 AND (active OR password_hash IS NOT NULL))::int AS usable_accounts,
              (SELECT count(*) FROM invitations WHERE email = $1 OR client_id = $3 AND expires_at > now())::int AS invitations,
              (SELECT count(*) FROM connection_calls WHERE email = $1 OR name LIKE 'Pat%' OR client_id = $3 AND (phone IS NOT NULL OR message IS NOT NULL))::int AS calls,
              (SELECT count(*) FROM consents WHERE client_id = $3 AND note IS NOT NULL)::int AS consent_notes,
              (SELECT count(*) FROM calendar_feeds WHERE user_id = $4)::int AS feeds,
              (SELECT count(*) FROM refresh_tokens WHERE user_id = $4 AND revoked_at IS NULL)::int AS live_refresh_tokens,
              (SELECT count(*) FROM outbox_messages WHERE payload::text LIKE '%' || $1 || '%')::int AS emails`,
      [email, client.legalName, client.id, account.id],
    );
    expect(left).toEqual({ users: 0, usable_accounts: 0, invitations: 0, calls: 0, consent_notes: 0, feeds: 0, live_refresh_tokens: 0, emails: 0 });
    // What the audit and retention rules need stays: the consent decisions and the audit event.
    const [kept] = await t.db.query(`SELECT count(*)::int AS n FROM consents WHERE client_id = $1 AND decision = 'granted'`, [client.id]);
    expect(kept.n).toBe(1);
    const [event] = await t.db.query(`SELECT actor_id FROM audit_events WHERE resource_id = $1 AND action = 'purge'`, [client.id]);
    expect(event).toEqual({ actor_id: expect.any(String) });
  });

  it('a purged record is read-only: every change answers 409 and nothing is written', async () => {
    const client = await createClient(t, w.owner, { date_of_birth: '1950-07-09' });
    await pastSession(t, w.owner.id, { clientId: client.id }, '2009-06-06');
    const account = await createPortalUser(t, client);
    await request(t.http).post(`${API}/clients/${client.id}/purge`).set(w.as.admin.auth).expect(200);

    // The erased portal account stays erased: no admin can switch it back on or rename it.
    const reactivate = await request(t.http).patch(`${API}/users/${account.id}`).set(w.as.admin.auth).send({ active: true }).expect(409);
    expect(reactivate.body).toMatchObject({ type: '/problems/record-purged' });
    await request(t.http).patch(`${API}/users/${account.id}`).set(w.as.admin.auth).send({ displayName: 'Pat Example' }).expect(409);
    const [user] = await t.db.query(`SELECT active, display_name FROM users WHERE id = $1`, [account.id]);
    expect(user.active).toBe(false);
    expect(user.display_name).not.toBe('Pat Example');

    const patch = await request(t.http).patch(`${API}/clients/${client.id}`).set(w.as.admin.auth).send({ legalName: 'Pat Example', email: 'pat@example.ca' }).expect(409);
    expect(patch.body).toMatchObject({ type: '/problems/record-purged' });
    await request(t.http).patch(`${API}/clients/${client.id}`).set(w.as.admin.auth).send({ dateOfBirth: '1950-07-09' }).expect(409);
    await request(t.http).post(`${API}/clients/${client.id}/archive`).set(w.as.admin.auth).expect(409);
    await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(w.as.owner.auth).expect(409);
    await request(t.http).post(`${API}/clients/${client.id}/consents`).set(w.as.owner.auth).send({ purpose: 'treatment', decision: 'granted' }).expect(409);
    await request(t.http).post(`${API}/clients/${client.id}/purge`).set(w.as.admin.auth).expect(409);
    const [row] = await t.db.query(`SELECT legal_name, email, date_of_birth::text AS dob FROM clients WHERE id = $1`, [client.id]);
    expect(row).toEqual({ legal_name: 'Purged record', email: null, dob: '1950-01-01' });
    await expect(t.db.query(`UPDATE clients SET legal_name = 'Pat' WHERE id = $1`, [client.id])).rejects.toThrow(/purged/);
  });
});
