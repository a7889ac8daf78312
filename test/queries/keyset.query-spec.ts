import { keyset } from '../../src/common/pagination/keyset';
import { SqlParams } from '../../src/database/sql-params';
import { rows, statement } from '../../src/database/statement';
import { KeyedRow } from '../../src/common/pagination/keyset';
import { useQueryDatabase } from './query-database';

/** Three instants inside one millisecond, and two rows sharing the last: JavaScript's Date cannot tell them apart. */
const INSTANTS = [
  ['2026-03-01 10:00:00.123401+00', '00000000-0000-4000-8000-000000000001'],
  ['2026-03-01 10:00:00.123402+00', '00000000-0000-4000-8000-000000000002'],
  ['2026-03-01 10:00:00.123403+00', '00000000-0000-4000-8000-000000000003'],
  ['2026-03-01 10:00:00.123403+00', '00000000-0000-4000-8000-000000000004'],
];

describe('keyset pages on the real database', () => {
  const t = useQueryDatabase();

  const pageThrough = async (descending: boolean) => {
    const order = keyset({ column: 'v.at', type: 'timestamptz', descending }, { column: 'v.id', type: 'uuid', descending });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const p = new SqlParams();
      const values = INSTANTS.map(([at, id]) => `(${p.add(at)}::timestamptz, ${p.add(id)}::uuid)`).join(', ');
      const found = await rows(
        t.db,
        statement<{ id: string } & KeyedRow>(
          `SELECT v.id, ${order.key} FROM (VALUES ${values}) v(at, id)
            WHERE ${order.after(cursor, p)} ORDER BY ${order.orderBy} LIMIT ${order.limit(1)}`,
          p,
        ),
      );
      const page = order.page(found, 1, (r) => r.id);
      seen.push(...page.data);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return seen;
  };

  it('visits every row once, in order, when instants differ by microseconds', async () => {
    const ids = INSTANTS.map(([, id]) => id);
    expect(await pageThrough(false)).toEqual(ids);
    expect(await pageThrough(true)).toEqual([...ids].reverse());
  });
});
