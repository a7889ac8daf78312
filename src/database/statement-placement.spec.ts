import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * SQL lives in query modules (`*.queries.ts`); services keep the rules. Outside them only the
 * schema's declaration (entities), the scope predicates of AccessScope and the database plumbing in
 * src/database (the data source, migration runner, embedded server, schema types) speak SQL. An upper-case SQL keyword in code anywhere else is a statement out of place.
 */
const SRC = join(__dirname, '..');
const SQL = /\b(SELECT\s[\s\S]{0,400}?\bFROM\b|INSERT\s+INTO\b|DELETE\s+FROM\b|UPDATE\s+[a-z_]+\s+(?:[a-z]+\s+)?SET\b|WHERE\s|ON CONFLICT\b)/;

/** Query modules; the schema's declaration (entity checks and partial indexes); the scope predicates; the plumbing. */
const placeForSql = (file: string) =>
  /\.(queries|entity|entities)\.ts$/.test(file) || file === 'common/access/access-scope.ts' || file.startsWith('database/') || file.endsWith('.spec.ts');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The code without comments, so prose about a statement is not mistaken for one. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('where statements live', () => {
  const misplaced = sources(SRC)
    .map((path) => relative(SRC, path))
    .filter((file) => !placeForSql(file))
    .filter((file) => SQL.test(code(readFileSync(join(SRC, file), 'utf8'))));

  it('keeps SQL text in query modules only, never in services, controllers or mappers', () => {
    expect(misplaced).toEqual([]);
  });
});
