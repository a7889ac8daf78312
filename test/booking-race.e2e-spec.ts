import { at, book, bookingBody, createBookableTherapist, dayAhead } from './booking-factories';
import { useApp } from './use-app';

describe('booking race', () => {
  const t = useApp();

  it('60 concurrent requests for one slot of one therapist: exactly one 201, the rest 409, one row', async () => {
    const therapist = await createBookableTherapist(t);
    const day = dayAhead(13);
    const attempts = Array.from({ length: 60 }, () => book(t, bookingBody({ startsAt: at(day, '09:20'), therapistId: therapist.id })));
    const responses = await Promise.all(attempts);
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(59);
    for (const lost of responses.filter((r) => r.status === 409)) {
      expect(lost.body).toMatchObject({ type: '/problems/slot-taken', detail: expect.stringMatching(/no longer available/) });
    }
    const calls = await t.db.query(`SELECT id FROM connection_calls WHERE therapist_id = $1`, [therapist.id]);
    expect(calls).toHaveLength(1);
    const busy = await t.db.query(`SELECT id FROM busy_times WHERE therapist_id = $1 AND released_at IS NULL`, [therapist.id]);
    expect(busy).toHaveLength(1);
  });

  it('also with overlapping and adjacent slots in flight: no two active calls of one therapist overlap', async () => {
    const therapist = await createBookableTherapist(t);
    const day = dayAhead(14);
    const starts = ['09:00', '09:20', '09:40'];
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => book(t, bookingBody({ startsAt: at(day, starts[i % 3]), therapistId: therapist.id }))),
    );
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const [{ overlaps }] = await t.db.query(
      `SELECT count(*)::int AS overlaps FROM busy_times a JOIN busy_times b ON a.therapist_id = b.therapist_id AND a.id < b.id AND a.during && b.during
        WHERE a.therapist_id = $1 AND a.released_at IS NULL AND b.released_at IS NULL`,
      [therapist.id],
    );
    expect(overlaps).toBe(0);
    expect(responses.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
  });
});
