/** A counter in its current fixed window. */
export interface WindowCount {
  /** Hits counted in the open window (0 when no window is open). */
  count: number;
  /** Seconds until the open window closes (0 when none is open). */
  secondsLeft: number;
}

/**
 * Where shared counters live, so every API process sees the same counts: PostgreSQL by
 * default, Redis when REDIS_URL is set. Each operation is one atomic round trip.
 */
export interface CounterStore {
  /** Adds one hit; opens a new window of `windowSeconds` when none is open. */
  increment(key: string, windowSeconds: number): Promise<WindowCount>;
  /** The open window's count, without adding to it. */
  current(key: string): Promise<WindowCount>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export const COUNTER_STORE = Symbol('CounterStore');
