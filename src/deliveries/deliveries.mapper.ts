import { maskEmail } from '../outbox/email-templates';
import { DeliveryRow } from './deliveries.queries';
import { DeliveryResponse } from './dto/delivery.dto';

export const toDeliveryResponse = (r: DeliveryRow): DeliveryResponse => ({
  id: r.id,
  channel: r.channel,
  event: r.event,
  recipient: r.channel === 'email' ? maskEmail(r.recipient) : null,
  webhookId: r.webhook_id,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at,
  failedAt: r.failed_at,
  retryable: r.unretryable === null,
});
