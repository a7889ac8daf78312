import { DataSource, EntityManager } from 'typeorm';
import type { Exemption } from '../common/access/exemptions';
import { poolResult } from './pool-query';
import { preparedName } from './prepared-names';
import { SqlParams } from './sql-params';

/**
 * One SQL statement, built by a query module (`*.queries.ts`) and run by a service. `R` is the
 * shape of one returned row. `scopes` lists the caller scopes AccessService put in its WHERE clause;
 * a statement on a table of personal health information has one, or names its `exemption`.
 */
export interface Statement<R = never> {
  readonly text: string;
  readonly values: readonly unknown[];
  readonly scopes: readonly string[];
  readonly exemption?: Exemption;
  /** Type-level only: the row shape. */
  readonly row?: R;
}

/** Where a statement runs: the data source (the pool, one statement) or a transaction's manager. */
export type Queryable = DataSource | EntityManager;

/**
 * Makes a statement from its text and the parameters it was built with. `exemption` names why a
 * statement on a table of personal health information needs no caller scope (see exemptions.ts).
 */
export function statement<R = never>(text: string, params: SqlParams | readonly unknown[] = [], exemption?: Exemption): Statement<R> {
  const values = params instanceof SqlParams ? params.values : params;
  const scopes = params instanceof SqlParams ? [...params.scopes] : [];
  return { text, values, scopes, exemption };
}

/** Runs a statement and gives its rows (also for UPDATE/DELETE … RETURNING, which TypeORM answers differently). */
export async function rows<R>(db: Queryable, s: Statement<R>): Promise<R[]> {
  return (await execute(db, s)).rows;
}

/** The first row, or undefined. */
export async function first<R>(db: Queryable, s: Statement<R>): Promise<R | undefined> {
  return (await execute(db, s)).rows[0];
}

/** How many rows an INSERT, UPDATE or DELETE touched. */
export async function affected(db: Queryable, s: Statement<unknown>): Promise<number> {
  return (await execute(db, s)).count;
}

async function execute<R>(db: Queryable, s: Statement<R>): Promise<{ rows: R[]; count: number }> {
  const values = s.values as unknown[];
  const runner = db instanceof EntityManager ? db.queryRunner : undefined;
  if (!runner) {
    // Outside a transaction: straight on the pool, without TypeORM's query runner (see pool-query.ts),
    // as a named prepared statement, so each connection parses and plans a text once.
    const source = db instanceof EntityManager ? db.connection : db;
    return poolResult<R>(source, s.text, values, preparedName(s.text));
  }
  const result = await runner.query(s.text, values, true);
  return { rows: result.records as R[], count: result.affected ?? result.records.length };
}
