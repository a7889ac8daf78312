import { DataSource, EntityManager } from 'typeorm';
import { rows } from '../database/statement';
import { reportQueries } from './reports.queries';

/** Runs `work` in a read-only REPEATABLE READ snapshot with the report settings, local to it. */
export function inReportSnapshot<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction('REPEATABLE READ', async (manager) => {
    // Transaction control, as BEGIN is for the CSV stream (csv-stream.ts): not a statement of a query module.
    await manager.query('SET TRANSACTION READ ONLY');
    await rows(manager, reportQueries.settings());
    return work(manager);
  });
}
