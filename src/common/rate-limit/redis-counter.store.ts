import type Redis from 'ioredis';
import { CounterStore, WindowCount } from './counter-store';

const PREFIX = 'clinic:counter:';

// INCR and, for a new window, PEXPIRE in one script: a crash between them cannot leave a key that never expires.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}`;

/** Counters as Redis keys that expire with their window. */
export class RedisCounterStore implements CounterStore {
  constructor(private readonly redis: Redis) {}

  static connect(url: string): RedisCounterStore {
    // ioredis is loaded only with REDIS_URL: a process that counts in PostgreSQL starts without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: Redis } = require('ioredis') as typeof import('ioredis');
    // Fail a request quickly instead of queueing it while Redis is away.
    return new RedisCounterStore(new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false }));
  }

  async increment(key: string, windowSeconds: number): Promise<WindowCount> {
    const [hits, ttl] = (await this.redis.eval(INCREMENT, 1, PREFIX + key, String(windowSeconds * 1000))) as [number, number];
    return { count: hits, secondsLeft: Math.ceil(ttl / 1000) };
  }

  async current(key: string): Promise<WindowCount> {
    const result = await this.redis.multi().get(PREFIX + key).pttl(PREFIX + key).exec();
    const hits = Number(result?.[0]?.[1] ?? 0);
    const ttl = Number(result?.[1]?.[1] ?? -2);
    return hits > 0 && ttl > 0 ? { count: hits, secondsLeft: Math.ceil(ttl / 1000) } : { count: 0, secondsLeft: 0 };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(PREFIX + key);
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
