import { WEBHOOK_TIMEOUT_MS } from './webhook-dispatcher';
import { WebhookEvent } from './webhook-events';

type Schema = Record<string, unknown>;

const uuid = (description: string): Schema => ({ type: 'string', format: 'uuid', maxLength: 36, description });
const instant = (description: string): Schema => ({ type: 'string', format: 'date-time', maxLength: 30, description, example: '2030-03-12T18:00:00.000Z' });

/** What every session event carries: ids, times and the modality (never a name, a place, a link or a reason). */
const SESSION = {
  sessionId: uuid('The session'),
  therapistId: uuid('Its therapist'),
  coupleId: uuid('The couple, for a couple session (absent otherwise)'),
  clientId: uuid('The client, for a one-client session (absent otherwise)'),
  startsAt: instant('When it starts (UTC)'),
  endsAt: instant('When it ends (UTC)'),
  modality: { type: 'string', enum: ['in_person', 'online'], description: 'How it happens' },
};
const SESSION_REQUIRED = ['sessionId', 'therapistId', 'startsAt', 'endsAt', 'modality'];

/** What every connection-call event carries. */
const CALL = {
  callId: uuid('The connection call'),
  therapistId: uuid('Its therapist'),
  startsAt: instant('When it starts (UTC)'),
  endsAt: instant('When it ends (UTC)'),
  modality: { type: 'string', enum: ['phone', 'video', 'in_person'], description: 'How it happens' },
};
const CALL_REQUIRED = ['callId', 'therapistId', 'startsAt', 'endsAt', 'modality'];

const PREVIOUS = { previousStartsAt: instant('When it started before the move'), previousEndsAt: instant('When it ended before the move') };

/** Each event's `data`: the fields beyond its kind's common ones, and which of those are always there. */
const EVENTS: Record<WebhookEvent, { summary: string; base: 'session' | 'call'; extra?: Record<string, Schema>; required?: string[] }> = {
  'connection_call.booked': { summary: 'A connection call was booked', base: 'call' },
  'connection_call.cancelled': { summary: 'A connection call was cancelled', base: 'call' },
  'connection_call.rescheduled': { summary: 'A connection call moved', base: 'call', extra: { previousStartsAt: PREVIOUS.previousStartsAt } },
  'connection_call.completed': { summary: 'A connection call took place', base: 'call' },
  'session.scheduled': { summary: 'A therapy session was booked (one event per occurrence of a series)', base: 'session' },
  'session.moved': { summary: 'A therapy session’s time changed', base: 'session', extra: PREVIOUS, required: ['previousStartsAt', 'previousEndsAt'] },
  'session.cancelled': { summary: 'A therapy session was cancelled', base: 'session', extra: { cancelledAt: instant('When it was cancelled') }, required: ['cancelledAt'] },
  'session.completed': { summary: 'A therapy session took place', base: 'session', extra: { completedAt: instant('When it was recorded as completed') }, required: ['completedAt'] },
};

const headers = (event: string) => [
  { name: 'X-Clinic-Signature', in: 'header', required: true, description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the webhook’s secret; refuse a body whose signature does not check out or whose t is older than 5 minutes', schema: { type: 'string', maxLength: 100, pattern: '^t=[0-9]+,v1=[0-9a-f]{64}$' } },
  { name: 'X-Clinic-Webhook-Id', in: 'header', required: true, description: 'The webhook the call is for', schema: { type: 'string', format: 'uuid', maxLength: 36 } },
  { name: 'X-Clinic-Event', in: 'header', required: true, description: 'The event, as in the body', schema: { type: 'string', enum: [event] } },
];

/**
 * The calls the clinic makes to registered webhooks, as the OpenAPI 3.0 `x-webhooks` extension:
 * one POST per event, its body `{ id, event, occurredAt, data }` with `data` limited to ids, times
 * and the modality (src/webhooks/webhook-payload.ts). docs/booking.md says the same in prose.
 */
export function webhookCalls(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(EVENTS).map(([event, spec]) => {
      const [base, required] = spec.base === 'session' ? [SESSION, SESSION_REQUIRED] : [CALL, CALL_REQUIRED];
      const data = { type: 'object', additionalProperties: false, required: [...required, ...(spec.required ?? [])], properties: { ...base, ...spec.extra } };
      const body = {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'event', 'occurredAt', 'data'],
        properties: {
          id: uuid('The delivery: the same on every retry of it, so a receiver can ignore a repeat'),
          event: { type: 'string', enum: [event] },
          occurredAt: instant('When the change happened; calls are not ordered, so order by this'),
          data,
        },
      };
      const post = {
        summary: spec.summary,
        description: `POSTed to every webhook subscribed to \`${event}\`. Any 2xx within ${WEBHOOK_TIMEOUT_MS / 1000} s acknowledges it; anything else is retried with backoff (docs/operations.md), then kept as a dead letter.`,
        operationId: `webhook_${event.replace('.', '_')}`,
        tags: ['webhooks'],
        // The receiver checks X-Clinic-Signature; the clinic holds no credential of the receiver's.
        security: [],
        parameters: headers(event),
        requestBody: { required: true, content: { 'application/json': { schema: body } } },
        responses: { '2XX': { description: 'Received' } },
      };
      return [event, { post }];
    }),
  );
}
