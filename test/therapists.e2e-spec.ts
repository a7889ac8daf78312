import request from 'supertest';
import { Actor, authOf } from './clinic-factories';
import { createUser } from './factories';
import { useClinic } from './use-app';

const API = '/api/v1';

describe('therapists: availability and the public list', () => {
  const { t, w } = useClinic();

  const week = {
    windows: [
      { weekday: 2, start: '13:00', end: '17:00' },
      { weekday: 2, start: '09:00', end: '12:00' },
      { weekday: 4, start: '09:00', end: '12:00' },
    ],
  };

  it('replaces and reads a therapist’s week, in order', async () => {
    const put = await request(t.http).put(`${API}/therapists/${w.owner.id}/availability`).set(w.as.owner.auth).send(week).expect(200);
    expect(put.body).toEqual({
      therapistId: w.owner.id,
      timeZone: 'America/Toronto',
      windows: [
        { weekday: 2, start: '09:00', end: '12:00' },
        { weekday: 2, start: '13:00', end: '17:00' },
        { weekday: 4, start: '09:00', end: '12:00' },
      ],
    });
    await request(t.http).put(`${API}/therapists/${w.owner.id}/availability`).set(w.as.owner.auth).send({ windows: [] }).expect(200);
    const get = await request(t.http).get(`${API}/therapists/${w.owner.id}/availability`).set(w.as.owner.auth).expect(200);
    expect(get.body.windows).toEqual([]);
  });

  it('refuses overlapping, reversed and malformed windows without changing the week', async () => {
    await request(t.http).put(`${API}/therapists/${w.owner.id}/availability`).set(w.as.owner.auth).send(week).expect(200);
    const overlap = await request(t.http)
      .put(`${API}/therapists/${w.owner.id}/availability`)
      .set(w.as.owner.auth)
      .send({ windows: [{ weekday: 1, start: '09:00', end: '12:00' }, { weekday: 1, start: '11:00', end: '13:00' }] })
      .expect(422);
    expect(overlap.body.type).toBe('/problems/window-overlap');
    await request(t.http).put(`${API}/therapists/${w.owner.id}/availability`).set(w.as.owner.auth).send({ windows: [{ weekday: 1, start: '12:00', end: '09:00' }] }).expect(422);
    const bad = await request(t.http).put(`${API}/therapists/${w.owner.id}/availability`).set(w.as.owner.auth).send({ windows: [{ weekday: 8, start: '25:00', end: '9' }] }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['windows.0.end', 'windows.0.start', 'windows.0.weekday']);
    const get = await request(t.http).get(`${API}/therapists/${w.owner.id}/availability`).set(w.as.owner.auth).expect(200);
    expect(get.body.windows).toHaveLength(3);
  });

  it.each<[Actor, number]>([
    ['owner', 200],
    ['admin', 200],
    ['otherTherapist', 404],
    ['partner', 403],
    ['otherCouplePartner', 403],
    ['anonymous', 401],
  ])('GET and PUT /therapists/{id}/availability as %s → %i', async (actor, status) => {
    await request(t.http).get(`${API}/therapists/${w.owner.id}/availability`).set(authOf(w, actor)).expect(status);
    await request(t.http).put(`${API}/therapists/${w.owner.id}/availability`).set(authOf(w, actor)).send(week).expect(status);
  });

  it('answers 404 for an id that is not a therapist', async () => {
    await request(t.http).get(`${API}/therapists/${w.couple.partners[0].id}/availability`).set(w.as.admin.auth).expect(404);
  });

  it('lists bookable therapists publicly, with no personal details', async () => {
    const hidden = await createUser(t, 'therapist', { active: false });
    // Every page: the shared test database holds the therapists of every spec file.
    const listed: { id: string }[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const res: { body: { data: { id: string }[]; nextCursor: string | null } } = await request(t.http).get(`${API}/public/therapists`).query({ limit: 100, ...(cursor ? { cursor } : {}) }).expect(200);
      listed.push(...res.body.data);
      cursor = res.body.nextCursor;
    }
    const mine = listed.find((d) => d.id === w.owner.id);
    expect(Object.keys(mine ?? {}).sort()).toEqual(['bio', 'credentials', 'displayName', 'id', 'languages']);
    expect(listed.map((d) => d.id)).not.toContain(hidden.id);
  });
});
