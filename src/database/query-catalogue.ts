import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXEMPTIONS, PHI_TABLES } from '../common/access/exemptions';
import { registeredQueryModules, RegisteredQueryModule } from './query-module';
import { Statement } from './statement';

/** Where the rendered statements are committed, one file per query module. */
export const RENDERED_SQL_DIR = 'sql';

/** Loads every `*.queries.{ts,js}` under `root`, so each registers its module. */
export function loadQueryModules(root: string): RegisteredQueryModule[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return /\.queries\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const file of walk(root)) require(file);
  return registeredQueryModules();
}

export interface RenderedStatement {
  /** `module.statement[n]`, n counting the statement's examples (and statements, for a list). */
  label: string;
  statement: Statement<unknown>;
}

/** Every statement of a module, built with each of its examples. */
export function renderStatements(module: RegisteredQueryModule): RenderedStatement[] {
  return Object.entries(module.queries).flatMap(([name, build]) => {
    const examples = module.examples[name];
    if (!examples?.length) throw new Error(`${module.name}.${name} has no example arguments.`);
    return examples.flatMap((args, i) => {
      const built = build(...args);
      const list = Array.isArray(built) ? built : [built];
      return list.map((s, j) => ({ label: `${module.name}.${name}[${i + 1}${list.length > 1 ? `.${j + 1}` : ''}]`, statement: s }));
    });
  });
}

const describeValue = (value: unknown) => (value instanceof Date ? value.toISOString() : Buffer.isBuffer(value) ? '<bytes>' : JSON.stringify(value));

/** The committed text of a module's statements: what reviewers read in a diff. */
export function renderModuleSql(module: RegisteredQueryModule): string {
  const parts = renderStatements(module).map(({ label, statement }) => {
    const text = statement.text
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .trim();
    const access = statement.scopes.length ? `scope: ${statement.scopes.join(', ')}` : statement.exemption ? `exemption: ${statement.exemption}` : 'no scope';
    const values = statement.values.map((v, i) => `--   $${i + 1} = ${describeValue(v)}`);
    return [`-- ${label} (${access})`, ...values, `${text};`].join('\n');
  });
  return `-- Rendered by \`npm run queries\` from src/**/${module.name}.queries.ts; CI fails when this file is stale.\n\n${parts.join('\n\n')}\n`;
}

/** Tables a statement reads or writes, by name. */
export function tablesOf(text: string): Set<string> {
  return new Set([...text.matchAll(/\b(?:FROM|JOIN|UPDATE|INTO)\s+(?:ONLY\s+)?([a-z_][a-z0-9_]*)\b(?!\s*\()/gi)].map((m) => m[1].toLowerCase()));
}

/** Why a statement breaks the access rule, or undefined when it keeps it. */
export function accessViolation(s: Statement<unknown>): string | undefined {
  const phi = [...tablesOf(s.text)].filter((t) => PHI_TABLES.has(t));
  if (!phi.length || s.scopes.length) return undefined;
  if (s.exemption && s.exemption in EXEMPTIONS) return undefined;
  return `touches ${phi.join(', ')} without a caller scope or a named exemption`;
}
