import { DateTime } from 'luxon';
import { renderCalendar } from '../calendar/icalendar';
import { sessionEvent } from '../calendar/therapy-session-events';
import type { ClinicContact, EmailAttachment } from '../outbox/email-templates';
import { PermanentDeliveryError } from '../outbox/retry-policy';

/** The notification messages: reminders of sessions and content-free notices about the repair record. */
export const NOTIFICATION_EVENTS = ['session.reminder', 'repair.notice'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** What moved a repair notice: a partner recorded a rupture, or a repair attempt waits for the recipient's answer. */
export const REPAIR_NOTICE_KINDS = ['rupture_recorded', 'repair_awaits_confirmation'] as const;
export type RepairNoticeKind = (typeof REPAIR_NOTICE_KINDS)[number];

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

function instant(value: unknown, field: string): DateTime {
  const at = text(value) ? DateTime.fromISO(String(value), { setZone: true }) : undefined;
  if (!at?.isValid) throw new PermanentDeliveryError(`email payload has no valid ${field}`);
  return at;
}

/** How a client reaches the clinic to change an appointment, from the clinic's settings. */
export function howToReachClinic(clinic: ClinicContact): string {
  const ways = [clinic.phone && `call ${clinic.phone}`, clinic.email && `write to ${clinic.email}`].filter(Boolean);
  return ways.length ? `To change or cancel it, ${ways.join(' or ')}.` : 'To change or cancel it, contact the clinic or your therapist.';
}

/**
 * A session reminder: when (in the clinic's zone), how, where or the video link, and how to reach
 * the clinic; the `.ics` is the same entry as the client's calendar feed. Never a note, a rupture
 * or anything said in session: the payload carries none.
 */
function sessionReminder(payload: Record<string, unknown>, clinic: ClinicContact): { subject: string; body: string[]; attachments: EmailAttachment[] } {
  const startsAt = instant(payload.startsAt, 'startsAt');
  const endsAt = instant(payload.endsAt, 'endsAt');
  const id = text(payload.sessionId);
  const therapist = text(payload.therapistName) ?? 'your therapist';
  const online = payload.modality === 'online';
  const place = online ? text(payload.videoUrl) : text(payload.location);
  if (!id || !place) throw new PermanentDeliveryError('session reminder payload has no session or place');
  const local = startsAt.setZone(clinic.timeZone);
  const when = `${local.toFormat('cccc, LLLL d, yyyy')}, ${local.toFormat('h:mm a')} to ${endsAt.setZone(clinic.timeZone).toFormat('h:mm a ZZZZ')}`;
  const event = sessionEvent(
    {
      id,
      starts_at: startsAt.toJSDate(),
      ends_at: endsAt.toJSDate(),
      modality: online ? 'online' : 'in_person',
      location: online ? null : place,
      video_url: online ? place : null,
      therapist_name: therapist,
      updated_at: text(payload.updatedAt) ? new Date(String(payload.updatedAt)) : startsAt.toJSDate(),
    },
    'client',
  );
  return {
    subject: `Reminder: your session with ${therapist} on ${local.toFormat('cccc, LLLL d')} at ${local.toFormat('h:mm a')}`,
    body: [
      `This is a reminder of your therapy session with ${therapist}${payload.couple === true ? ', together with your partner' : ''}:`,
      '',
      `When: ${when}`,
      online ? `Online, by video: ${place}` : `In person, at ${place}`,
      '',
      howToReachClinic(clinic),
      '',
      'The attached calendar file adds the session to your calendar.',
    ],
    attachments: [{ filename: 'session.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: renderCalendar('Therapy session', [event], new Date()) }],
  };
}

/** A notice that something waits in the portal: who recorded what is never said. */
function repairNotice(payload: Record<string, unknown>): { subject: string; body: string[] } {
  const portal = text(payload.portalUrl);
  const forTherapist = payload.recipient === 'therapist';
  const where = portal ? ['', `Sign in to see it: ${portal}`] : [];
  if (payload.kind === 'repair_awaits_confirmation') {
    return forTherapist
      ? { subject: 'A repair attempt was recorded', body: ['A repair attempt was recorded for a couple on your caseload. Sign in to see it.'] }
      : { subject: 'Something is waiting for your answer in the portal', body: ['A step toward repair is waiting in your client portal for you to say how it landed for you.', ...where] };
  }
  if (payload.kind === 'rupture_recorded') {
    return forTherapist
      ? { subject: 'Something new in a couple’s repair record', body: ['A partner of a couple on your caseload recorded something new in the portal. Sign in to see it.'] }
      : { subject: 'Something new is waiting in your portal', body: ['Your partner recorded something new in your shared client portal.', ...where] };
  }
  throw new PermanentDeliveryError('repair notice payload has no known kind');
}

export function renderNotificationEmail(
  event: NotificationEvent,
  payload: Record<string, unknown>,
  clinic: ClinicContact,
): { subject: string; body: string[]; attachments?: EmailAttachment[] } {
  return event === 'session.reminder' ? sessionReminder(payload, clinic) : repairNotice(payload);
}
