import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { rows, Statement } from './statement';

/**
 * Transaction control for reads that must see one snapshot: what no query module holds, because
 * it is not a statement about the clinic's records.
 */

/** Runs `work` in a read-only REPEATABLE READ snapshot; `settings` (e.g. `set_config(…, true)`) first, local to it. */
export function inReadOnlySnapshot<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>, settings?: Statement<unknown>): Promise<T> {
  return db.transaction('REPEATABLE READ', async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    if (settings) await rows(manager, settings);
    return work(manager);
  });
}

/** Rows fetched per round trip while streaming: small enough to keep memory flat. */
const BATCH = 500;

/**
 * Runs `select` through a server-side cursor in a read-only snapshot and gives its rows a batch at
 * a time. (TypeORM's `QueryRunner.stream()` needs pg-query-stream, which this project does not
 * ship; DECLARE/FETCH is the same batching in plain SQL.) The first batch is fetched before this
 * resolves, so a failing query is an error to the caller rather than a cut-off stream. The
 * connection is given back when the batches are read to the end or the reader stops.
 */
export async function streamRows<R>(db: DataSource, select: Statement<R>, settings?: Statement<unknown>): Promise<AsyncGenerator<R[]>> {
  const runner = db.createQueryRunner();
  let first: R[];
  try {
    await runner.connect();
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (settings) await runner.query(settings.text, settings.values as unknown[]);
    await runner.query(`DECLARE streamed_rows NO SCROLL CURSOR FOR ${select.text}`, select.values as unknown[]);
    first = await runner.query(`FETCH ${BATCH} FROM streamed_rows`);
  } catch (error) {
    await close(runner, false);
    throw error;
  }
  async function* batches(): AsyncGenerator<R[]> {
    let done = false;
    try {
      for (let batch = first; batch.length; batch = await runner.query(`FETCH ${BATCH} FROM streamed_rows`)) {
        yield batch;
        if (batch.length < BATCH) break;
      }
      done = true;
    } finally {
      await close(runner, done);
    }
  }
  return batches();
}

async function close(runner: QueryRunner, commit: boolean): Promise<void> {
  try {
    if (!runner.isReleased) await runner.query(commit ? 'COMMIT' : 'ROLLBACK');
  } catch {
    // The connection is released below either way; a failed ROLLBACK leaves nothing behind.
  } finally {
    if (!runner.isReleased) await runner.release();
  }
}
