import { createHash, randomBytes } from 'node:crypto';

/** A random opaque token (256 bits, base64url) with an optional readable prefix. */
export function newSecretToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * Opaque tokens are stored as SHA-256: they carry 256 bits of entropy, so a slow hash adds
 * nothing, and a lookup by hash stays one index probe.
 */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
