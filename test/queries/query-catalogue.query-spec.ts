import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXEMPTIONS } from '../../src/common/access/exemptions';
import { accessViolation, loadQueryModules, RENDERED_SQL_DIR, renderModuleSql, renderStatements } from '../../src/database/query-catalogue';
import { useQueryDatabase } from './query-database';

const root = join(__dirname, '..', '..');
const modules = loadQueryModules(join(root, 'src'));
const statements = modules.flatMap((m) => renderStatements(m));

describe('the query catalogue', () => {
  const t = useQueryDatabase();

  it('finds the query modules', () => {
    expect(modules.map((m) => m.name)).toContain('access');
  });

  it.each(modules.map((m) => [m.name, m] as const))('has the rendered SQL of %s committed as it is built now', (_name, module) => {
    const committed = readFileSync(join(root, RENDERED_SQL_DIR, `${module.name}.sql`), 'utf8');
    expect(committed).toBe(renderModuleSql(module));
  });

  it.each(statements.map((s) => [s.label, s] as const))('%s starts from a caller scope or names its exemption', (_label, { statement }) => {
    expect(accessViolation(statement)).toBeUndefined();
  });

  it('has every exemption listed, with its reason, in docs/architecture.md', () => {
    const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
    const listed = doc.slice(doc.indexOf('<!-- exemptions:start -->'), doc.indexOf('<!-- exemptions:end -->'));
    for (const [name, reason] of Object.entries(EXEMPTIONS)) expect(listed).toContain(`- \`${name}\`: ${reason}`);
  });

  // A wrong column, table or type fails here, before any e2e test.
  it.each(statements.map((s) => [s.label, s] as const))('%s plans against the migrated schema', async (_label, { statement }) => {
    await expect(t.db.query(`EXPLAIN ${statement.text}`, statement.values as unknown[])).resolves.toBeDefined();
  });
});
