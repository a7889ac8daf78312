import request from 'supertest';
import { API, createBookableTherapist } from './booking-factories';
import { useApp } from './use-app';

// A horizon long enough to reach the next spring-forward change (2027-03-14 in Toronto).
process.env.BOOKING_HORIZON_DAYS = '365';

describe('availability across a DST change', () => {
  const t = useApp();

  it('keeps 09:00 wall-clock time and answers the right offset on each side of the change', async () => {
    const therapist = await createBookableTherapist(t, '09:00', '09:20');
    const res = await request(t.http)
      .get(`${API}/connection-calls/availability`)
      .query({ from: '2027-03-12T00:00:00-05:00', to: '2027-03-16T00:00:00-04:00', modality: 'in_person', therapistId: therapist.id })
      .expect(200);
    expect(res.body.slots.map((s: { startsAt: string; endsAt: string }) => [s.startsAt, s.endsAt])).toEqual([
      ['2027-03-12T09:00:00-05:00', '2027-03-12T09:20:00-05:00'],
      ['2027-03-13T09:00:00-05:00', '2027-03-13T09:20:00-05:00'],
      ['2027-03-14T09:00:00-04:00', '2027-03-14T09:20:00-04:00'],
      ['2027-03-15T09:00:00-04:00', '2027-03-15T09:20:00-04:00'],
    ]);
    const booked = await request(t.http)
      .post(`${API}/connection-calls`)
      .send({ name: 'Alex', email: `dst.${Date.now()}@clinic.test`, modality: 'in_person', startsAt: '2027-03-14T13:00:00Z', therapistId: therapist.id, consentToContact: true, inOntario: true })
      .expect(201);
    expect(booked.body.startsAt).toBe('2027-03-14T09:00:00-04:00');
  });
});
