import { Global, Module } from '@nestjs/common';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { WebhookSecrets } from '../webhooks/webhook-secrets';
import { EmailChannel } from './email-channel';
import { Outbox } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

/** The transactional outbox and the worker that delivers it (emails, webhook calls). */
@Global()
@Module({ providers: [Outbox, OutboxWorker, EmailChannel, WebhookDispatcher, WebhookSecrets], exports: [Outbox, OutboxWorker, WebhookSecrets] })
export class OutboxModule {}
