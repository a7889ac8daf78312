import { DataSource, EntityManager } from 'typeorm';
import { inReadOnlySnapshot } from '../database/read-only';
import { reportQueries } from './reports.queries';

/** Runs `work` in a read-only REPEATABLE READ snapshot with the report settings, local to it. */
export function inReportSnapshot<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return inReadOnlySnapshot(db, work, reportQueries.settings());
}
