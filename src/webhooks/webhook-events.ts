/** Therapy-session events (src/therapy-sessions/session-notifications.ts); docs/booking.md describes each payload. */
export const SESSION_EVENTS = ['session.scheduled', 'session.moved', 'session.cancelled', 'session.completed'] as const;
export type SessionEvent = (typeof SESSION_EVENTS)[number];

/** The events an integration can subscribe to. */
export const WEBHOOK_EVENTS = ['connection_call.booked', 'connection_call.cancelled', 'connection_call.rescheduled', 'connection_call.completed', ...SESSION_EVENTS] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
