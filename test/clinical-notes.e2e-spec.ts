import request from 'supertest';
import { Actor, authOf } from './clinic-factories';
import { API, bookSession, pastSlot } from './session-factories';
import { useClinic } from './use-app';

describe('clinical notes', () => {
  const { t, w } = useClinic();

  const newSession = async () => (await bookSession(t, w.as.owner.auth, { coupleId: w.couple.id, ...pastSlot() })).id;
  const notes = (id: string) => `${API}/sessions/${id}/notes`;

  it('keeps every version: a correction adds one, and the original stays readable', async () => {
    const id = await newSession();
    await request(t.http).get(notes(id)).set(w.as.owner.auth).expect(404);
    const first = await request(t.http).post(notes(id)).set(w.as.owner.auth).send({ text: 'Practised mirroring; tension about chores.' }).expect(201);
    expect(first.body).toMatchObject({ sessionId: id, currentVersion: 1, text: 'Practised mirroring; tension about chores.' });
    // A second original would overwrite: refused.
    const again = await request(t.http).post(notes(id)).set(w.as.owner.auth).send({ text: 'Something else' }).expect(409);
    expect(again.body).toMatchObject({ type: '/problems/clinical-note-exists', currentVersion: 1 });
    // A correction needs its reason.
    const noReason = await request(t.http).post(notes(id)).set(w.as.owner.auth).send({ text: 'x', correctsVersion: 1 }).expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    await request(t.http)
      .post(notes(id))
      .set(w.as.owner.auth)
      .send({ text: 'Practised mirroring; tension about finances.', correctsVersion: 1, reason: 'Wrong topic recorded' })
      .expect(201);
    // Only the current version can be corrected.
    const stale = await request(t.http).post(notes(id)).set(w.as.owner.auth).send({ text: 'y', correctsVersion: 1, reason: 'again' }).expect(409);
    expect(stale.body).toMatchObject({ type: '/problems/clinical-note-version-stale', currentVersion: 2 });

    const res = await request(t.http).get(notes(id)).set(w.as.owner.auth).expect(200);
    expect(res.body).toMatchObject({ sessionId: id, currentVersion: 2, text: 'Practised mirroring; tension about finances.' });
    expect(res.body.versions).toEqual([
      expect.objectContaining({ version: 1, text: 'Practised mirroring; tension about chores.', authorId: w.owner.id, correctsVersion: null, reason: null }),
      expect.objectContaining({ version: 2, text: 'Practised mirroring; tension about finances.', authorId: w.owner.id, correctsVersion: 1, reason: 'Wrong topic recorded' }),
    ]);
    expect(new Date(res.body.versions[0].writtenAt).getTime()).toBeLessThanOrEqual(new Date(res.body.versions[1].writtenAt).getTime());

    const events: { action: string; resource_type: string; client_ids: string[] }[] = await t.db.query(
      `SELECT action, resource_type, client_ids FROM audit_events WHERE resource_id = $1 AND resource_type = 'clinical_note' ORDER BY seq`,
      [id],
    );
    expect(events.map((e) => e.action)).toEqual(['create', 'correct', 'read']);
    expect(events[2].client_ids.sort()).toEqual(w.couple.partners.map((p) => p.id).sort());
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const id = await newSession();
    await request(t.http).post(notes(id)).set(w.as.owner.auth).send({ text: 'Original text' }).expect(201);
    await expect(t.db.query(`UPDATE clinical_notes SET text = 'rewritten' WHERE session_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM clinical_notes WHERE session_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE clinical_notes`)).rejects.toThrow(/append-only|cannot truncate/);
    const [row] = await t.db.query(`SELECT text FROM clinical_notes WHERE session_id = $1`, [id]);
    expect(row.text).toBe('Original text');
  });

  it('validates the text', async () => {
    const id = await newSession();
    await request(t.http).post(notes(id)).set(w.as.owner.auth).send({ text: '' }).expect(400);
    await request(t.http).post(notes(id)).set(w.as.owner.auth).send({ text: 'x'.repeat(20_001) }).expect(400);
    await request(t.http).post(notes(id)).set(w.as.owner.auth).send({ text: 'first', correctsVersion: 1, reason: 'nothing to correct' }).expect(400);
  });

  describe('privacy: the session’s therapist alone', () => {
    let id: string;
    beforeAll(async () => {
      id = await newSession();
      await request(t.http).post(notes(id)).set(w.as.owner.auth).send({ text: 'Private clinical text' }).expect(201);
    });

    it.each<[Actor, number]>([
      ['owner', 200],
      ['admin', 404],
      ['partner', 404],
      ['otherPartner', 404],
      ['otherTherapist', 404],
      ['otherCouplePartner', 404],
      ['anonymous', 401],
    ])('GET /sessions/{id}/notes as %s → %i', async (actor, status) => {
      const res = await request(t.http).get(notes(id)).set(authOf(w, actor)).expect(status);
      if (status !== 200) expect(JSON.stringify(res.body)).not.toContain('Private clinical text');
    });

    it.each<[Actor, number]>([
      ['admin', 404],
      ['partner', 403],
      ['otherPartner', 403],
      ['otherTherapist', 404],
      ['otherCouplePartner', 403],
      ['anonymous', 401],
    ])('POST /sessions/{id}/notes as %s → %i, and nothing is written', async (actor, status) => {
      await request(t.http).post(notes(id)).set(authOf(w, actor)).send({ text: 'Intrusion', correctsVersion: 1, reason: 'x' }).expect(status);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM clinical_notes WHERE session_id = $1`, [id]);
      expect(n).toBe(1);
    });

    it('never puts a note in a session answer', async () => {
      const res = await request(t.http).get(`${API}/sessions/${id}`).set(w.as.partner.auth).expect(200);
      expect(JSON.stringify(res.body)).not.toContain('Private clinical text');
    });
  });
});
