import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/environment';
import { affected, first } from '../../database/statement';
import { Conflict, Problem, Unprocessable } from '../problem/problem';
import { IDEMPOTENCY_PROBLEMS } from './idempotency.problems';
import { idempotencyQueries } from './idempotency.queries';

/** A request that carried `Idempotency-Key`: who sent it, the key, and which operation it names. */
export interface IdempotentRequest {
  /** `user:<id>`, `key:<api key id>`, or `public:<hash of the address>`: only this caller may replay. */
  scope: string;
  key: string;
  /** Method and path (with its ids), so one key cannot name two different operations. */
  operation: string;
}

/** An answer to send: the first one, or its replay. */
export interface IdempotentAnswer<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * What of a create's answer is stored for replays, and how a replay rebuilds the answer from it.
 * Only references are stored (ids, never PHI nor a secret such as a manage link): a replay reads
 * the record again, for the original caller, or re-issues the secret.
 */
export interface IdempotentWrite<T, S extends object> {
  stored: (answer: T) => S;
  replay: (stored: S) => Promise<T>;
  /** Work on connections of its own (rate-limit counters), run before the transaction and never for a replay. */
  before?: () => Promise<void>;
}

/**
 * A claim older than this is taken to be from a crashed process and may be retaken. An attempt
 * whose lease was retaken cannot commit (its answer is recorded only under its own claim), so a
 * short lease never lets one key create twice.
 */
export const CLAIM_LEASE_SECONDS = 30;

/** JSON with keys sorted at every level, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fingerprint a key is bound to: the operation and the body. */
export const requestHash = (operation: string, body: unknown): Buffer => createHash('sha256').update(`${operation}\n${canonicalJson(body)}`).digest();

/**
 * `Idempotency-Key` for every create. The key is claimed in its own short statement, so a
 * concurrent retry sees it (409); the create and the recording of its answer commit in one
 * transaction, so a crash either leaves nothing (the claim's lease runs out and a retry creates)
 * or the record with its answer (a retry replays). On an error the claim is released, so a
 * corrected retry runs afresh.
 */
@Injectable()
export class Idempotency {
  constructor(
    private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async run<T extends object, S extends object>(
    request: IdempotentRequest | undefined,
    body: unknown,
    write: IdempotentWrite<T, S>,
    create: (tx: EntityManager) => Promise<T>,
  ): Promise<IdempotentAnswer<T>> {
    const status = 201;
    if (!request) {
      await write.before?.();
      return { status, body: await this.db.transaction(create), replayed: false };
    }
    const hash = requestHash(request.operation, body);
    const claim = await this.claim(request, hash);
    if (typeof claim !== 'string') return { status: claim.status, body: await write.replay(claim.body as S), replayed: true };
    try {
      await write.before?.();
      const answer = await this.db.transaction(async (tx) => {
        const created = await create(tx);
        const recorded = await affected(tx, idempotencyQueries.recordAnswer(request, claim, status, write.stored(created)));
        if (recorded !== 1) throw inProgress(); // the lease ran out and a retry holds the key now: this attempt rolls back
        return created;
      });
      return { status, body: answer, replayed: false };
    } catch (error) {
      await affected(this.db, idempotencyQueries.release(request, claim));
      throw error;
    }
  }

  /** Claims the key (answers the claim's id), or answers from the earlier request that holds it. */
  private async claim(request: IdempotentRequest, hash: Buffer): Promise<string | { status: number; body: object }> {
    const ttlHours = this.config.get('IDEMPOTENCY_TTL_HOURS', { infer: true });
    const claimId = randomUUID();
    // Expired keys, and claims whose lease ran out (a crashed attempt), are taken over in the same statement.
    const claimed = await affected(this.db, idempotencyQueries.claim(request, { requestHash: hash, claimId, ttlHours, leaseSeconds: CLAIM_LEASE_SECONDS }));
    if (claimed) return claimId;
    const held = await first(this.db, idempotencyQueries.held(request));
    if (!held) throw inProgress();
    if (!held.request_hash.equals(hash)) {
      throw new Unprocessable(IDEMPOTENCY_PROBLEMS['idempotency-key-reused'], 'This Idempotency-Key was used with a different request; use a new key for a new request.');
    }
    if (held.state !== 'done' || held.response_status === null || held.response_body === null) throw inProgress();
    return { status: held.response_status, body: held.response_body };
  }

  /** Deletes keys past their time to live; answers how many. */
  async deleteExpired(): Promise<number> {
    return affected(this.db, idempotencyQueries.deleteExpired());
  }
}

const inProgress = (): Problem =>
  new Conflict(IDEMPOTENCY_PROBLEMS['idempotency-in-progress'], 'A request with this Idempotency-Key is still being processed; retry in a moment.');
