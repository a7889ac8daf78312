import { backoffMs, DeliveryFailure, failureReason, PermanentDeliveryError } from './retry-policy';

describe('backoffMs', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it('doubles from the base, within the upper half of the schedule', () => {
    expect(backoffMs(1, policy, () => 0)).toBe(500);
    expect(backoffMs(1, policy, () => 1)).toBe(1000);
    expect(backoffMs(2, policy, () => 1)).toBe(2000);
    expect(backoffMs(4, policy, () => 0.5)).toBe(6000);
  });

  it('is capped, even after many attempts', () => {
    expect(backoffMs(10, policy, () => 1)).toBe(60_000);
    expect(backoffMs(1000, policy, () => 0)).toBe(30_000);
  });

  it('never answers 0', () => {
    expect(backoffMs(1, { baseMs: 1, maxMs: 1 }, () => 0)).toBe(1);
  });
});

describe('failureReason', () => {
  it('keeps coded reasons and drops free text that could carry content', () => {
    expect(failureReason(new DeliveryFailure('HTTP 503', 503))).toBe('HTTP 503');
    expect(failureReason(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe('network error ECONNREFUSED');
    expect(failureReason(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }))).toBe('network error ENOTFOUND');
    expect(failureReason(new Error('550 mailbox jane@example.ca unknown'))).toBe('delivery failed');
    expect(failureReason(new PermanentDeliveryError('email payload has no recipient'))).toBe('email payload has no recipient');
  });
});
