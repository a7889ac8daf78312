import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { COUNTER_STORE, CounterStore } from './counter-store';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window closes; what `Retry-After` says when not allowed. */
  retryAfterSeconds: number;
}

/** Fixed-window limits over counters that every API process shares. */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  constructor(@Inject(COUNTER_STORE) private readonly store: CounterStore) {}

  /** Counts one hit; allowed while the window holds at most `limit` hits. */
  async consume(key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
    const { count, secondsLeft } = await this.store.increment(key, windowSeconds);
    return { allowed: count <= limit, retryAfterSeconds: Math.max(1, secondsLeft) };
  }

  /** Counts one hit and answers the window's count, for callers that decide themselves. */
  hit(key: string, windowSeconds: number): Promise<{ count: number; secondsLeft: number }> {
    return this.store.increment(key, windowSeconds);
  }

  /** Whether one more hit would be allowed, without counting it. */
  async peek(key: string, limit: number): Promise<RateDecision> {
    const { count, secondsLeft } = await this.store.current(key);
    return { allowed: count < limit, retryAfterSeconds: Math.max(1, secondsLeft) };
  }

  reset(key: string): Promise<void> {
    return this.store.reset(key);
  }

  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}
