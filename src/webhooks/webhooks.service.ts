import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { UserActor } from '../common/auth/roles';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination/pagination';
import { InvalidRequest, NotFound } from '../common/problem/problem';
import { AppConfig } from '../config/environment';
import { SqlParams, updateReturning } from '../database/sql-params';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { CreatedWebhookResponse, WebhookResponse } from './dto/webhook.response';
import { isIP } from 'node:net';
import { bareHost, forbiddenAddressReason, forbiddenHostReason, resolveNow } from './outbound-address';
import { allowedWebhookHosts } from './webhook-dispatcher';
import { WebhookEvent } from './webhook-events';
import { WebhookSecrets } from './webhook-secrets';

interface WebhookRow {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  created_at: Date;
}

const COLUMNS = 'w.id, w.url, w.events, w.description, w.created_at';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const toWebhookResponse = (row: WebhookRow): WebhookResponse => ({
  id: row.id,
  url: row.url,
  events: row.events,
  description: row.description,
  createdAt: row.created_at,
});

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
    const [row]: WebhookRow[] = await this.db.query(
      `INSERT INTO webhooks AS w (url, events, description, secret_seed, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [dto.url, dto.events, dto.description ?? null, seed, actor.id],
    );
    return { ...toWebhookResponse(row), secret: this.secrets.secretFor(seed) };
  }

  /** Live webhooks, newest first. */
  async list(_actor: UserActor, query: PageQuery): Promise<Page<WebhookResponse>> {
    const p = new SqlParams();
    const where = ['w.deleted_at IS NULL'];
    if (query.cursor) {
      // The cursor is the last id; its created_at is read back in full microsecond precision.
      const [id] = decodeCursor(query.cursor, 1);
      if (typeof id !== 'string' || !UUID.test(id)) throw new InvalidRequest('The cursor is not one this API issued.');
      where.push(`(w.created_at, w.id) < (SELECT c.created_at, c.id FROM webhooks c WHERE c.id = ${p.add(id)})`);
    }
    const rows: WebhookRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM webhooks w WHERE ${where.join(' AND ')} ORDER BY w.created_at DESC, w.id DESC LIMIT ${query.limit + 1}`,
      p.values,
    );
    return toPage(rows, query.limit, (r) => [r.id], toWebhookResponse);
  }

  /** Stops deliveries at once: pending ones are given up, and claims skip deleted webhooks. */
  async remove(_actor: UserActor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await updateReturning<{ id: string }>(tx, `UPDATE webhooks SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id`, [id]);
      if (!row) throw new NotFound('webhook');
      await tx.query(
        `UPDATE webhook_deliveries SET failed_at = now(), last_error = 'webhook deleted' WHERE webhook_id = $1 AND delivered_at IS NULL AND failed_at IS NULL`,
        [id],
      );
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
