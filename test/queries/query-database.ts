import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/tool-data-source';

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

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Alias?: string;
  'Plan Rows': number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** Every node of a plan, the root first. */
export const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

/**
 * How PostgreSQL plans statements on tables of a given size, without filling the run's database:
 * `check` runs on a connection of its own whose search path finds copies of `tables` (columns,
 * defaults and indexes; no rows, no triggers) filled by `fill` and analysed, in a schema of their
 * own, before the real ones (and the functions), inside a transaction that is rolled back.
 */
export async function withTablesCopied<T>(tables: string[], fill: (db: Client) => Promise<unknown>, check: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    await db.query('BEGIN');
    await db.query('CREATE SCHEMA plan_check');
    for (const table of tables) await db.query(`CREATE TABLE plan_check.${table} (LIKE public.${table} INCLUDING DEFAULTS INCLUDING INDEXES)`);
    await db.query('SET LOCAL search_path = plan_check, public');
    await fill(db);
    for (const table of tables) await db.query(`ANALYZE plan_check.${table}`);
    return await check(db);
  } finally {
    await db.query('ROLLBACK').catch(() => undefined);
    await db.end();
  }
}

/** The plan PostgreSQL makes for `statement` on `db`. */
export async function planOf(db: Client, statement: { text: string; values: unknown }): Promise<PlanNode> {
  const { rows } = await db.query(`EXPLAIN (FORMAT JSON) ${statement.text}`, statement.values as unknown[]);
  return (rows[0] as { 'QUERY PLAN': { Plan: PlanNode }[] })['QUERY PLAN'][0].Plan;
}

/** The rows each table gave or had filtered out while `statement` ran on `db` (`EXPLAIN ANALYZE`): what it read, by table. */
export async function rowsRead(db: Client, statement: { text: string; values: unknown }): Promise<Map<string, number>> {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, statement.values as unknown[]);
  const read = new Map<string, number>();
  for (const node of planNodes((rows[0] as { 'QUERY PLAN': { Plan: PlanNode }[] })['QUERY PLAN'][0].Plan)) {
    const table = node['Relation Name'];
    if (!table) continue;
    const perLoop = (node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0);
    read.set(table, (read.get(table) ?? 0) + perLoop * (node['Actual Loops'] ?? 1));
  }
  return read;
}

/** PostgreSQL's `md5(text)::uuid`, for ids the fills make that way. */
export function md5Uuid(text: string): string {
  return createHash('md5').update(text).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}
