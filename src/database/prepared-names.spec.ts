import { MAX_PREPARED_STATEMENTS, preparedName } from './prepared-names';

describe('preparedName', () => {
  it('gives one text one stable name, and different texts different names', () => {
    const name = preparedName('SELECT 1 WHERE $1::int > 0');
    expect(name).toMatch(/^clinic_[A-Za-z0-9_-]{22}$/);
    expect(preparedName('SELECT 1 WHERE $1::int > 0')).toBe(name);
    expect(preparedName('SELECT 2 WHERE $1::int > 0')).not.toBe(name);
  });

  it('names at most MAX_PREPARED_STATEMENTS texts; later ones run unnamed, earlier ones keep their names', () => {
    const first = preparedName('SELECT 1 WHERE $1::int > 0');
    for (let i = 0; i < MAX_PREPARED_STATEMENTS + 50; i++) preparedName(`SELECT ${i} AS many`);
    expect(preparedName('SELECT 3 AS one_more_than_allowed, $1::int')).toBeUndefined();
    expect(preparedName('SELECT 1 WHERE $1::int > 0')).toBe(first);
  });
});
