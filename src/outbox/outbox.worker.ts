import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import pino, { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/environment';
import { updateReturning } from '../database/sql-params';
import { ClaimedWebhookDelivery, OutboxScope, WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { EmailChannel, EmailMessage } from './email-channel';
import { SECRET_PAYLOAD_KEYS } from './email-templates';
import { backoffMs, BackoffPolicy, DeliveryFailure, failureReason, PermanentDeliveryError } from './retry-policy';

const SCRUB = SECRET_PAYLOAD_KEYS.map((k) => ` - '${k}'`).join('');

type ClaimedEmail = EmailMessage & { attempts: number };

/**
 * Delivers the outbox while the app runs. Any number of processes may run it on one database:
 * each claim is one UPDATE over `FOR UPDATE SKIP LOCKED` rows that moves `available_at` a lease
 * ahead, so a message is delivered by one process, outside any lock, then settled.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly enabled: boolean;
  private readonly pollMs: number;
  private readonly batchSize: number;
  /** How long a claim keeps other processes off a message: longer than any delivery may take, short enough that a crashed claimer's messages go out soon. */
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private log: Logger = pino({ level: 'silent' });
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    private readonly email: EmailChannel,
    private readonly webhooks: WebhookDispatcher,
    private readonly adapterHost: HttpAdapterHost,
    config: ConfigService<AppConfig, true>,
  ) {
    this.enabled = config.get('OUTBOX_ENABLED', { infer: true });
    this.pollMs = config.get('OUTBOX_POLL_MS', { infer: true });
    this.batchSize = config.get('OUTBOX_BATCH_SIZE', { infer: true });
    this.leaseMs = config.get('OUTBOX_LEASE_MS', { infer: true });
    this.maxAttempts = config.get('OUTBOX_MAX_ATTEMPTS', { infer: true });
    this.backoff = { baseMs: config.get('OUTBOX_BACKOFF_BASE_MS', { infer: true }), maxMs: config.get('OUTBOX_BACKOFF_MAX_MS', { infer: true }) };
  }

  onApplicationBootstrap(): void {
    const appLog = (this.adapterHost.httpAdapter?.getInstance?.() as { log?: Logger } | undefined)?.log;
    if (appLog) this.log = appLog.child({ context: 'OutboxWorker' });
    if (!this.enabled) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops polling and waits for the batch in flight; what is left is picked up by the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /** Processes until nothing in scope is due; answers how many messages and deliveries it handled. */
  async drain(scope: OutboxScope = {}): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.runBatch(scope);
      total += handled;
      if (!handled) return total;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.drain()
        .catch((error: unknown) => this.log.error({ reason: failureReason(error) }, 'outbox poll failed'))
        .finally(() => this.schedule());
    }, this.pollMs);
  }

  private async runBatch(scope: OutboxScope): Promise<number> {
    const expanded = await this.webhooks.expandDue(scope, this.batchSize);
    const [emails, deliveries] = await Promise.all([this.claimEmails(scope), this.webhooks.claimDue(scope, this.batchSize, this.leaseMs)]);
    await Promise.all([...emails.map((m) => this.deliverEmail(m)), ...deliveries.map((d) => this.deliverWebhook(d))]);
    return expanded + emails.length + deliveries.length;
  }

  private claimEmails(scope: OutboxScope): Promise<ClaimedEmail[]> {
    const filter = scope.messageIds ? 'AND m2.id = ANY($3::uuid[])' : '';
    return updateReturning<ClaimedEmail>(
      this.db,
      `UPDATE outbox_messages m SET attempts = m.attempts + 1, available_at = now() + $2::int * interval '1 millisecond'
        WHERE m.id IN (
              SELECT m2.id FROM outbox_messages m2
               WHERE m2.channel = 'email' AND m2.delivered_at IS NULL AND m2.failed_at IS NULL AND m2.available_at <= now() ${filter}
               ORDER BY m2.available_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING m.id, m.event, m.payload, m.attempts`,
      scope.messageIds ? [this.batchSize, this.leaseMs, scope.messageIds] : [this.batchSize, this.leaseMs],
    );
  }

  private async deliverEmail(message: ClaimedEmail): Promise<void> {
    try {
      await this.email.send(message, this.log);
      // The manage link is a bearer secret: once the email is out, the database forgets it.
      await this.db.query(
        `UPDATE outbox_messages SET delivered_at = now(), last_error = NULL, payload = payload${SCRUB} WHERE id = $1 AND attempts = $2`,
        [message.id, message.attempts],
      );
    } catch (error) {
      const { giveUp, delayMs, reason } = this.nextStep(message.attempts, error);
      await this.db.query(
        `UPDATE outbox_messages SET last_error = $3,
                available_at = CASE WHEN $4::boolean THEN available_at ELSE now() + $5::int * interval '1 millisecond' END,
                failed_at = CASE WHEN $4::boolean THEN now() END,
                payload = CASE WHEN $4::boolean THEN payload${SCRUB} ELSE payload END
          WHERE id = $1 AND attempts = $2`,
        [message.id, message.attempts, reason, giveUp, delayMs],
      );
      this.log.warn({ event: message.event, messageId: message.id, attempts: message.attempts, reason, gaveUp: giveUp }, 'email delivery failed');
    }
  }

  private async deliverWebhook(delivery: ClaimedWebhookDelivery): Promise<void> {
    try {
      const status = await this.webhooks.send(delivery);
      await this.db.query(
        `UPDATE webhook_deliveries SET delivered_at = now(), last_status = $3, last_error = NULL WHERE id = $1 AND attempts = $2`,
        [delivery.id, delivery.attempts, status],
      );
      this.log.info({ event: delivery.event, deliveryId: delivery.id, webhookId: delivery.webhook_id, status }, 'webhook delivered');
    } catch (error) {
      const { giveUp, delayMs, reason } = this.nextStep(delivery.attempts, error);
      const status = error instanceof DeliveryFailure ? (error.status ?? null) : null;
      await this.db.query(
        `UPDATE webhook_deliveries SET last_error = $3, last_status = $6,
                available_at = CASE WHEN $4::boolean THEN available_at ELSE now() + $5::int * interval '1 millisecond' END,
                failed_at = CASE WHEN $4::boolean THEN now() END
          WHERE id = $1 AND attempts = $2`,
        [delivery.id, delivery.attempts, reason, giveUp, delayMs, status],
      );
      this.log.warn({ event: delivery.event, deliveryId: delivery.id, webhookId: delivery.webhook_id, attempts: delivery.attempts, reason, gaveUp: giveUp }, 'webhook delivery failed');
    }
  }

  private nextStep(attempts: number, error: unknown): { giveUp: boolean; delayMs: number; reason: string } {
    const giveUp = error instanceof PermanentDeliveryError || attempts >= this.maxAttempts;
    return { giveUp, delayMs: backoffMs(attempts, this.backoff), reason: failureReason(error) };
  }
}
