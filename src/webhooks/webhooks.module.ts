import { Module } from '@nestjs/common';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Webhook registrations; deliveries are made by the outbox worker (OutboxModule). */
@Module({ controllers: [WebhooksController], providers: [WebhooksService] })
export class WebhooksModule {}
