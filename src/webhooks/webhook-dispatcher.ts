import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/environment';
import { first, rows } from '../database/statement';
import { ClaimedDelivery, OutboxScope } from '../outbox/outbox.queries';
import { DeliveryFailure, PermanentDeliveryError } from '../outbox/retry-policy';
import { bareHost, forbiddenAddressReason, guardedLookup } from './outbound-address';
import { webhookData } from './webhook-payload';
import { WebhookSecrets } from './webhook-secrets';
import { signWebhook } from './webhook-signature';
import { webhookQueries } from './webhooks.queries';

export const WEBHOOK_TIMEOUT_MS = 5000;

/** WEBHOOK_ALLOWED_HOSTS as a set of bare host names or addresses. */
export function allowedWebhookHosts(config: ConfigService<AppConfig, true>): ReadonlySet<string> {
  return new Set(config.get('WEBHOOK_ALLOWED_HOSTS', { infer: true }).split(',').map((h: string) => bareHost(h.trim())).filter(Boolean));
}

/** Turns `webhook` outbox messages into per-webhook deliveries, and makes the signed HTTP calls the worker claims. */
@Injectable()
export class WebhookDispatcher {
  private readonly allowedHosts: ReadonlySet<string>;

  constructor(
    private readonly db: DataSource,
    private readonly secrets: WebhookSecrets,
    config: ConfigService<AppConfig, true>,
  ) {
    this.allowedHosts = allowedWebhookHosts(config);
  }

  /**
   * Expands due `webhook` messages into one delivery per live webhook subscribed to the event, and
   * settles the messages, in one transaction: no HTTP inside, so the locks are held briefly.
   */
  async expandDue(scope: OutboxScope, limit: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      const messages = await rows(tx, webhookQueries.dueMessages(limit, scope.messageIds));
      if (!messages.length) return 0;
      const deliveries = messages.map((m) => ({ message_id: m.id, event: m.event, occurred_at: m.created_at, data: webhookData(m.payload) }));
      await rows(tx, webhookQueries.expand(deliveries));
      await rows(tx, webhookQueries.expanded(messages.map((m) => m.id)));
      return messages.length;
    });
  }

  /**
   * POSTs the signed delivery; any 2xx is success. Redirects are not followed. Outside the
   * WEBHOOK_ALLOWED_HOSTS, the address connected to must be on the public internet: checked on
   * the literal, or in the connection's own DNS lookup, so a name rebound to an internal address is refused.
   */
  async send(delivery: ClaimedDelivery): Promise<number> {
    const target = delivery.webhook_id ? await first(this.db, webhookQueries.target(delivery.webhook_id)) : undefined;
    if (!target) throw new PermanentDeliveryError('no webhook to deliver to');
    const body = JSON.stringify({ id: delivery.id, event: delivery.event, occurredAt: new Date(delivery.occurred_at).toISOString(), data: delivery.payload });
    const url = new URL(target.url);
    const host = bareHost(url.hostname);
    const guarded = !this.allowedHosts.has(host);
    // A literal address is connected to without a lookup, so it is checked here; a name, in the lookup.
    if (guarded && isIP(host) && forbiddenAddressReason(host)) throw new PermanentDeliveryError(REFUSED);
    const status = await post(url, body, {
      'Content-Type': 'application/json',
      'User-Agent': 'clinic-api-webhooks/1',
      'X-Clinic-Webhook-Id': target.id,
      'X-Clinic-Event': delivery.event,
      'X-Clinic-Signature': signWebhook(this.secrets.secretFor(target.secret_seed), body),
    }, guarded ? guardedLookup : undefined).catch((error: unknown) => {
      throw (error as { code?: unknown }).code === 'EADDRFORBIDDEN' ? new PermanentDeliveryError(REFUSED) : error;
    });
    if (status < 200 || status > 299) throw new DeliveryFailure(`HTTP ${status}`, status);
    return status;
  }
}

const REFUSED = 'refused: the target address is not on the public internet';

/** One POST; the answer's body is never read: only its status matters, and it is not ours to store. */
function post(url: URL, body: string, headers: Record<string, string>, lookup?: typeof guardedLookup): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, { method: 'POST', headers: { ...headers, 'Content-Length': Buffer.byteLength(body) }, lookup, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) }, (response) => {
      response.destroy();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', (error: Error) => reject(error.name === 'AbortError' ? Object.assign(new Error('timeout'), { name: 'TimeoutError' }) : error));
    outgoing.end(body);
  });
}
