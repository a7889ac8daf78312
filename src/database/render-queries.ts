/* `npm run queries` writes sql/<module>.sql from every query module; `--check` fails when one is stale. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadQueryModules, RENDERED_SQL_DIR, renderModuleSql } from './query-catalogue';

function main(): number {
  const check = process.argv.includes('--check');
  const dir = join(process.cwd(), RENDERED_SQL_DIR);
  const modules = loadQueryModules(join(__dirname, '..'));
  const expected = new Map(modules.map((m) => [`${m.name}.sql`, renderModuleSql(m)]));
  const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sql')) : [];
  const stale = [
    ...[...expected].filter(([file, text]) => !existsSync(join(dir, file)) || readFileSync(join(dir, file), 'utf8') !== text).map(([file]) => file),
    ...present.filter((file) => !expected.has(file)),
  ];
  if (check) {
    if (stale.length) process.stderr.write(`Rendered SQL is stale (${stale.join(', ')}): run \`npm run queries\` and commit ${RENDERED_SQL_DIR}/.\n`);
    return stale.length ? 1 : 0;
  }
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of expected) writeFileSync(join(dir, file), text);
  for (const file of present.filter((f) => !expected.has(f))) writeFileSync(join(dir, file), '');
  process.stdout.write(`Rendered ${modules.length} query modules to ${RENDERED_SQL_DIR}/.\n`);
  return 0;
}

process.exit(main());
