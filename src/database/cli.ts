/* Migration commands: run | revert | generate <Name> | types | check. Usage in docs/operations.md. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironment } from '../config/environment';
import { createDataSource } from './tool-data-source';
import { locateDatabase } from './database-location';
import { runMigrations } from './migrate';
import { renderSchemaTypes, SCHEMA_TYPES_FILE } from './schema-types';
import { createThrowawayDatabase, dropThrowawayDatabase } from './throwaway-database';

const MIGRATIONS_DIR = join(process.cwd(), 'migrations');

async function pendingSchemaChanges(url: string) {
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  try {
    return await dataSource.driver.createSchemaBuilder().log();
  } finally {
    await dataSource.destroy();
  }
}

function statement(q: { query: string; parameters?: unknown[] }): string {
  const params = q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : '';
  return `        await queryRunner.query(\`${q.query.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\`${params});`;
}

/** Runs `work` on a fresh database where every migration has been applied, then drops it. */
async function onMigratedScratch<T>(url: string, work: (scratch: string) => Promise<T>): Promise<T> {
  const scratch = await createThrowawayDatabase(url, 'clinic_migration_scratch');
  try {
    await runMigrations(scratch);
    return await work(scratch);
  } finally {
    await dropThrowawayDatabase(scratch);
  }
}

async function generate(url: string, name: string): Promise<void> {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error('usage: migration:generate -- <PascalCaseName>');
  // Compared with a fresh, fully migrated database, so the result does not depend on local data.
  const sql = await onMigratedScratch(url, pendingSchemaChanges);
  if (!sql.upQueries.length) {
    process.stdout.write('The schema already matches the entities: no migration generated.\n');
    return;
  }
  const timestamp = Date.now();
  const content = [
    `import { MigrationInterface, QueryRunner } from 'typeorm';`,
    ``,
    `export class ${name}${timestamp} implements MigrationInterface {`,
    `    name = '${name}${timestamp}';`,
    ``,
    `    public async up(queryRunner: QueryRunner): Promise<void> {`,
    ...sql.upQueries.map(statement),
    `    }`,
    ``,
    `    public async down(queryRunner: QueryRunner): Promise<void> {`,
    ...sql.downQueries.map(statement).reverse(),
    `    }`,
    `}`,
    ``,
  ].join('\n');
  const file = `${timestamp}-${name}`;
  writeFileSync(join(MIGRATIONS_DIR, `${file}.ts`), content);
  const indexPath = join(MIGRATIONS_DIR, 'index.ts');
  const index = readFileSync(indexPath, 'utf8')
    .replace(/((?:^import .*\n)+)/m, `$1import { ${name}${timestamp} } from './${file}';\n`)
    .replace(/\];\s*$/, `  ${name}${timestamp},\n];\n`);
  writeFileSync(indexPath, index);
  process.stdout.write(`Wrote migrations/${file}.ts: review it by hand before committing.\n`);
}

/** Applies every migration to an empty database and fails if the entities want more. */
async function check(url: string): Promise<boolean> {
  return onMigratedScratch(url, async (scratch) => {
    const sql = await pendingSchemaChanges(scratch);
    if (sql.upQueries.length) {
      process.stderr.write('Entities and migrations have drifted. A new migration would run:\n');
      for (const q of sql.upQueries) process.stderr.write(`  ${q.query};\n`);
      return false;
    }
    const types = await renderSchemaTypes(scratch);
    if (readFileSync(join(process.cwd(), SCHEMA_TYPES_FILE), 'utf8') !== types) {
      process.stderr.write(`${SCHEMA_TYPES_FILE} is stale: run \`npm run schema:types\` and commit it.\n`);
      return false;
    }
    const revert = createDataSource(scratch, 2);
    await revert.initialize();
    try {
      // Every migration must also revert cleanly.
      while ((await revert.query(`SELECT count(*)::int AS n FROM schema_migrations`))[0].n > 0) {
        await revert.undoLastMigration();
      }
    } finally {
      await revert.destroy();
    }
    process.stdout.write('Migrations and entities agree; every migration reverts.\n');
    return true;
  });
}

async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  const env = loadEnvironment();
  const database = await locateDatabase(env, (m) => process.stderr.write(`${m}\n`));
  try {
    switch (command) {
      case 'run': {
        const applied = await runMigrations(database.url, (reason) => process.stderr.write(`${reason}\n`));
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n');
        return 0;
      }
      case 'revert': {
        const dataSource = createDataSource(database.url, 2);
        await dataSource.initialize();
        await dataSource.undoLastMigration();
        await dataSource.destroy();
        return 0;
      }
      case 'generate':
        await generate(database.url, name ?? '');
        return 0;
      case 'types':
        writeFileSync(join(process.cwd(), SCHEMA_TYPES_FILE), await onMigratedScratch(database.url, renderSchemaTypes));
        process.stdout.write(`Wrote ${SCHEMA_TYPES_FILE}.\n`);
        return 0;
      case 'check':
        return (await check(database.url)) ? 0 : 1;
      default:
        process.stderr.write('usage: cli.js run | revert | generate <Name> | types | check\n');
        return 2;
    }
  } finally {
    await database.release();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
