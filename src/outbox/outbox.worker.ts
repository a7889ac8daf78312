import { RepeatingTask } from '../common/background/repeating-task';
import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import pino, { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/environment';
import { rows } from '../database/statement';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { EmailChannel } from './email-channel';
import { ClaimedDelivery, DELIVERY_CHANNELS, outboxQueries, OutboxScope } from './outbox.queries';
import { backoffMs, BackoffPolicy, DeliveryFailure, FailedDelivery, failureReason, PermanentDeliveryError } from './retry-policy';

/**
 * Delivers the outbox while the app runs: one queue of deliveries (an email, a webhook call to one
 * subscriber) with one retry policy and one lease. Any number of processes may run it on one
 * database: each claim is one UPDATE over `FOR UPDATE SKIP LOCKED` rows that moves `available_at`
 * a lease ahead, so a delivery is made by one process, outside any lock, then settled under its claim.
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
    const claimed = (await Promise.all(DELIVERY_CHANNELS.map((channel) => rows(this.db, outboxQueries.claimDue(channel, scope, this.batchSize, this.leaseMs))))).flat();
    await Promise.all(claimed.map((d) => this.deliver(d)));
    return expanded + claimed.length;
  }

  /** Sends one claimed delivery outside any lock, then settles it under its claim. */
  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const entry = { channel: delivery.channel, event: delivery.event, deliveryId: delivery.id, ...(delivery.webhook_id ? { webhookId: delivery.webhook_id } : {}) };
    try {
      const status = delivery.channel === 'email' ? await this.email.send(delivery, this.log).then(() => null) : await this.webhooks.send(delivery);
      await rows(this.db, outboxQueries.settle(delivery, { delivered: true, giveUp: false, delayMs: 0, reason: null, status }));
      // The email channel notes each email itself.
      if (delivery.channel === 'webhook') this.log.info({ ...entry, status }, 'webhook delivered');
    } catch (error) {
      const failure = this.nextStep(delivery.attempts, error);
      const status = error instanceof DeliveryFailure ? (error.status ?? null) : null;
      await rows(this.db, outboxQueries.settle(delivery, { delivered: false, ...failure, status }));
      this.log.warn({ ...entry, attempts: delivery.attempts, reason: failure.reason, gaveUp: failure.giveUp }, 'delivery failed');
    }
  }

  private nextStep(attempts: number, error: unknown): FailedDelivery {
    const giveUp = error instanceof PermanentDeliveryError || attempts >= this.maxAttempts;
    return { giveUp, delayMs: backoffMs(attempts, this.backoff), reason: failureReason(error) };
  }
}
