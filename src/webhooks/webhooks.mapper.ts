import { WebhookResponse } from './dto/webhook.response';
import { WebhookRow } from './webhooks.queries';

export const toWebhookResponse = (row: WebhookRow): WebhookResponse => ({
  id: row.id,
  url: row.url,
  events: row.events,
  description: row.description,
  createdAt: row.created_at,
});
