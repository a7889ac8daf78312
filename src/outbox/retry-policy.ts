/** What becomes of a failed delivery: tried again after `delayMs`, or given up; `reason` is what `last_error` keeps. */
export interface FailedDelivery {
  giveUp: boolean;
  delayMs: number;
  reason: string;
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before the next try after `attempts` failed ones: doubles from `baseMs`, capped at `maxMs`,
 * then jittered into its upper half so retries from one outage spread out but never come sooner
 * than half the schedule.
 */
export function backoffMs(attempts: number, { baseMs, maxMs }: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  return Math.max(1, Math.round(exponential / 2 + (exponential / 2) * random()));
}

/** A delivery that no retry can fix (a malformed message): it is given up at once. */
export class PermanentDeliveryError extends Error {}

/** A short reason for the `last_error` column: never message content, addresses or URLs. */
export function failureReason(error: unknown): string {
  if (error instanceof DeliveryFailure) return error.message;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  const code = (error as { code?: unknown; cause?: { code?: unknown } })?.cause?.code ?? (error as { code?: unknown })?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return `network error ${code}`;
  if (error instanceof PermanentDeliveryError) return error.message.slice(0, 200);
  return 'delivery failed';
}

/** A failure with a message already safe to store (e.g. `HTTP 503`). */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
