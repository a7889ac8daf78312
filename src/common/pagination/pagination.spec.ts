import { decodeCursor, encodeCursor, toPage } from './pagination';
import { InvalidRequest } from '../problem/problem';

describe('keyset pagination', () => {
  it('round-trips a cursor', () => {
    const key = ['2026-11-01T10:00:00.000Z', '6c2d1f1e-0000-4000-8000-000000000001'];
    expect(decodeCursor(encodeCursor(key), 2)).toEqual(key);
  });

  it.each(['', 'not-base64!', encodeCursor([1]), Buffer.from('{"a":1}').toString('base64url'), encodeCursor([{} as never, 1])])(
    'refuses the malformed cursor %p with a 400 problem',
    (cursor) => {
      expect(() => decodeCursor(cursor, 2)).toThrow(InvalidRequest);
    },
  );

  it('uses the extra row only to say that another page exists', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toPage(rows, 2, (r) => [r.id], (r) => r.id);
    expect(page.data).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor as string, 1)).toEqual(['b']);
    expect(toPage(rows, 3, (r) => [r.id], (r) => r.id).nextCursor).toBeNull();
  });
});
