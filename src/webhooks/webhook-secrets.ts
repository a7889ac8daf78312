import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/environment';

/**
 * Each webhook's signing secret is HMAC-SHA256(WEBHOOK_SECRET_KEY, its random seed): the database
 * holds only the seed, so a stolen copy of it cannot forge deliveries. Changing the key changes
 * every secret.
 */
@Injectable()
export class WebhookSecrets {
  private readonly key: string;

  constructor(config: ConfigService<AppConfig, true>) {
    this.key = config.get('WEBHOOK_SECRET_KEY', { infer: true });
  }

  newSeed(): Buffer {
    return randomBytes(32);
  }

  secretFor(seed: Buffer): string {
    return `whsec_${createHmac('sha256', this.key).update(seed).digest('base64url')}`;
  }
}
