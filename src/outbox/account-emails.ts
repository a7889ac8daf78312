import { DateTime } from 'luxon';
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

/** Plain subject and lines for an account message; the clinic's styled templates replace these later. */
export function renderAccountEmail(event: AccountEvent, payload: Record<string, unknown>, timeZone: string): { subject: string; body: string[] } {
  const until = typeof payload.expiresAt === 'string' ? DateTime.fromISO(payload.expiresAt).setZone(timeZone).toFormat("LLLL d, yyyy 'at' h:mm a ZZZZ") : undefined;
  const link = accountLink(payload) ?? '';
  switch (event) {
    case 'portal.invitation':
      return {
        subject: 'Your invitation to the client portal',
        body: ['Your clinic invites you to its client portal. To set your password, open this private link (do not share it):', link, '', `It works once${until ? `, until ${until}` : ''}.`],
      };
    case 'portal.account_created':
      return { subject: 'Your client portal account is ready', body: ['A client portal account was just created with this email address. If it was not you, call the clinic now.'] };
    case 'client.email_changed':
      return {
        subject: 'Your email address at the clinic was changed',
        body: ['The email address on your record at the clinic was just changed, and messages now go to the new address. If you did not ask for this, call the clinic now.'],
      };
    case 'account.password_reset':
      return {
        subject: 'Reset your password',
        body: ['To choose a new password, open this private link (do not share it):', link, '', `It works once${until ? `, until ${until}` : ''}. If you did not ask for it, ignore this email.`],
      };
  }
}
