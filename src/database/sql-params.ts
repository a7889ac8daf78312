/** Collects positional parameters while a SQL statement is assembled: `p.add(v)` gives `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Runs an UPDATE or DELETE … RETURNING and gives its rows. TypeORM answers those statements
 * as `[rows, count]`; wrapped in a CTE they come back as plain rows, like a SELECT.
 */
export function updateReturning<T>(manager: { query(sql: string, params?: unknown[]): Promise<unknown> }, sql: string, params: unknown[]): Promise<T[]> {
  return manager.query(`WITH changed AS (${sql}) SELECT * FROM changed`, params) as Promise<T[]>;
}
