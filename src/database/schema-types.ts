import { Client } from 'pg';

/**
 * Renders the row types of every table from the migrated schema: `src/database/schema.generated.ts`.
 * The entities declare the schema, migrations are generated from them and checked, and these
 * types are generated from the migrated database and checked (`npm run migration:check`), so a
 * row type can never disagree with the table. Types are what the pg driver returns.
 */
export const SCHEMA_TYPES_FILE = 'src/database/schema.generated.ts';

const SCALARS: Record<string, string> = {
  uuid: 'string',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  citext: 'string',
  name: 'string',
  inet: 'string',
  cidr: 'string',
  time: 'string',
  timetz: 'string',
  tstzrange: 'string',
  tsrange: 'string',
  int8: 'string',
  numeric: 'string',
  int2: 'number',
  int4: 'number',
  float4: 'number',
  float8: 'number',
  bool: 'boolean',
  timestamptz: 'Date',
  timestamp: 'Date',
  date: 'Date',
  bytea: 'Buffer',
  varbit: 'string',
  json: 'unknown',
  jsonb: 'unknown',
  interval: 'unknown',
};

interface ColumnInfo {
  table: string;
  column: string;
  udt: string;
  nullable: boolean;
}

/** `"status" IN ('a', 'b')` as PostgreSQL stores it: the column and its allowed values. */
function allowedValues(definition: string): { column: string; values: string[] } | undefined {
  const match = /^CHECK \(\(\(?\(?"?(\w+)"?\)?(?:::text)?\)? = ANY \(\(?ARRAY\[(.*)\]\)?(?:::text\[\])?\)\)\)?$/.exec(definition);
  if (!match) return undefined;
  const values = [...match[2].matchAll(/'((?:[^']|'')*)'(?:::[\w ]+)?/g)].map((m) => m[1].replace(/''/g, "'"));
  return values.length ? { column: match[1], values } : undefined;
}

function typeOf(udt: string, allowed?: string[]): string {
  if (allowed) return allowed.map((v) => JSON.stringify(v).replace(/"/g, "'")).join(' | ');
  if (udt.startsWith('_')) {
    const element = typeOf(udt.slice(1));
    return /[ |]/.test(element) ? `(${element})[]` : `${element}[]`;
  }
  const scalar = SCALARS[udt];
  if (!scalar) throw new Error(`No TypeScript type for PostgreSQL type ${udt}; add it to SCALARS in schema-types.ts.`);
  return scalar;
}

export async function renderSchemaTypes(url: string): Promise<string> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const columns = (
      await db.query<ColumnInfo>(
        `SELECT c.table_name AS table, c.column_name AS column, c.udt_name AS udt, c.is_nullable = 'YES' AS nullable
           FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'schema_migrations'
          ORDER BY c.table_name, c.ordinal_position`,
      )
    ).rows;
    const checks = (
      await db.query<{ table: string; definition: string }>(
        `SELECT r.relname AS table, pg_get_constraintdef(k.oid) AS definition
           FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
          WHERE k.contype = 'c' AND n.nspname = 'public' ORDER BY r.relname, k.conname`,
      )
    ).rows;
    const allowed = new Map<string, string[]>();
    for (const check of checks) {
      const found = allowedValues(check.definition);
      if (found) allowed.set(`${check.table}.${found.column}`, found.values);
    }
    const tables = new Map<string, string[]>();
    for (const c of columns) {
      const type = typeOf(c.udt, allowed.get(`${c.table}.${c.column}`));
      const lines = tables.get(c.table) ?? [];
      lines.push(`    ${c.column}: ${c.nullable ? `${type} | null` : type};`);
      tables.set(c.table, lines);
    }
    return [
      '// Generated from the migrated schema by `npm run schema:types`; `npm run migration:check` fails when it is stale.',
      '// Do not edit: change the entity, generate a migration, then regenerate this file.',
      '',
      '/** Every table, each column as the pg driver returns it. */',
      'export interface Schema {',
      ...[...tables].flatMap(([table, lines]) => [`  ${table}: {`, ...lines, '  };']),
      '}',
      '',
      '/** A row of `table`, as the pg driver returns it. */',
      'export type Row<T extends keyof Schema> = Schema[T];',
      '',
    ].join('\n');
  } finally {
    await db.end();
  }
}
