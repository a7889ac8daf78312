import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"d1","event":"connection_call.booked"}';

  it('verifies its own signature and refuses another secret, another body or a stale time', () => {
    const header = signWebhook(secret, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, 300, 1_800_000_100)).toBe(true);
    expect(verifyWebhookSignature(secret, header, Buffer.from(body), 300, 1_800_000_100)).toBe(true);
    expect(verifyWebhookSignature('whsec_other', header, body, 300, 1_800_000_100)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body.replace('d1', 'd2'), 300, 1_800_000_100)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, 300, 1_800_000_301)).toBe(false);
  });

  it('matches a known HMAC, so receivers in other languages can reproduce it', () => {
    // printf '1.{}' | openssl dgst -sha256 -hmac k
    expect(signWebhook('k', '{}', 1)).toBe('t=1,v1=' + createHmac('sha256', 'k').update('1.{}').digest('hex'));
  });

  it('refuses malformed headers', () => {
    for (const header of [undefined, '', 't=abc,v1=00', 'v1=' + '0'.repeat(64), 't=1800000000', 't=1800000000,v1=xyz']) {
      expect(verifyWebhookSignature(secret, header, body, 300, 1_800_000_000)).toBe(false);
    }
  });
});
