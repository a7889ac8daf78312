import { DateTime } from 'luxon';
import request from 'supertest';
import { TestApp } from './app';
import { createTherapist, TestUser, uniqueEmail } from './factories';

export const API = '/api/v1';
export const ZONE = 'America/Toronto';

/** Midnight in the clinic's zone, `days` from today. */
export const dayAhead = (days: number) => DateTime.now().setZone(ZONE).startOf('day').plus({ days });

/** A wall-clock time on that day, as the API writes it (clinic offset, seconds, no milliseconds). */
export const at = (day: DateTime, hhmm: string) => {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour, minute }).toISO({ suppressMilliseconds: true }) as string;
};

/** A therapist who takes connection calls, available every day within `start`–`end`. */
export async function createBookableTherapist(t: TestApp, start = '09:00', end = '10:00'): Promise<TestUser> {
  const therapist = await createTherapist(t);
  await t.db.query(
    `INSERT INTO availability_windows (therapist_id, weekday, starts_at, ends_at) SELECT $1, d, $2::time, $3::time FROM generate_series(1, 7) d`,
    [therapist.id, start, end],
  );
  return therapist;
}

export function bookingBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Sam Rivera',
    email: uniqueEmail('booker'),
    phone: '+14165550123',
    modality: 'video',
    message: 'We keep having the same argument about chores.',
    consentToContact: true,
    inOntario: true,
    ...overrides,
  };
}

export const book = (t: TestApp, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  request(t.http).post(`${API}/connection-calls`).set(headers).send(body);

export const slotsOf = async (t: TestApp, therapistId: string, day: DateTime): Promise<string[]> => {
  const res = await request(t.http)
    .get(`${API}/connection-calls/availability`)
    .query({ from: at(day, '00:00'), to: at(day.plus({ days: 1 }), '00:00'), modality: 'video', therapistId })
    .expect(200);
  return res.body.slots.map((s: { startsAt: string }) => s.startsAt);
};

/** The token at the end of a manage URL. */
export const tokenOf = (manageUrl: string) => manageUrl.split('/').pop() as string;
