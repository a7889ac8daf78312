import { DateTime } from 'luxon';
import { NOTIFICATION_EVENTS, NotificationEvent, renderNotificationEmail } from '../notifications/notification-emails';
import { ACCOUNT_EVENTS, ACCOUNT_LINK_KEYS, AccountEvent, renderAccountEmail } from './account-emails';
import { isOutcomeEvent, renderOutcomeEmail } from '../outcomes/outcome-emails';
import { PermanentDeliveryError } from './retry-policy';

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface RenderedEmail {
  to: string;
  subject: string;
  text: string;
  attachments?: EmailAttachment[];
}

/** Who signs the emails, in which zone times are told, and how a client reaches the clinic (clinic settings). */
export interface ClinicContact {
  timeZone: string;
  name: string;
  phone?: string;
  email?: string;
}

/**
 * Payload keys that hold a secret link: scrubbed from the stored message once it is settled. A
 * session's video link opens its room, so it goes too.
 */
export const SECRET_PAYLOAD_KEYS = ['manageUrl', 'videoUrl', ...ACCOUNT_LINK_KEYS] as const;

const MODALITY: Record<string, string> = { phone: 'by phone', video: 'by video', in_person: 'in person' };
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/** `jane.doe@example.ca` → `j***@example.ca`: enough to tell messages apart in a log, not to contact anyone. */
export function maskEmail(address: unknown): string {
  if (typeof address !== 'string' || !address.includes('@')) return '***';
  const [local, domain] = [address.slice(0, address.lastIndexOf('@')), address.slice(address.lastIndexOf('@') + 1)];
  return `${local.slice(0, 1)}***@${domain}`;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/**
 * Who the email is for: `recipient: 'therapist' | 'person'` when the payload says so; otherwise a
 * message carrying a manage link is for the person who booked, one without is the therapist's notice.
 */
function audience(event: string, payload: Record<string, unknown>): 'person' | 'therapist' {
  if (payload.recipient === 'therapist' || payload.recipient === 'person') return payload.recipient;
  if (event === 'connection_call.completed' || event === 'connection_call.reminder') return 'person';
  return text(payload.manageUrl) ? 'person' : 'therapist';
}

/** Plain-text email for an outbox message; a payload that cannot make one is a permanent failure. */
export function renderEmail(event: string, payload: Record<string, unknown>, clinic: ClinicContact): RenderedEmail {
  const to = text(payload.to);
  if (!to || !EMAIL.test(to)) throw new PermanentDeliveryError('email payload has no valid recipient');
  const timeZone = clinic.timeZone;
  const contact = [clinic.phone, clinic.email].filter(Boolean).join(' · ');
  const signature = ['', `— ${clinic.name}`, ...(contact ? [contact] : []), '', 'This is an automated message; replies are not read.'];
  const name = text(payload.name);
  const greeting = name ? `Hello ${name},` : 'Hello,';
  if ((ACCOUNT_EVENTS as readonly string[]).includes(event)) {
    const account = renderAccountEmail(event as AccountEvent, payload, clinic);
    return { to, subject: account.subject, text: ['Hello,', '', ...account.body, ...signature].join('\n') };
  }
  if (isOutcomeEvent(event)) {
    const outcome = renderOutcomeEmail(event);
    return { to, subject: outcome.subject, text: ['Hello,', '', ...outcome.body, ...signature].join('\n') };
  }
  if ((NOTIFICATION_EVENTS as readonly string[]).includes(event)) {
    const notice = renderNotificationEmail(event as NotificationEvent, payload, clinic);
    return { to, subject: notice.subject, text: [greeting, '', ...notice.body, ...signature].join('\n'), attachments: notice.attachments };
  }
  const starts = text(payload.startsAt) ? DateTime.fromISO(String(payload.startsAt), { setZone: true }) : undefined;
  if (!starts?.isValid) throw new PermanentDeliveryError('email payload has no valid startsAt');
  const when = (at: DateTime) => at.setZone(timeZone).toFormat("cccc, LLLL d, yyyy 'at' h:mm a ZZZZ");
  const previous = text(payload.previousStartsAt) ? DateTime.fromISO(String(payload.previousStartsAt), { setZone: true }) : undefined;
  const therapist = text(payload.therapistName) ?? 'your therapist';
  const person = text(payload.personName);
  const how = MODALITY[String(payload.modality)] ?? '';
  const manage = text(payload.manageUrl);
  const manageLine = manage ? ['', 'To cancel or reschedule, use this private link (do not share it):', manage] : [];
  // Told only to the address's owner, never in the public answer: bookings made in their name.
  const upcoming = Number(payload.upcomingCalls);
  const othersLine =
    upcoming > 1 ? ['', `This email now has ${upcoming} upcoming connection calls with the clinic. If you did not book one of them, cancel it with the link in its email.`] : [];
  const forTherapist = audience(event, payload) === 'therapist';
  const withWhom = forTherapist ? (person ? ` with ${person}` : '') : ` with ${therapist}`;

  let subject: string;
  let body: string[];
  switch (event) {
    case 'connection_call.booked':
      subject = forTherapist ? 'New connection call booked' : 'Your connection call is booked';
      body = [`The free connection call${withWhom} is booked for ${when(starts)}${how ? `, ${how}` : ''}.`, ...(forTherapist ? [] : [...manageLine, ...othersLine])];
      break;
    case 'connection_call.cancelled':
      subject = forTherapist ? 'Connection call cancelled' : 'Your connection call is cancelled';
      body = [`The connection call${withWhom} on ${when(starts)} is cancelled.`, ...(forTherapist ? [] : ['', 'You are welcome to book another time.'])];
      break;
    case 'connection_call.rescheduled':
      subject = forTherapist ? 'Connection call moved' : 'Your connection call has a new time';
      body = [
        `The connection call${withWhom}${previous?.isValid ? `, first set for ${when(previous)},` : ''} is now on ${when(starts)}${how ? `, ${how}` : ''}.`,
        ...(forTherapist ? [] : manageLine),
      ];
      break;
    case 'connection_call.reminder':
      subject = 'Reminder: your connection call';
      body = [`This is a reminder of your free connection call${withWhom} on ${when(starts)}${how ? `, ${how}` : ''}.`, ...manageLine];
      break;
    case 'connection_call.completed':
      subject = 'Thank you for your connection call';
      body = [`Thank you for speaking with ${therapist}. If you would like to begin therapy, reply through the clinic's website or call the front desk.`];
      break;
    default:
      throw new PermanentDeliveryError('no email template for this event');
  }
  return { to, subject: text(payload.subject) ?? subject, text: [greeting, '', ...body, ...signature].join('\n') };
}
