import request from 'supertest';
import { EntityManager } from 'typeorm';
import { AuditSealer } from '../src/audit/audit-sealer';
import { Actor, authOf, createClient } from './clinic-factories';
import { useClinic } from './use-app';

const API = '/api/v1';

describe('consents and the audit trail', () => {
  const { t, w } = useClinic();

  it('keeps every grant and withdrawal and derives the current state', async () => {
    const client = await createClient(t, w.owner);
    const url = `${API}/clients/${client.id}/consents`;
    await request(t.http).post(url).set(w.as.owner.auth).send({ purpose: 'email_contact', decision: 'granted', note: 'Intake form' }).expect(201);
    await request(t.http).post(url).set(w.as.owner.auth).send({ purpose: 'email_contact', decision: 'withdrawn' }).expect(201);
    await request(t.http).post(url).set(w.as.owner.auth).send({ purpose: 'treatment', decision: 'granted' }).expect(201);
    const res = await request(t.http).get(url).set(w.as.owner.auth).expect(200);
    expect(res.body.entries.map((e: { purpose: string; decision: string }) => `${e.purpose}:${e.decision}`)).toEqual([
      'treatment:granted',
      'email_contact:withdrawn',
      'email_contact:granted',
    ]);
    expect(res.body.current).toEqual([
      { purpose: 'treatment', granted: true, since: expect.any(String) },
      { purpose: 'joint_record_release', granted: false, since: null },
      { purpose: 'email_contact', granted: false, since: expect.any(String) },
      { purpose: 'reminders', granted: false, since: null },
      { purpose: 'repair_notices', granted: false, since: null },
    ]);
    await expect(t.db.query(`UPDATE consents SET decision = 'granted' WHERE client_id = $1`, [client.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM consents WHERE client_id = $1`, [client.id])).rejects.toThrow(/append-only/);
  });

  it('refuses an unknown purpose', async () => {
    const res = await request(t.http)
      .post(`${API}/clients/${w.couple.partners[0].id}/consents`)
      .set(w.as.owner.auth)
      .send({ purpose: 'marketing', decision: 'granted' })
      .expect(400);
    expect(res.body.errors[0].field).toBe('purpose');
  });

  it.each<[Actor, number]>([
    ['owner', 200],
    ['admin', 200],
    ['partner', 200],
    ['otherPartner', 404],
    ['otherTherapist', 404],
    ['otherCouplePartner', 404],
    ['anonymous', 401],
  ])('GET /clients/{id}/consents as %s → %i', async (actor, status) => {
    await request(t.http).get(`${API}/clients/${w.couple.partners[0].id}/consents`).set(authOf(w, actor)).expect(status);
  });

  it.each<[Actor, number]>([
    ['owner', 201],
    ['partner', 201],
    ['otherPartner', 404],
    ['otherTherapist', 404],
    ['otherCouplePartner', 404],
    ['anonymous', 401],
  ])('POST /clients/{id}/consents as %s → %i', async (actor, status) => {
    await request(t.http)
      .post(`${API}/clients/${w.couple.partners[0].id}/consents`)
      .set(authOf(w, actor))
      .send({ purpose: 'email_contact', decision: 'granted' })
      .expect(status);
  });

  it.each<[Actor, number]>([
    ['owner', 200],
    ['admin', 200],
    ['partner', 200],
    ['otherPartner', 404],
    ['otherTherapist', 404],
    ['otherCouplePartner', 404],
    ['anonymous', 401],
  ])('GET /clients/{id}/access-log as %s → %i', async (actor, status) => {
    await request(t.http).get(`${API}/clients/${w.couple.partners[0].id}/access-log`).set(authOf(w, actor)).expect(status);
  });

  it('shows a client who accessed their record, with staff names and no other client ids', async () => {
    const client = w.couple.partners[1];
    await request(t.http).get(`${API}/clients/${client.id}`).set(w.as.owner.auth).expect(200);
    await request(t.http).get(`${API}/couples/${w.couple.id}`).set(w.as.partner.auth).expect(200);
    await request(t.http).get(`${API}/clients/${client.id}`).set(w.as.otherPartner.auth).expect(200);
    const res = await request(t.http).get(`${API}/clients/${client.id}/access-log`).set(w.as.otherPartner.auth).expect(200);
    const [mine, partners, therapists] = res.body.data;
    expect(mine).toMatchObject({ action: 'read', resourceType: 'client', actor: { role: 'client', name: 'you' } });
    expect(partners).toMatchObject({ action: 'read', resourceType: 'couple', actor: { role: 'client', name: null } });
    expect(therapists).toMatchObject({ action: 'read', resourceType: 'client', actor: { role: 'therapist', name: expect.stringContaining('therapist') } });
    expect(JSON.stringify(res.body)).not.toContain(w.couple.partners[0].id);
  });

  it.each<[Actor, number]>([
    ['admin', 200],
    ['owner', 403],
    ['partner', 403],
    ['anonymous', 401],
  ])('GET /audit-events as %s → %i', async (actor, status) => {
    await request(t.http).get(`${API}/audit-events`).set(authOf(w, actor)).expect(status);
    await request(t.http).get(`${API}/audit-events/verify`).set(authOf(w, actor)).expect(status);
  });

  it('filters audit events by client and action', async () => {
    const client = await createClient(t, w.owner);
    await request(t.http).get(`${API}/clients/${client.id}`).set(w.as.owner.auth).expect(200);
    const res = await request(t.http).get(`${API}/audit-events?clientId=${client.id}&action=read`).set(w.as.admin.auth).expect(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({ action: 'read', resourceType: 'client', resourceId: client.id, actorId: w.owner.id, clientIds: [client.id], hash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    ]);
  });

  /** One run of the sealer, waiting as long as other work on the server keeps transactions open. */
  const sealNow = () => t.app.get(AuditSealer).sealOnce(10_000);

  it('refuses to change or delete audit events and seals in the database', async () => {
    await expect(t.db.query(`UPDATE audit_events SET action = 'read' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_events WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    await sealNow();
    await expect(t.db.query(`UPDATE audit_seals SET events = events + 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_seals`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_seals`)).rejects.toThrow(/append-only/);
  });

  /** Runs `change` with the table's append-only trigger off, as only someone who can alter the table could. */
  const bypassing = (table: 'audit_events' | 'audit_seals', change: (tx: EntityManager) => Promise<unknown>) =>
    t.db.transaction(async (tx) => {
      await tx.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_append_only`);
      await change(tx);
      await tx.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_append_only`);
    });
  const verify = () => request(t.http).get(`${API}/audit-events/verify`).set(w.as.admin.auth).expect(200);

  /** Thirty concurrent audited reads of a new client, sealed; answers the client's first event. */
  const sealedReads = async () => {
    const client = await createClient(t, w.owner);
    await Promise.all(Array.from({ length: 30 }, () => request(t.http).get(`${API}/clients/${client.id}`).set(w.as.owner.auth).expect(200)));
    await sealNow();
    const [victim] = await t.db.query(`SELECT seq, actor_id FROM audit_events WHERE resource_id = $1 ORDER BY seq LIMIT 1`, [client.id]);
    const [seal] = await t.db.query(`SELECT last_seq, hash FROM audit_seals WHERE $1 BETWEEN first_seq AND last_seq`, [victim.seq]);
    const [firstOfSeal] = await t.db.query(`SELECT min(e.seq)::text AS seq FROM audit_events e, audit_seals s WHERE s.last_seq = $1 AND e.seq BETWEEN s.first_seq AND s.last_seq`, [
      seal.last_seq,
    ]);
    return { client, victim, seal, firstOfSealSeq: firstOfSeal.seq as string };
  };

  it('seals concurrent writers in seq order, and verify detects a changed event', async () => {
    const { victim } = await sealedReads();
    const intact = await verify();
    expect(intact.body).toMatchObject({ intact: true, firstBrokenSeq: null, unsealed: expect.any(Number), sealingLagSeconds: expect.any(Number) });
    expect(intact.body.checked).toBeGreaterThanOrEqual(30);
    expect(BigInt(intact.body.lastSeq)).toBeGreaterThanOrEqual(BigInt(victim.seq));

    const tamper = (actorId: string) => bypassing('audit_events', (tx) => tx.query('UPDATE audit_events SET actor_id = $1 WHERE seq = $2', [actorId, victim.seq]));
    await tamper(w.couple.partners[0].id);
    try {
      const broken = await verify();
      expect(broken.body).toMatchObject({ intact: false, firstBrokenSeq: victim.seq });
    } finally {
      await tamper(victim.actor_id);
    }
    expect((await verify()).body.intact).toBe(true);
  });

  it('detects a changed event whose hash was recomputed, a removed event and a changed seal', async () => {
    const { victim, seal, firstOfSealSeq } = await sealedReads();
    // Someone who knows the digest changes who read the record and recomputes the event's hash.
    const rewrite = (actorId: string) =>
      bypassing('audit_events', (tx) =>
        tx.query(
          `UPDATE audit_events SET actor_id = $1, hash = audit_event_digest(prev_hash, seq, occurred_at, actor_kind, $1, actor_role, action,
             resource_type, resource_id, client_ids, request_id, source_address) WHERE seq = $2`,
          [actorId, victim.seq],
        ),
      );
    await rewrite(w.couple.partners[0].id);
    try {
      // The event checks out on its own; its seal no longer covers what is stored.
      expect((await verify()).body).toMatchObject({ intact: false, firstBrokenSeq: firstOfSealSeq });
    } finally {
      await rewrite(victim.actor_id);
    }
    expect((await verify()).body.intact).toBe(true);

    await t.db.query(`CREATE TABLE audit_removed AS SELECT * FROM audit_events WHERE seq = $1`, [victim.seq]);
    try {
      await bypassing('audit_events', (tx) => tx.query('DELETE FROM audit_events WHERE seq = $1', [victim.seq]));
      expect((await verify()).body).toMatchObject({ intact: false, firstBrokenSeq: firstOfSealSeq });
    } finally {
      await t.db.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_stamp');
        await tx.query('INSERT INTO audit_events SELECT * FROM audit_removed');
        await tx.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_stamp');
      });
      await t.db.query('DROP TABLE audit_removed');
    }
    expect((await verify()).body.intact).toBe(true);

    const reseal = (hash: Buffer) => bypassing('audit_seals', (tx) => tx.query('UPDATE audit_seals SET hash = $1 WHERE last_seq = $2', [hash, seal.last_seq]));
    await reseal(Buffer.alloc(32, 2));
    try {
      expect((await verify()).body).toMatchObject({ intact: false, firstBrokenSeq: firstOfSealSeq });
    } finally {
      await reseal(seal.hash);
    }
    expect((await verify()).body.intact).toBe(true);
  });

  it('seals an event only once no transaction can still commit an earlier number', async () => {
    const sealer = t.app.get(AuditSealer);
    const client = await createClient(t, w.owner);
    const open = t.db.createQueryRunner();
    await open.connect();
    try {
      await open.startTransaction();
      const [earlier] = await open.query(`INSERT INTO audit_events (actor_kind, action, resource_type, client_ids) VALUES ('anonymous', 'read', 'client', $1) RETURNING seq`, [
        [client.id],
      ]);
      await request(t.http).get(`${API}/clients/${client.id}`).set(w.as.owner.auth).expect(200);
      const [later] = await t.db.query(`SELECT seq FROM audit_events WHERE resource_id = $1 ORDER BY seq DESC LIMIT 1`, [client.id]);
      expect(BigInt(later.seq)).toBeGreaterThan(BigInt(earlier.seq));

      // The later event is committed, but the earlier number may still commit: nothing is sealed.
      await expect(sealer.sealOnce(50)).resolves.toBe(0);
      const [before] = await t.db.query(`SELECT coalesce(max(last_seq), 0)::text AS last_seq FROM audit_seals`);
      expect(BigInt(before.last_seq)).toBeLessThan(BigInt(earlier.seq));

      await open.commitTransaction();
      await sealNow();
      const sealed = await t.db.query(`SELECT e.seq FROM audit_events e JOIN audit_seals s ON e.seq BETWEEN s.first_seq AND s.last_seq WHERE e.seq IN ($1, $2)`, [
        earlier.seq,
        later.seq,
      ]);
      expect(sealed).toHaveLength(2);
    } finally {
      if (open.isTransactionActive) await open.rollbackTransaction();
      await open.release();
    }
    expect((await verify()).body).toMatchObject({ intact: true });
  });
});
