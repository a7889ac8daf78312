/*
 * How many audited reads per second PostgreSQL takes, as pgbench would measure it: N connections
 * each sending, back to back, the API's own two statements of `GET /clients/{id}` (the caller
 * check, then the client read with its audit event in one statement), built by the query modules
 * as bench/baseline-server.ts builds them. The same reads without the audit insert run in turn,
 * so the two figures differ only by the audit trail. No HTTP and no API process: the ceiling
 * measured is the database's.
 *
 * Where the audit trail is sealed in the background (src/audit/audit-sealer.ts), a sealer runs
 * every AUDIT_SEAL_INTERVAL_MS (default 1000) during the audited runs, as an API process would,
 * and its lag is read after each; against a build where the chain is made at insert there is none.
 *
 * With --driver pgbench the same statements are sent by PostgreSQL's own pgbench (C, prepared
 * statements, one script per reader chosen at random), whose client costs far less CPU than Node's:
 * on a 2-core machine shared by the driver and the database, the Node driver is itself a limit.
 *
 * Usage: npm run bench:audit-throughput -- [--connections N] [--seconds N] [--rounds N] [--database-url URL] [--driver node|pgbench]
 * Default: 16 connections, 10 s per run, 3 rounds (audited and plain alternating) on a throwaway
 * database seeded by bench/fixture.ts (tiny). --database-url: an already migrated and seeded
 * database instead, left as it is apart from the audit events the reads write.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigService } from '@nestjs/config';
import { decode } from 'jsonwebtoken';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { clientsQueries } from '../src/clients/clients.queries';
import { AccessService } from '../src/common/access/access.service';
import { auditTrailQueries } from '../src/common/audit/audit-trail.queries';
import { callerQueries } from '../src/common/auth/caller.queries';
import { UserActor } from '../src/common/auth/roles';
import { Statement } from '../src/database/statement';
import { BenchDatabase, benchDatabase, machine, median, signIn, withClient } from './bench-kit';
import { FIXTURE_SIZES, seedFixture } from './fixture';

interface Options {
  connections: number;
  seconds: number;
  rounds: number;
  databaseUrl?: string;
  driver: 'node' | 'pgbench';
}

/** One caller reading one of their clients: who they are, their sign-in, and the client. */
interface Reader {
  actor: UserActor;
  sessionId: string;
  clientId: string;
}

/** The sealer's surface this driver uses, when the build has one. */
interface Sealer {
  sealOnce(): Promise<number>;
  lag(): Promise<{ unsealed: number; lagSeconds: number }>;
  onApplicationBootstrap(): void;
  beforeApplicationShutdown(): Promise<void>;
}

function options(): Options {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const databaseUrl = value('--database-url');
  if (argv.includes('--database-url') && !databaseUrl?.startsWith('postgres')) throw new Error('--database-url takes a postgres:// URL');
  const driver = value('--driver') ?? 'node';
  if (driver !== 'node' && driver !== 'pgbench') throw new Error('--driver takes node or pgbench');
  return { connections: Number(value('--connections') ?? 16), seconds: Number(value('--seconds') ?? 10), rounds: Number(value('--rounds') ?? 3), databaseUrl, driver };
}

const access = new AccessService(null as never);

/** The API's two statements for one read; `audited` false leaves out the audit insert, nothing else. */
function statementsOf(reader: Reader, audited: boolean): Statement<unknown>[] {
  const select = clientsQueries.client(access.scope(reader.actor), reader.clientId);
  const read = audited
    ? auditTrailQueries.auditedRead(reader.actor, select, { action: 'read', resourceType: 'client', resourceId: 'rows.id', clientIds: 'ARRAY[rows.id]' })
    : select;
  return [callerQueries.signedInUser(reader.actor.id, reader.sessionId), read];
}

/** Every therapist of the database signed in, each with one of their clients. */
async function readersOf(url: string): Promise<Reader[]> {
  return withClient(url, async (db) => {
    const found = await db.query<{ therapist_id: string; client_id: string }>(
      `SELECT DISTINCT ON (c.primary_therapist_id) c.primary_therapist_id AS therapist_id, c.id AS client_id
         FROM clients c JOIN users u ON u.id = c.primary_therapist_id AND u.active
        WHERE c.archived_at IS NULL ORDER BY c.primary_therapist_id, c.id`,
    );
    if (!found.rows.length) throw new Error('the database has no therapist with a client');
    const readers: Reader[] = [];
    for (const row of found.rows) {
      const token = await signIn(db, row.therapist_id, 'therapist');
      const { sid } = decode(token) as { sid: string };
      readers.push({ actor: { kind: 'user', id: row.therapist_id, role: 'therapist', requestId: 'bench', sourceAddress: '127.0.0.1' }, sessionId: sid, clientId: row.client_id });
    }
    return readers;
  });
}

/** N connections sending reads back to back for `seconds`; answers reads per second. */
async function drive(url: string, readers: Reader[], audited: boolean, opts: Options): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      const db = new Client({ connectionString: url });
      await db.connect();
      return db;
    }),
  );
  let reads = 0;
  const started = Date.now();
  const until = started + opts.seconds * 1000;
  try {
    await Promise.all(
      clients.map(async (db, c) => {
        for (let i = c; Date.now() < until; i += opts.connections) {
          for (const s of statementsOf(readers[i % readers.length], audited)) await db.query(s.text, s.values as unknown[]);
          reads++;
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((db) => db.end()));
  }
  return reads / ((Date.now() - started) / 1000);
}

/** A parameter as an SQL literal, for a pgbench script. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = Array.isArray(value) ? `{${value.map(String).join(',')}}` : value instanceof Date ? value.toISOString() : String(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/** The same reads sent by pgbench: one script per reader, its two statements with their values written in. */
async function pgbench(url: string, readers: Reader[], audited: boolean, opts: Options): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'audit-throughput-'));
  try {
    const scripts = readers.map((reader, i) => {
      const file = join(dir, `reader-${i}.sql`);
      const text = statementsOf(reader, audited)
        .map((s) => `${s.text.replace(/\$(\d+)/g, (_, n: string) => literal(s.values[Number(n) - 1])).replace(/\s*\n\s*/g, ' ')};`)
        .join('\n');
      writeFileSync(file, `${text}\n`);
      return file;
    });
    const args = ['-n', '-M', 'prepared', '-c', String(opts.connections), '-j', '2', '-T', String(opts.seconds), ...scripts.flatMap((f) => ['-f', f]), url];
    // Asynchronously, so the sealer of this process keeps running meanwhile, as it would beside an API.
    const { stdout: output } = await promisify(execFile)('pgbench', args, { encoding: 'utf8' });
    const tps = /tps = ([\d.]+)/.exec(output);
    if (!tps) throw new Error(`pgbench gave no figure:\n${output}`);
    return Number(tps[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The background sealer, where this build has one, on its own connection pool. */
async function startSealer(url: string): Promise<{ sealer: Sealer; close(): Promise<void> } | undefined> {
  const path = join(__dirname, '..', 'src', 'audit', 'audit-sealer.js');
  if (!existsSync(path)) return undefined;
  const { AuditSealer } = (await import(path)) as { AuditSealer: new (db: DataSource, config: ConfigService) => Sealer };
  const db = await new DataSource({ type: 'postgres', url, poolSize: 2 }).initialize();
  const interval = Number(process.env.AUDIT_SEAL_INTERVAL_MS ?? 1000);
  const sealer = new AuditSealer(db, new ConfigService({ AUDIT_SEAL_INTERVAL_MS: interval }));
  await sealer.sealOnce();
  sealer.onApplicationBootstrap();
  return {
    sealer,
    close: async () => {
      await sealer.beforeApplicationShutdown();
      await db.destroy();
    },
  };
}

async function main() {
  const opts = options();
  let throwaway: BenchDatabase | undefined;
  let background: Awaited<ReturnType<typeof startSealer>> = undefined;
  try {
    if (!opts.databaseUrl) {
      throwaway = await benchDatabase('clinic_bench_audit_throughput');
      await withClient(throwaway.url, (db) => seedFixture(db, FIXTURE_SIZES.tiny));
    }
    const url = opts.databaseUrl ?? (throwaway as BenchDatabase).url;
    const readers = await readersOf(url);
    background = await startSealer(url);
    const audited: number[] = [];
    const plain: number[] = [];
    const lags: { unsealed: number; lagSeconds: number }[] = [];
    const run = (withAudit: boolean, o: Options) => (opts.driver === 'pgbench' ? pgbench(url, readers, withAudit, o) : drive(url, readers, withAudit, o));
    await run(true, { ...opts, seconds: Math.min(2, opts.seconds) }); // warm-up
    for (let round = 0; round < opts.rounds; round++) {
      audited.push(await run(true, opts));
      if (background) lags.push(await background.sealer.lag());
      plain.push(await run(false, opts));
    }
    const result = {
      machine: await machine(url),
      driver: opts.driver,
      connections: opts.connections,
      secondsPerRun: opts.seconds,
      rounds: opts.rounds,
      readers: readers.length,
      sealer: background ? `every ${process.env.AUDIT_SEAL_INTERVAL_MS ?? 1000} ms during the audited runs` : 'none: the chain is made at insert',
      auditedReadsPerSecond: Math.round(median(audited)),
      plainReadsPerSecond: Math.round(median(plain)),
      auditedShareOfPlain: Math.round((median(audited) / median(plain)) * 100) / 100,
      runs: { audited: audited.map(Math.round), plain: plain.map(Math.round) },
      ...(background ? { sealingAfterEachAuditedRun: lags } : {}),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await background?.close();
    await throwaway?.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
