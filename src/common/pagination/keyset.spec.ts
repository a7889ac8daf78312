import { SqlParams } from '../../database/sql-params';
import { InvalidRequest } from '../problem/problem';
import { keyset } from './keyset';
import { decodeCursor } from './pagination';

describe('keyset', () => {
  const byNewest = keyset({ column: 'r.occurred_at', type: 'timestamptz', descending: true }, { column: 'r.id', type: 'uuid', descending: true });

  it('states the order once: select key, ORDER BY, and the order over an audited read', () => {
    expect(byNewest.key).toBe('ARRAY[(r.occurred_at)::text, (r.id)::text] AS page_key');
    expect(byNewest.orderBy).toBe('r.occurred_at DESC, r.id DESC');
    expect(byNewest.orderByKey).toBe('(page_key[1])::timestamptz DESC, (page_key[2])::uuid DESC');
  });

  it('continues after the cursor with each value cast back to its type', () => {
    const p = new SqlParams();
    const id = '00000000-0000-4000-8000-00000000000b';
    const cursor = Buffer.from(JSON.stringify(['2026-03-01 10:00:00.123456+00', id])).toString('base64url');
    expect(byNewest.after(cursor, p)).toBe('(r.occurred_at, r.id) < ($1::timestamptz, $2::uuid)');
    expect(p.values).toEqual(['2026-03-01 10:00:00.123456+00', id]);
    expect(byNewest.after(undefined, new SqlParams())).toBe('TRUE');
  });

  it('refuses a cursor it did not make with a 400 naming the field', () => {
    expect(() => byNewest.after('not-a-cursor', new SqlParams())).toThrow(InvalidRequest);
    const oneKey = Buffer.from(JSON.stringify(['x'])).toString('base64url');
    expect(() => byNewest.after(oneKey, new SqlParams())).toThrow(InvalidRequest);
    // Well-formed JSON with values no row of this order could have: refused before any SQL, naming the field.
    const tampered = Buffer.from(JSON.stringify(['not a time', '00000000-0000-4000-8000-000000000001'])).toString('base64url');
    expect(() => byNewest.after(tampered, new SqlParams())).toThrow(expect.objectContaining({ extensions: { errors: [{ field: 'cursor', message: 'cursor is malformed' }] } }));
    const notAnId = Buffer.from(JSON.stringify(['2026-03-01 10:00:00+00', 'x'])).toString('base64url');
    expect(() => byNewest.after(notAnId, new SqlParams())).toThrow(InvalidRequest);
  });

  it('gives a cursor only when a row beyond the page was fetched', () => {
    const rows = ['a', 'b', 'c'].map((id) => ({ id, page_key: [`t-${id}`, id] }));
    const page = byNewest.page(rows, 2, (r) => r.id);
    expect(page.data).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor as string, 2)).toEqual(['t-b', 'b']);
    expect(byNewest.page(rows, 3, (r) => r.id).nextCursor).toBeNull();
  });

  it('refuses keys in mixed directions', () => {
    expect(() => keyset({ column: 'a', type: 'text' }, { column: 'b', type: 'uuid', descending: true })).toThrow();
  });
});
