import ICAL from 'ical.js';
import request from 'supertest';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { TestApp } from './app';
import { SmtpInbox, startSmtpServer } from './smtp-server';

const API = '/api/v1';

/** How the clinic is reached, as the e2e files that deliver mail set it. */
export const CLINIC = { name: 'Riverside Couples Clinic', phone: '+1 613 555 0100', email: 'frontdesk@riverside.example' };

/**
 * A real SMTP server on loopback for the file, and the app pointed at it: call before `useClinic()`
 * so the server is listening when the app boots. Quiet hours are off, so planned times are exact.
 */
export function useSmtpInbox(): { inbox: () => SmtpInbox } {
  let inbox: SmtpInbox | undefined;
  beforeAll(async () => {
    inbox = await startSmtpServer();
    Object.assign(process.env, { SMTP_URL: inbox.url, QUIET_HOURS: 'none', CLINIC_NAME: CLINIC.name, CLINIC_PHONE: CLINIC.phone, CLINIC_EMAIL: CLINIC.email });
  });
  afterAll(() => inbox?.close());
  return {
    inbox: () => {
      if (!inbox) throw new Error('The SMTP server starts in beforeAll.');
      return inbox;
    },
  };
}

/** Delivers the outbox messages about these subjects, as if their time had come (the clock moved, not slept). */
export async function deliverDue(t: TestApp, subjectIds: string[], worker = t.app.get(OutboxWorker)): Promise<string[]> {
  const ids = await pendingAbout(t, subjectIds);
  await t.db.query(`UPDATE outbox_messages SET available_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  await worker.drain({ messageIds: ids });
  return ids;
}

/** The pending emails about these subjects (their webhook messages are not mail). */
export async function pendingAbout(t: TestApp, subjectIds: string[]): Promise<string[]> {
  const found: { id: string }[] = await t.db.query(
    `SELECT id FROM outbox_messages WHERE subject_id = ANY($1::uuid[]) AND channel = 'email' AND delivered_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL`,
    [subjectIds],
  );
  return found.map((r) => r.id);
}

/** Delivers the emails written for these addresses (account mail and notices are due at once). */
export async function deliverTo(t: TestApp, addresses: string[]): Promise<void> {
  const found: { id: string }[] = await t.db.query(
    `SELECT id FROM outbox_messages WHERE channel = 'email' AND payload->>'to' = ANY($1::text[]) AND delivered_at IS NULL AND failed_at IS NULL AND withdrawn_at IS NULL`,
    [addresses.map((a) => a.toLowerCase())],
  );
  await t.app.get(OutboxWorker).drain({ messageIds: found.map((r) => r.id) });
}

export const grantConsent = (t: TestApp, auth: Record<string, string>, clientId: string, purpose: string, decision = 'granted') =>
  request(t.http).post(`${API}/clients/${clientId}/consents`).set(auth).send({ purpose, decision, note: 'Asked at intake' }).expect(201);

/** The events of an `.ics` attachment, read by ical.js as a calendar app would. */
export function calendarEvents(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v);
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      location: event.location ?? null,
      url: (v.getFirstPropertyValue('url') as string | null) ?? null,
    };
  });
}
