import { RepeatingTask } from '../common/background/repeating-task';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/environment';
import { first, rows } from '../database/statement';
import { auditSealsQueries, SealingLagRow } from './audit-seals.queries';

/** Events per seal: one statement each, short enough not to hold the sealer's turn long. */
const SEAL_BATCH = 5000;

/** How often the sealer looks again whether the transactions it waits for have ended. */
const RECHECK_MS = 25;

/**
 * Seals committed audit events into the hash chain, every AUDIT_SEAL_INTERVAL_MS in each API
 * process; one process at a time does the work (a transaction-scoped advisory lock).
 *
 * The rule (docs/privacy.md): numbers are given out in one order and committed in another, so
 * a run first reads the last number given out, then the next transaction id. Every transaction
 * that took a number up to then had its id already (the insert trigger takes the id first), so
 * once every transaction below that id has ended, no event at or below that number can still
 * appear, and the committed ones are sealed.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditSealer');
  private readonly intervalMs: number;
  private readonly sealing: RepeatingTask;

  constructor(
    private readonly db: DataSource,
    config: ConfigService<AppConfig, true>,
  ) {
    this.intervalMs = config.get('AUDIT_SEAL_INTERVAL_MS', { infer: true });
    this.sealing = new RepeatingTask(this.intervalMs, () => this.sealOnce(), (error) =>
      this.logger.warn(`Sealing the audit trail failed; the next run retries: ${(error as Error).message}`),
    );
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs > 0) this.sealing.start();
  }

  /** Stops the timer and waits for the run in flight. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.sealing.stop();
  }

  /**
   * One run: waits (at most `waitMs`) until every event up to the last number given out is final,
   * then seals the committed ones. Answers how many events it sealed (0 when another process had
   * the turn or the wait ran out).
   */
  async sealOnce(waitMs = Math.max(this.intervalMs, 1000)): Promise<number> {
    const upTo = await first(this.db, auditSealsQueries.lastNumberGiven());
    // An idle clinic costs one small statement a run: no number given out since the last seal.
    if (!upTo || upTo.last_seq === upTo.sealed_seq) return 0;
    const next = await first(this.db, auditSealsQueries.nextTransactionId());
    if (!next) return 0;
    const giveUpAt = Date.now() + waitMs;
    while (!(await first(this.db, auditSealsQueries.transactionsEndedBefore(next.xid)))?.ended) {
      if (Date.now() >= giveUpAt) return 0;
      await sleep(RECHECK_MS);
    }
    return this.db.transaction(async (tx) => {
      if (!(await first(tx, auditSealsQueries.takeSealerTurn()))?.taken) return 0;
      let sealed = 0;
      for (;;) {
        const [seal] = await rows(tx, auditSealsQueries.sealNext(upTo.last_seq, SEAL_BATCH));
        sealed += seal?.events ?? 0;
        if (!seal || seal.events < SEAL_BATCH) return sealed;
      }
    });
  }

  /** Events waiting for a seal and the age of the oldest, in seconds. */
  async lag(): Promise<{ unsealed: number; lagSeconds: number }> {
    const [row] = await rows<SealingLagRow>(this.db, auditSealsQueries.sealingLag());
    return { unsealed: row.unsealed, lagSeconds: Math.round(row.lag_seconds * 1000) / 1000 };
  }
}
