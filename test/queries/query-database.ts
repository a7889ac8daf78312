import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';

/**
 * The medium test tier: query modules run against the run's throwaway, migrated database
 * (test/global-setup.ts), without Nest or HTTP. Each file opens one data source and closes it.
 */
export function useQueryDatabase(): { readonly db: DataSource } {
  const context = {} as { db: DataSource };
  beforeAll(async () => {
    context.db = createDataSource(process.env.DATABASE_URL as string, 2);
    await context.db.initialize();
  });
  afterAll(async () => {
    await context.db?.destroy();
  });
  return context;
}
