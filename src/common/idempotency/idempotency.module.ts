import { Global, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Idempotency } from './idempotency';

/** How often expired keys (and their stored answers) are deleted. */
const SWEEP_EVERY_MS = 15 * 60_000;

/** Deletes expired keys on a timer, so stored answers do not outlive IDEMPOTENCY_TTL_HOURS. */
@Injectable()
export class IdempotencyCleanup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer?: NodeJS.Timeout;

  constructor(private readonly idempotency: Idempotency) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      return await this.idempotency.deleteExpired();
    } catch (error) {
      this.logger.warn(`Deleting expired idempotency keys failed; the next sweep retries: ${(error as Error).message}`);
      return 0;
    }
  }
}

@Global()
@Module({ providers: [Idempotency, IdempotencyCleanup], exports: [Idempotency] })
export class IdempotencyModule {}
