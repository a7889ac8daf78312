import { Query, type Pool, type PoolClient, type QueryResult } from 'pg';
import { DataSource, QueryFailedError, TypeORMError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { isDatabaseUnavailable } from '../common/problem/database-errors';

/**
 * Runs one statement on the pg pool TypeORM owns and gives its rows, as `DataSource.query` does for
 * a SELECT, without the query runner, broadcaster and result wrapping TypeORM adds to every
 * statement: for the statements every request runs (the caller check, audited reads).
 * It takes a connection of its own: inside a transaction, use the transaction's EntityManager.
 * Statement errors come back as TypeORM's QueryFailedError, like DataSource.query's.
 */
export async function poolQuery<T>(db: DataSource, sql: string, values?: unknown[]): Promise<T[]> {
  return (await poolResult<T>(db, sql, values)).rows;
}

/**
 * As poolQuery, with the number of rows the statement touched. With `name`, the statement is
 * prepared under that name on the connection the first time that connection runs it, and reused
 * after (see prepared-names.ts): one name must always stand for the same text.
 */
export async function poolResult<T>(db: DataSource, sql: string, values?: unknown[], name?: string): Promise<{ rows: T[]; count: number }> {
  const pool = (db.driver as PostgresDriver).master as Pool | undefined;
  if (!pool) throw new TypeORMError('Driver not Connected');
  const client: PoolClient = await pool.connect();
  // A connection that breaks while checked out emits 'error'; unheard, that would end the process.
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    const result = await submit<T>(client, sql, values, name);
    return { rows: result.rows as T[], count: result.rowCount ?? result.rows.length };
  } catch (error) {
    // A connection that stopped answering is not given to the next caller.
    if (isDatabaseUnavailable(error)) broken ??= error as Error;
    throw new QueryFailedError(sql, values, error as Error);
  } finally {
    client.removeListener('error', onError);
    // A statement error leaves the connection usable (unlike pool.query, which would discard it); a broken one is dropped.
    client.release(broken);
  }
}

/**
 * The statement as a pg Query made from its text: given a config object (needed for a name), pg
 * copies it through its property descriptors on every call, which took about 7 µs per statement
 * here, two statements per request; a Query made from a text is not copied. The name is set as
 * the config object would have set it (pg reads `name` when it sends the statement).
 */
function submit<T>(client: PoolClient, text: string, values: unknown[] | undefined, name: string | undefined): Promise<QueryResult<T & object>> {
  return new Promise((resolve, reject) => {
    const query = new Query<T & object>(text, values, (error, result) => (error ? reject(error) : resolve(result)));
    if (name) (query as Query & { name?: string }).name = name;
    client.query(query);
  });
}

