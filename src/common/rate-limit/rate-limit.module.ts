import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/environment';
import { COUNTER_STORE, CounterStore } from './counter-store';
import { PostgresCounterStore } from './postgres-counter.store';
import { RateLimiter } from './rate-limiter';
import { RedisCounterStore } from './redis-counter.store';

/** The shared counters: Redis when REDIS_URL is set, PostgreSQL otherwise. */
@Global()
@Module({
  providers: [
    {
      provide: COUNTER_STORE,
      inject: [ConfigService, DataSource],
      useFactory: (config: ConfigService<AppConfig, true>, db: DataSource): CounterStore => {
        const url = config.get('REDIS_URL', { infer: true });
        return url ? RedisCounterStore.connect(url) : new PostgresCounterStore(db);
      },
    },
    RateLimiter,
  ],
  exports: [RateLimiter],
})
export class RateLimitModule {}
