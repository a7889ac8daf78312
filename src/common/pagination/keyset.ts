import { SqlParams } from '../../database/sql-params';
import { InvalidRequest } from '../problem/problem';
import { decodeCursor, encodeCursor, Page } from './pagination';

/** How a sort key's value is compared in SQL; timestamps keep their microseconds through the cursor. */
export type KeyType = 'text' | 'uuid' | 'timestamptz' | 'date' | 'bigint' | 'integer';

/** What PostgreSQL's text of each key type looks like, so a tampered cursor is refused before any SQL. */
const KEY_TEXT: Record<KeyType, RegExp> = {
  text: /^[\s\S]*$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  timestamptz: /^\d{4,}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2}){0,2})( BC)?$/,
  date: /^\d{4,}-\d{2}-\d{2}( BC)?$/,
  bigint: /^-?\d{1,19}$/,
  integer: /^-?\d{1,10}$/,
};

export interface SortKey {
  /** The SQL expression sorted on, e.g. `c.legal_name`. */
  column: string;
  type: KeyType;
  /** Newest first, for instance. All keys of one order share a direction. */
  descending?: boolean;
}

/** The columns a keyset page adds to each row: its key, as text, exactly as PostgreSQL holds it. */
export interface KeyedRow {
  page_key: string[];
}

/**
 * A list's order, stated once: the SQL sort keys and how a cursor continues after the last row.
 * The key travels in the cursor as the database's own text of each value (`timestamptz::text`
 * keeps microseconds), so no precision is lost between pages, whatever the column type.
 *
 *   const ORDER = keyset({ column: 'c.legal_name', type: 'text' }, { column: 'c.id', type: 'uuid' });
 *   SELECT …, ${ORDER.key} FROM clients c WHERE … AND ${ORDER.after(cursor, p)} ORDER BY ${ORDER.orderBy} LIMIT ${ORDER.limit(n)}
 */
export class Keyset {
  readonly keys: readonly SortKey[];

  constructor(keys: SortKey[]) {
    if (!keys.length || keys.some((k) => Boolean(k.descending) !== Boolean(keys[0].descending))) {
      throw new Error('A keyset order needs at least one key, all in one direction.');
    }
    this.keys = keys;
  }

  private get direction(): string {
    return this.keys[0].descending ? 'DESC' : 'ASC';
  }

  /** The select-list item that carries the row's key: `ARRAY[…]::text[] AS page_key`. */
  get key(): string {
    return `ARRAY[${this.keys.map((k) => `(${k.column})::text`).join(', ')}] AS page_key`;
  }

  /** `ORDER BY` over the keys. */
  get orderBy(): string {
    return this.keys.map((k) => `${k.column} ${this.direction}`).join(', ');
  }

  /** The same order over the rows of an audited read's CTE, where the key is `page_key`. */
  get orderByKey(): string {
    return this.keys.map((k, i) => `(page_key[${i + 1}])::${k.type} ${this.direction}`).join(', ');
  }

  /** One more than the page: the extra row only says another page exists. */
  limit(pageSize: number): number {
    return pageSize + 1;
  }

  /** The predicate "after the cursor's row", or TRUE for the first page. A cursor not made here is a 400. */
  after(cursor: string | undefined, p: SqlParams): string {
    if (cursor === undefined) return 'TRUE';
    const values = decodeCursor(cursor, this.keys.length).map(String);
    if (this.keys.some((k, i) => !KEY_TEXT[k.type].test(values[i]))) {
      throw new InvalidRequest('The cursor is not one this API issued.', [{ field: 'cursor', message: 'cursor is malformed' }]);
    }
    const columns = this.keys.map((k) => k.column).join(', ');
    const params = this.keys.map((k, i) => `${p.add(values[i])}::${k.type}`).join(', ');
    return `(${columns}) ${this.keys[0].descending ? '<' : '>'} (${params})`;
  }

  /** The page: the first `pageSize` rows mapped, and a cursor when more follow. */
  page<R extends KeyedRow, T>(rows: R[], pageSize: number, map: (row: R) => T): Page<T> {
    const visible = rows.slice(0, pageSize);
    const last = visible[visible.length - 1];
    return { data: visible.map(map), nextCursor: rows.length > pageSize && last ? encodeCursor(last.page_key) : null };
  }
}

export const keyset = (...keys: SortKey[]) => new Keyset(keys);
