import { DateTime } from 'luxon';
import type { ClinicContact } from './email-templates';
import type { OutboxEntry } from './outbox.service';

/** The account messages the outbox carries; each goes only to the person's own address. */
export const ACCOUNT_EVENTS = ['portal.invitation', 'portal.account_created', 'client.email_changed', 'account.password_reset'] as const;
export type AccountEvent = (typeof ACCOUNT_EVENTS)[number];

/** Payload keys that hold a bearer link; the outbox scrubs them once the message is settled. */
export const ACCOUNT_LINK_KEYS = ['acceptUrl', 'resetUrl'] as const;

export const accountMessage = {
  invitation: (to: string, acceptUrl: string, expiresAt: Date): OutboxEntry => email('portal.invitation', { to, acceptUrl, expiresAt: expiresAt.toISOString() }),
  accountCreated: (to: string): OutboxEntry => email('portal.account_created', { to }),
  /** Sent to the address being replaced; the new one is not named, so a hijacker learns nothing. */
  emailChanged: (previous: string): OutboxEntry => email('client.email_changed', { to: previous }),
  passwordReset: (to: string, resetUrl: string, expiresAt: Date): OutboxEntry => email('account.password_reset', { to, resetUrl, expiresAt: expiresAt.toISOString() }),
};

function email(event: AccountEvent, payload: Record<string, string>): OutboxEntry {
  return { channel: 'email', event, payload };
}

/** The link an account message carries, if any (what development logs may show). */
export function accountLink(payload: Record<string, unknown>): string | undefined {
  const link = payload.acceptUrl ?? payload.resetUrl;
  return typeof link === 'string' ? link : undefined;
}

/**
 * The account messages, each with its own wording: what happened, the private link and until
 * when it works, and what to do if it was not the reader: the clinic's phone or email from its settings.
 */
export function renderAccountEmail(event: AccountEvent, payload: Record<string, unknown>, clinic: ClinicContact): { subject: string; body: string[] } {
  const until = typeof payload.expiresAt === 'string' ? DateTime.fromISO(payload.expiresAt).setZone(clinic.timeZone).toFormat("cccc, LLLL d, yyyy 'at' h:mm a ZZZZ") : undefined;
  const link = accountLink(payload) ?? '';
  const reach = [clinic.phone && `call ${clinic.phone}`, clinic.email && `write to ${clinic.email}`].filter(Boolean).join(' or ') || 'contact the clinic';
  const private_ = (what: string) => [`${what}, open this private link. It is for you alone: do not forward it.`, '', link, ''];
  switch (event) {
    case 'portal.invitation':
      return {
        subject: `${clinic.name} invites you to its client portal`,
        body: [
          `${clinic.name} invites you to its secure client portal, where you can see your appointments and share your work between sessions with your therapist.`,
          '',
          ...private_('To set your password and open your account'),
          `The link works once${until ? `, until ${until}` : ''}. If it has expired, ask your therapist for a new one.`,
          '',
          `If you did not expect this invitation, ignore it, or ${reach}.`,
        ],
      };
    case 'portal.account_created':
      return {
        subject: 'Your client portal account is ready',
        body: [
          `A client portal account at ${clinic.name} was just opened with this email address. You can now sign in with it and the password you chose.`,
          '',
          `If it was not you, ${reach} now: someone may have used an invitation meant for you.`,
        ],
      };
    case 'client.email_changed':
      return {
        subject: `Your email address at ${clinic.name} was changed`,
        body: [
          `The email address on your record at ${clinic.name} was just changed. Messages from the clinic, and any new portal invitation, now go to the new address; this one will get no more.`,
          '',
          `If you did not ask for this, ${reach} now.`,
        ],
      };
    case 'account.password_reset':
      return {
        subject: 'Reset your password',
        body: [
          'Someone, hopefully you, asked to reset the password of your account with this email address.',
          '',
          ...private_('To choose a new password'),
          `The link works once${until ? `, until ${until}` : ''}. If you did not ask for it, ignore this email: your password stays as it is.`,
        ],
      };
  }
}
