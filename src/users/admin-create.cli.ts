/* `npm run admin:create -- --email a@b.c [--password …] [--name …]`: creates an admin account. */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadEnvironment } from '../config/environment';
import { createDataSource } from '../database/tool-data-source';
import { locateDatabase } from '../database/database-location';
import { runMigrations } from '../database/migrate';
import { createAdminAccount } from './first-admin';

const USAGE = 'usage: npm run admin:create -- --email <email> [--password <password>] [--name <display name>]\n' +
  '       without --password, the password is read from standard input (not echoed on a terminal)\n';

export interface AdminCreateArgs {
  email: string;
  password?: string;
  name?: string;
}

/** Reads the command line; undefined when it is not usable. */
export function parseAdminCreateArgs(argv: string[]): AdminCreateArgs | undefined {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    return values.email ? { email: values.email, password: values.password, name: values.name } : undefined;
  } catch {
    return undefined;
  }
}

async function readPassword(): Promise<string> {
  const tty = process.stdin.isTTY === true;
  if (tty) process.stderr.write('Password (at least 12 characters): ');
  // On a terminal the typed characters go to a sink instead of the screen.
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: process.stdin, output: tty ? sink : undefined, terminal: tty });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
    if (tty) process.stderr.write('\n');
  }
}

async function main(): Promise<number> {
  const args = parseAdminCreateArgs(process.argv.slice(2));
  if (!args) {
    process.stderr.write(USAGE);
    return 2;
  }
  const password = args.password ?? (await readPassword());
  const env = loadEnvironment();
  const database = await locateDatabase(env, (m) => process.stderr.write(`${m}\n`));
  try {
    await runMigrations(database.url);
    const db = createDataSource(database.url, 2);
    await db.initialize();
    try {
      const outcome = await createAdminAccount(db, { email: args.email, password, displayName: args.name }, { onlyIfNoAdmin: false });
      if (!outcome.created) {
        process.stderr.write(`An account with the email ${args.email} already exists; nothing was created.\n`);
        return 1;
      }
      process.stdout.write(`Admin ${args.email.toLowerCase()} created (id ${outcome.id}).\n`);
      return 0;
    } finally {
      await db.destroy();
    }
  } finally {
    await database.release();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`admin:create failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
