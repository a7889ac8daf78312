import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Actor } from '../common/auth/roles';
import { Conflict, InvalidRequest, Problem, Unprocessable } from '../common/problem/problem';
import type { AppConfig } from '../config/environment';

/** An answer to send: the first one, or its replay. */
export interface IdempotentAnswer<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** In-progress claims older than this are taken to be from a crashed process and may be retaken. */
const ABANDONED_AFTER_SECONDS = 300;
const KEY_SHAPE = /^[\x21-\x7e]{1,200}$/;

/** JSON with keys sorted at every level, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `Idempotency-Key` for writes integrations retry. The key is claimed in its own short
 * transaction (INSERT … ON CONFLICT), the work runs in its own, and only a successful answer is
 * stored; on an error the claim is deleted so a retry runs the request afresh.
 */
@Injectable()
export class Idempotency {
  constructor(
    private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async run<T extends object>(actor: Actor | undefined, key: string | undefined, body: unknown, work: () => Promise<{ status: number; body: T }>): Promise<IdempotentAnswer<T>> {
    if (key === undefined) return { ...(await work()), replayed: false };
    if (!KEY_SHAPE.test(key)) {
      throw new InvalidRequest('Idempotency-Key must be 1–200 visible ASCII characters.', [{ field: 'Idempotency-Key', message: 'malformed' }]);
    }
    const scope = actor?.kind === 'apiKey' ? `key:${actor.id}` : actor?.kind === 'user' ? `user:${actor.id}` : 'public';
    const hash = createHash('sha256').update(canonicalJson(body)).digest();
    const previous = await this.claim(scope, key, hash);
    if (previous) return previous as IdempotentAnswer<T>;
    let answer: { status: number; body: T };
    try {
      answer = await work();
    } catch (error) {
      await this.db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = $3', [scope, key, 'in_progress']);
      throw error;
    }
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2`,
      [scope, key, answer.status, JSON.stringify(answer.body)],
    );
    return { ...answer, replayed: false };
  }

  /** Claims the key (undefined), or answers from the earlier request that holds it. */
  private async claim(scope: string, key: string, hash: Buffer): Promise<IdempotentAnswer<unknown> | undefined> {
    const ttlHours = this.config.get('IDEMPOTENCY_TTL_HOURS', { infer: true });
    // Expired keys, and claims left behind by a crash, are overwritten in the same statement.
    const claimed: unknown[] = await this.db.query(
      `INSERT INTO idempotency_keys AS k (scope, key, request_hash, state, expires_at)
       VALUES ($1, $2, $3, 'in_progress', now() + make_interval(hours => $4))
       ON CONFLICT (scope, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, state = 'in_progress', response_status = NULL, response_body = NULL,
              created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE k.expires_at <= now() OR (k.state = 'in_progress' AND k.created_at < now() - make_interval(secs => $5))
       RETURNING 1`,
      [scope, key, hash, ttlHours, ABANDONED_AFTER_SECONDS],
    );
    if (claimed.length) return undefined;
    const [held]: { request_hash: Buffer; state: string; response_status: number | null; response_body: unknown }[] = await this.db.query(
      'SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    if (!held) throw inProgress();
    if (!held.request_hash.equals(hash)) {
      throw new Unprocessable('idempotency-key-reused', 'This Idempotency-Key was used with a different request body; use a new key for a new request.');
    }
    if (held.state !== 'done' || held.response_status === null) throw inProgress();
    return { status: held.response_status, body: held.response_body, replayed: true };
  }
}

const inProgress = (): Problem =>
  new Conflict('idempotency-in-progress', 'A request with this Idempotency-Key is still being processed; retry in a moment.');
