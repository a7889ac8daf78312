import { RepeatingTask } from '../common/background/repeating-task';
import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import pino, { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/environment';
import { rows } from '../database/statement';
import { OutboxScope, WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { ClaimedWebhookDelivery, webhookQueries } from '../webhooks/webhooks.queries';
import { EmailChannel } from './email-channel';
import { ClaimedEmail, outboxQueries } from './outbox.queries';
import { backoffMs, BackoffPolicy, DeliveryFailure, FailedDelivery, failureReason, PermanentDeliveryError } from './retry-policy';

/**
 * Delivers the outbox while the app runs. Any number of processes may run it on one database:
 * each claim is one UPDATE over `FOR UPDATE SKIP LOCKED` rows that moves `available_at` a lease
 * ahead, so a message is delivered by one process, outside any lock, then settled.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly enabled: boolean;
  private readonly batchSize: number;
  /** How long a claim keeps other processes off a message: longer than any delivery may take, short enough that a crashed claimer's messages go out soon. */
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private log: Logger = pino({ level: 'silent' });
  private readonly polling: RepeatingTask;

  constructor(
    private readonly db: DataSource,
    private readonly email: EmailChannel,
    private readonly webhooks: WebhookDispatcher,
    private readonly adapterHost: HttpAdapterHost,
    config: ConfigService<AppConfig, true>,
  ) {
    this.enabled = config.get('OUTBOX_ENABLED', { infer: true });
    this.polling = new RepeatingTask(config.get('OUTBOX_POLL_MS', { infer: true }), () => this.drain(), (error) =>
      this.log.error({ reason: failureReason(error) }, 'outbox poll failed'),
    );
    this.batchSize = config.get('OUTBOX_BATCH_SIZE', { infer: true });
    this.leaseMs = config.get('OUTBOX_LEASE_MS', { infer: true });
    this.maxAttempts = config.get('OUTBOX_MAX_ATTEMPTS', { infer: true });
    this.backoff = { baseMs: config.get('OUTBOX_BACKOFF_BASE_MS', { infer: true }), maxMs: config.get('OUTBOX_BACKOFF_MAX_MS', { infer: true }) };
  }

  onApplicationBootstrap(): void {
    const appLog = (this.adapterHost.httpAdapter?.getInstance?.() as { log?: Logger } | undefined)?.log;
    if (appLog) this.log = appLog.child({ context: 'OutboxWorker' });
    if (this.enabled) this.polling.start();
  }

  /** Stops polling and waits for the batch in flight; what is left is picked up by the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.polling.stop();
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


  private async runBatch(scope: OutboxScope): Promise<number> {
    await rows(this.db, outboxQueries.withdrawExpired());
    const expanded = await this.webhooks.expandDue(scope, this.batchSize);
    const [emails, deliveries] = await Promise.all([this.claimEmails(scope), this.webhooks.claimDue(scope, this.batchSize, this.leaseMs)]);
    await Promise.all([...emails.map((m) => this.deliverEmail(m)), ...deliveries.map((d) => this.deliverWebhook(d))]);
    return expanded + emails.length + deliveries.length;
  }

  private claimEmails(scope: OutboxScope): Promise<ClaimedEmail[]> {
    return rows(this.db, outboxQueries.claimDueEmails(this.batchSize, this.leaseMs, scope.messageIds));
  }

  private async deliverEmail(message: ClaimedEmail): Promise<void> {
    try {
      await this.email.send(message, this.log);
      // The manage link is a bearer secret: once the email is out, the database forgets it.
      await rows(this.db, outboxQueries.emailDelivered(message));
    } catch (error) {
      const failure = this.nextStep(message.attempts, error);
      await rows(this.db, outboxQueries.emailFailed(message, failure));
      this.log.warn({ event: message.event, messageId: message.id, attempts: message.attempts, reason: failure.reason, gaveUp: failure.giveUp }, 'email delivery failed');
    }
  }

  private async deliverWebhook(delivery: ClaimedWebhookDelivery): Promise<void> {
    try {
      const status = await this.webhooks.send(delivery);
      await rows(this.db, webhookQueries.delivered(delivery, status));
      this.log.info({ event: delivery.event, deliveryId: delivery.id, webhookId: delivery.webhook_id, status }, 'webhook delivered');
    } catch (error) {
      const failure = this.nextStep(delivery.attempts, error);
      const status = error instanceof DeliveryFailure ? (error.status ?? null) : null;
      await rows(this.db, webhookQueries.failed(delivery, failure, status));
      this.log.warn(
        { event: delivery.event, deliveryId: delivery.id, webhookId: delivery.webhook_id, attempts: delivery.attempts, reason: failure.reason, gaveUp: failure.giveUp },
        'webhook delivery failed',
      );
    }
  }

  private nextStep(attempts: number, error: unknown): FailedDelivery {
    const giveUp = error instanceof PermanentDeliveryError || attempts >= this.maxAttempts;
    return { giveUp, delayMs: backoffMs(attempts, this.backoff), reason: failureReason(error) };
  }
}
