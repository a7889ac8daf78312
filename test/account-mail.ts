import { TestApp } from './app';

export interface OutboxEmail {
  event: string;
  payload: Record<string, string>;
}

/** The email messages the outbox holds for an address, oldest first: what its owner will receive. */
export function emailsTo(t: TestApp, to: string): Promise<OutboxEmail[]> {
  return t.db.query(`SELECT event, payload FROM outbox_messages WHERE channel = 'email' AND payload->>'to' = $1 ORDER BY created_at, id`, [to.toLowerCase()]);
}

/** The token in the last link of this kind sent to an address, as its owner reads it in the email. */
export async function tokenSentTo(t: TestApp, to: string, event: 'portal.invitation' | 'account.password_reset' = 'portal.invitation'): Promise<string> {
  const message = (await emailsTo(t, to)).filter((m) => m.event === event).pop();
  if (!message) throw new Error(`no ${event} sent to ${to}`);
  return new URL(message.payload.acceptUrl ?? message.payload.resetUrl).hash.replace('#token=', '');
}
