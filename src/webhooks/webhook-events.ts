/** The events an integration can subscribe to. */
export const WEBHOOK_EVENTS = ['connection_call.booked', 'connection_call.cancelled', 'connection_call.rescheduled', 'connection_call.completed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
