import { DateTime } from 'luxon';
import request from 'supertest';
import { TestApp } from './app';

export const API = '/api/v1';
export const ZONE = 'America/Toronto';
export const PLACE = '120 Elgin Street, Suite 4, Ottawa, ON K1P 5K7';

let futureDays = 0;
let pastDays = 0;

/** A fresh hour on its own day, far in the future, 10:00–11:00 in Toronto unless told. */
export function futureSlot(hour = 10, minutes = 60): { startsAt: string; endsAt: string } {
  const start = DateTime.fromObject({ year: 2031, month: 1, day: 6, hour }, { zone: ZONE }).plus({ days: futureDays++ });
  return { startsAt: start.toISO()!, endsAt: start.plus({ minutes }).toISO()! };
}

/** A fresh hour on its own day in the past: sessions that can be completed or missed. */
export function pastSlot(hour = 10): { startsAt: string; endsAt: string } {
  const start = DateTime.fromObject({ year: 2025, month: 1, day: 6, hour }, { zone: ZONE }).plus({ days: pastDays++ });
  return { startsAt: start.toISO()!, endsAt: start.plus({ hours: 1 }).toISO()! };
}

/** Starting `hours` from now, lasting an hour. */
export function slotIn(hours: number): { startsAt: string; endsAt: string } {
  const start = DateTime.now().setZone(ZONE).plus({ hours }).startOf('minute');
  return { startsAt: start.toISO()!, endsAt: start.plus({ hours: 1 }).toISO()! };
}

export interface SessionBody {
  coupleId?: string;
  clientId?: string;
  therapistId?: string;
  startsAt: string;
  endsAt: string;
  modality?: string;
  location?: string;
  videoUrl?: string;
  recurrence?: { frequency: string; count: number };
}

export function postSession(t: TestApp, auth: Record<string, string>, body: SessionBody) {
  return request(t.http)
    .post(`${API}/sessions`)
    .set(auth)
    .send({ modality: 'in_person', location: body.modality === 'online' ? undefined : PLACE, ...body });
}

/** Books one session and answers it (201 expected). */
export async function bookSession(t: TestApp, auth: Record<string, string>, body: SessionBody): Promise<{ id: string; [key: string]: unknown }> {
  const res = await postSession(t, auth, body);
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.sessions[0];
}
