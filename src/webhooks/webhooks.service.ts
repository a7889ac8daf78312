import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { UserActor } from '../common/auth/roles';
import { Page, PageQuery } from '../common/pagination/pagination';
import { InvalidRequest, NotFound } from '../common/problem/problem';
import { AppConfig } from '../config/environment';
import { first, rows } from '../database/statement';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { CreatedWebhookResponse, WebhookResponse } from './dto/webhook.response';
import { isIP } from 'node:net';
import { bareHost, forbiddenAddressReason, forbiddenHostReason, resolveNow } from './outbound-address';
import { allowedWebhookHosts } from './webhook-dispatcher';
import { WebhookSecrets } from './webhook-secrets';
import { toWebhookResponse } from './webhooks.mapper';
import { WEBHOOK_ORDER, webhookQueries } from './webhooks.queries';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Webhook registrations, managed by admins. Deleted ones are kept (soft) for the delivery history. */
@Injectable()
export class WebhooksService {
  private readonly production: boolean;
  private readonly allowedHosts: ReadonlySet<string>;

  constructor(
    private readonly db: DataSource,
    private readonly secrets: WebhookSecrets,
    config: ConfigService<AppConfig, true>,
  ) {
    this.production = config.get('NODE_ENV', { infer: true }) === 'production';
    this.allowedHosts = allowedWebhookHosts(config);
  }

  async create(actor: UserActor, dto: CreateWebhookDto): Promise<CreatedWebhookResponse> {
    await this.checkUrl(dto.url);
    const seed = this.secrets.newSeed();
    const [row] = await rows(
      this.db,
      webhookQueries.register({ url: dto.url, events: dto.events, description: dto.description ?? null, secretSeed: seed, createdBy: actor.id }),
    );
    return { ...toWebhookResponse(row), secret: this.secrets.secretFor(seed) };
  }

  /** Live webhooks, newest first. */
  async list(_actor: UserActor, query: PageQuery): Promise<Page<WebhookResponse>> {
    const found = await rows(this.db, webhookQueries.list(query));
    return WEBHOOK_ORDER.page(found, query.limit, toWebhookResponse);
  }

  /** Stops deliveries at once: pending ones are given up, and claims skip deleted webhooks. */
  async remove(_actor: UserActor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await first(tx, webhookQueries.remove(id));
      if (!row) throw new NotFound('webhook');
      await rows(tx, webhookQueries.giveUpPending(id));
    });
  }

  /**
   * https only (plain http to this machine outside production, for local receivers), and only to
   * the public internet unless the host is in WEBHOOK_ALLOWED_HOSTS. Delivery checks the address again.
   */
  private async checkUrl(raw: string): Promise<void> {
    const url = new URL(raw);
    const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname) && !this.production;
    if (url.protocol !== 'https:' && !local) {
      throw new InvalidRequest('Webhook URLs must use https.', [{ field: 'url', message: 'url must be an https URL' }]);
    }
    if (url.username || url.password) {
      throw new InvalidRequest('Webhook URLs may not carry credentials.', [{ field: 'url', message: 'url must not contain a user or password' }]);
    }
    if (this.allowedHosts.has(bareHost(url.hostname))) return;
    const reason =
      forbiddenHostReason(url.hostname) ??
      (isIP(bareHost(url.hostname)) ? undefined : (await resolveNow(bareHost(url.hostname))).map(forbiddenAddressReason).find(Boolean));
    if (reason) {
      throw new InvalidRequest(`Webhooks reach only the public internet: ${reason}.`, [{ field: 'url', message: `url must reach the public internet: ${reason}` }]);
    }
  }
}
