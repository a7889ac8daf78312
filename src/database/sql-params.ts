/**
 * Collects positional parameters while a SQL statement is assembled: `p.add(v)` gives `$n`.
 * It also remembers whether a caller's scope was put into the statement (see `AccessScope`), so the
 * statement can show that its rows were chosen by AccessService.
 */
export class SqlParams {
  readonly values: unknown[] = [];
  /** The scopes applied, by record kind (`client`, `couple`, …); set by `AccessScope` only. */
  readonly scopes = new Set<string>();

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

