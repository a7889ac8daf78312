import request from 'supertest';
import { tokenSentTo } from './account-mail';
import { Actor, authOf, createClient, notActiveTherapists } from './clinic-factories';
import { createTherapist, loginAs } from './factories';
import { useClinic } from './use-app';

const API = '/api/v1';

describe('clients', () => {
  const { t, w } = useClinic();

  const validClient = {
    legalName: 'Alexandra Tremblay',
    preferredName: 'Alex',
    pronouns: 'they/them',
    dateOfBirth: '1988-04-17',
    email: 'alex@example.ca',
    phone: '+16135550188',
    address: { line1: '120 Elgin Street', city: 'Ottawa', postalCode: 'k1p5k7' },
    emergencyContact: { name: 'Sam Ortiz', phone: '+16135550123', relationship: 'sibling' },
  };

  it('lets a therapist create a client on their own caseload, and audits it', async () => {
    const res = await request(t.http).post(`${API}/clients`).set(w.as.owner.auth).send(validClient).expect(201);
    expect(res.body).toMatchObject({
      legalName: 'Alexandra Tremblay',
      primaryTherapistId: w.owner.id,
      status: 'active',
      address: { province: 'ON', postalCode: 'K1P 5K7' },
      hasPortalAccount: false,
    });
    const events = await t.db.query(`SELECT action, actor_id, client_ids FROM audit_events WHERE resource_id = $1`, [res.body.id]);
    expect(events).toEqual([{ action: 'create', actor_id: w.owner.id, client_ids: [res.body.id] }]);
  });

  it('refuses invalid input with field errors and writes nothing', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM clients');
    const res = await request(t.http)
      .post(`${API}/clients`)
      .set(w.as.owner.auth)
      .send({ ...validClient, email: 'not-an-email', phone: '613-555-0188', dateOfBirth: '2999-01-01', address: { postalCode: '12345' }, ssn: 'x' })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['address.postalCode', 'dateOfBirth', 'email', 'phone', 'ssn']);
    const after = await t.db.query('SELECT count(*)::int AS n FROM clients');
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses a name made only of invisible characters', async () => {
    const res = await request(t.http).post(`${API}/clients`).set(w.as.owner.auth).send({ ...validClient, legalName: '\uFEFF\u200B' }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'legalName', message: 'legalName must contain a letter' }]);
  });

  it.each<[Actor, number]>([
    ['owner', 200],
    ['admin', 200],
    ['partner', 200],
    ['otherTherapist', 404],
    ['otherPartner', 404],
    ['otherCouplePartner', 404],
    ['anonymous', 401],
  ])('GET /clients/{id} as %s → %i', async (actor, status) => {
    const res = await request(t.http).get(`${API}/clients/${w.couple.partners[0].id}`).set(authOf(w, actor)).expect(status);
    if (status === 200) expect(res.body.id).toBe(w.couple.partners[0].id);
  });

  it.each<[Actor, number]>([
    ['owner', 200],
    ['admin', 200],
    ['partner', 200],
    ['otherTherapist', 404],
    ['otherPartner', 404],
    ['otherCouplePartner', 404],
    ['anonymous', 401],
  ])('PATCH /clients/{id} (contact details) as %s → %i', async (actor, status) => {
    await request(t.http).patch(`${API}/clients/${w.couple.partners[0].id}`).set(authOf(w, actor)).send({ phone: '+16135550100' }).expect(status);
  });

  it.each<[Actor, number]>([
    ['owner', 200],
    ['admin', 200],
    ['partner', 403],
    ['otherTherapist', 404],
    ['otherCouplePartner', 403],
    ['anonymous', 401],
  ])('POST /clients/{id}/archive as %s → %i', async (actor, status) => {
    const client = await createClient(t, w.owner);
    await request(t.http).post(`${API}/clients/${client.id}/archive`).set(authOf(w, actor)).expect(status);
  });

  it('lets a client change only their contact details', async () => {
    await request(t.http).patch(`${API}/clients/${w.couple.partners[0].id}`).set(w.as.partner.auth).send({ legalName: 'Someone Else' }).expect(403);
    const res = await request(t.http)
      .patch(`${API}/clients/${w.couple.partners[0].id}`)
      .set(w.as.partner.auth)
      .send({ email: 'new.address@example.ca', address: { city: 'Kingston' } })
      .expect(200);
    expect(res.body).toMatchObject({ email: 'new.address@example.ca', address: { city: 'Kingston' } });
  });

  it('lists only the caseload, searches by name, and pages with a cursor', async () => {
    const therapist = await createTherapist(t);
    const session = await loginAs(t, therapist);
    for (const name of ['Zoe Abara', 'Yannick Bouchard', 'Xiomara Castillo']) await createClient(t, therapist, { legal_name: name });
    const first = await request(t.http).get(`${API}/clients?limit=2`).set(session.auth).expect(200);
    expect(first.body.data.map((c: { legalName: string }) => c.legalName)).toEqual(['Xiomara Castillo', 'Yannick Bouchard']);
    const second = await request(t.http).get(`${API}/clients?limit=2&cursor=${first.body.nextCursor}`).set(session.auth).expect(200);
    expect(second.body).toEqual({ data: [expect.objectContaining({ legalName: 'Zoe Abara' })], nextCursor: null });
    const search = await request(t.http).get(`${API}/clients?q=bouch`).set(session.auth).expect(200);
    expect(search.body.data.map((c: { legalName: string }) => c.legalName)).toEqual(['Yannick Bouchard']);
    await request(t.http).get(`${API}/clients?q=%25`).set(session.auth).expect(400);
    await request(t.http).get(`${API}/clients?cursor=garbage`).set(session.auth).expect(400);
    await request(t.http).get(`${API}/clients?limit=1000`).set(session.auth).expect(400);
  });

  it('hides archived clients from default lists', async () => {
    const therapist = await createTherapist(t);
    const session = await loginAs(t, therapist);
    const client = await createClient(t, therapist);
    await request(t.http).post(`${API}/clients/${client.id}/archive`).set(session.auth).expect(200);
    const list = await request(t.http).get(`${API}/clients`).set(session.auth).expect(200);
    expect(list.body.data).toEqual([]);
    const all = await request(t.http).get(`${API}/clients?includeArchived=true`).set(session.auth).expect(200);
    expect(all.body.data.map((c: { id: string }) => c.id)).toEqual([client.id]);
  });

  it('writes one audit event per record read, in the same statement as the read', async () => {
    const therapist = await createTherapist(t);
    const session = await loginAs(t, therapist);
    const client = await createClient(t, therapist);
    await request(t.http).get(`${API}/clients/${client.id}`).set(session.auth).expect(200);
    await request(t.http).get(`${API}/clients`).set(session.auth).expect(200);
    const events = await t.db.query(
      `SELECT action, resource_type, resource_id, client_ids, actor_role, request_id IS NOT NULL AS has_request, source_address IS NOT NULL AS has_address
         FROM audit_events WHERE actor_id = $1 ORDER BY seq`,
      [therapist.id],
    );
    expect(events).toEqual([
      { action: 'read', resource_type: 'client', resource_id: client.id, client_ids: [client.id], actor_role: 'therapist', has_request: true, has_address: true },
      { action: 'list', resource_type: 'client', resource_id: null, client_ids: [client.id], actor_role: 'therapist', has_request: true, has_address: true },
    ]);
    // A refused read discloses nothing and records nothing.
    await request(t.http).get(`${API}/clients/${w.couple.partners[0].id}`).set(session.auth).expect(404);
    const after = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1`, [therapist.id]);
    expect(after[0].n).toBe(2);
  });

  it('refuses to purge inside the retention period and says when it becomes possible', async () => {
    const client = await createClient(t, w.owner, { date_of_birth: '2015-03-01' });
    const res = await request(t.http).post(`${API}/clients/${client.id}/purge`).set(w.as.admin.auth).expect(409);
    // Turns 18 on 2033-03-01; ten years after that.
    expect(res.body).toMatchObject({ type: '/problems/retention-period', purgeableFrom: '2043-03-01' });
    await request(t.http).post(`${API}/clients/${client.id}/purge`).set(w.as.owner.auth).expect(403);
  });

  it('purges identifying details after the retention period, keeping the record', async () => {
    const client = await createClient(t, w.owner, { date_of_birth: '1950-07-09', created_at: '2014-01-15T12:00:00Z', email: 'old@example.ca' });
    const res = await request(t.http).post(`${API}/clients/${client.id}/purge`).set(w.as.admin.auth).expect(200);
    expect(res.body).toMatchObject({ legalName: 'Purged record', email: null, dateOfBirth: '1950-01-01' });
    const [row] = await t.db.query('SELECT purged_at IS NOT NULL AS purged FROM clients WHERE id = $1', [client.id]);
    expect(row.purged).toBe(true);
  });

  it('answers a malformed id with 400, not 500', async () => {
    const res = await request(t.http).get(`${API}/clients/not-a-uuid`).set(w.as.owner.auth).expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, errors: [{ field: 'id', message: 'id must be a UUID' }] });
  });

  it('is added by an admin only to an active therapist’s caseload, naming primaryTherapistId otherwise', async () => {
    const [before] = await t.db.query(`SELECT count(*)::int AS n FROM clients`);
    for (const notATherapist of await notActiveTherapists(t, w)) {
      const refused = await request(t.http).post(`${API}/clients`).set(w.as.admin.auth).send({ ...validClient, primaryTherapistId: notATherapist }).expect(422);
      expect(refused.body).toMatchObject({ type: expect.stringContaining('unknown-therapist'), errors: [expect.objectContaining({ field: 'primaryTherapistId' })] });
    }
    const [after] = await t.db.query(`SELECT count(*)::int AS n FROM clients`);
    expect(after.n).toBe(before.n);
    const added = await request(t.http).post(`${API}/clients`).set(w.as.admin.auth).send({ ...validClient, primaryTherapistId: w.owner.id }).expect(201);
    expect(added.body.primaryTherapistId).toBe(w.owner.id);
  });

  it('is moved by an admin only to an active therapist’s caseload, naming primaryTherapistId otherwise', async () => {
    const client = await createClient(t, w.owner);
    for (const notATherapist of await notActiveTherapists(t, w)) {
      const refused = await request(t.http).patch(`${API}/clients/${client.id}`).set(w.as.admin.auth).send({ primaryTherapistId: notATherapist, phone: '+16135550111' }).expect(422);
      expect(refused.body).toMatchObject({ type: expect.stringContaining('unknown-therapist'), errors: [expect.objectContaining({ field: 'primaryTherapistId' })] });
    }
    const [unchanged] = await t.db.query(`SELECT primary_therapist_id, phone FROM clients WHERE id = $1`, [client.id]);
    expect(unchanged.primary_therapist_id).toBe(w.owner.id);
    expect(unchanged.phone).not.toBe('+16135550111');
    const next = await createTherapist(t);
    const moved = await request(t.http).patch(`${API}/clients/${client.id}`).set(w.as.admin.auth).send({ primaryTherapistId: next.id }).expect(200);
    expect(moved.body.primaryTherapistId).toBe(next.id);
  });
});

describe('client portal invitations', () => {
  const { t, w } = useClinic();

  it('invites a client, who accepts once and then reads their own record', async () => {
    const client = await createClient(t, w.owner, { email: 'portal.invitee@example.ca' });
    const invited = await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(w.as.owner.auth).send({}).expect(201);
    expect(invited.body).toMatchObject({ sentTo: 'p***@example.ca' });
    const token = await tokenSentTo(t, 'portal.invitee@example.ca');
    const accepted = await request(t.http)
      .post(`${API}/auth/invitations/accept`)
      .send({ token, password: 'a long portal password', displayName: 'Portal Invitee' })
      .expect(200);
    expect(accepted.body.user.role).toBe('client');
    const auth = { Authorization: `Bearer ${accepted.body.accessToken}` };
    const own = await request(t.http).get(`${API}/clients/${client.id}`).set(auth).expect(200);
    expect(own.body.hasPortalAccount).toBe(true);
    await request(t.http).get(`${API}/clients/${w.couple.partners[0].id}`).set(auth).expect(404);
    await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(w.as.owner.auth).send({}).expect(409);
  });

  it.each<[Actor, number]>([
    ['owner', 201],
    ['admin', 201],
    ['partner', 403],
    ['otherTherapist', 404],
    ['otherCouplePartner', 403],
    ['anonymous', 401],
  ])('POST /clients/{id}/invitation as %s → %i', async (actor, status) => {
    const client = await createClient(t, w.owner, { email: 'someone@example.ca' });
    await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(authOf(w, actor)).send({}).expect(status);
  });

  it('answers 409 record-archived for an archived record, which stays readable', async () => {
    const client = await createClient(t, w.owner);
    await request(t.http).post(`${API}/clients/${client.id}/archive`).set(w.as.owner.auth).expect(200);
    await request(t.http).get(`${API}/clients/${client.id}`).set(w.as.owner.auth).expect(200);
    const res = await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(w.as.owner.auth).send({}).expect(409);
    expect(res.body.type).toBe('/problems/record-archived');
    await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(w.as.otherTherapist.auth).send({}).expect(404);
  });

  it('needs an email on the record', async () => {
    const client = await createClient(t, w.owner);
    const res = await request(t.http).post(`${API}/clients/${client.id}/invitation`).set(w.as.owner.auth).send({}).expect(422);
    expect(res.body.type).toBe('/problems/client-email-missing');
  });
});
