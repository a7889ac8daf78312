/*
 * Shared pieces of the benchmarks: a throwaway database, servers started as child processes
 * and measured through /proc, bounded autocannon runs, and access tokens minted like the API's.
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { isAbsolute, join } from 'node:path';
import autocannon from 'autocannon';
import { sign } from 'jsonwebtoken';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { loadEnvironment } from '../src/config/environment';
import { locateDatabase } from '../src/database/database-location';
import { runMigrations } from '../src/database/migrate';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../src/database/throwaway-database';

export const HOST = '127.0.0.1';
/** The seeded clinic's zone. */
export const ZONE = 'America/Toronto';
export const JWT = { secret: 'bench-only-signing-key-of-at-least-32-characters', issuer: 'clinic-api', audience: 'clinic-api' };
export const POOL_SIZE = 10;

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/**
 * A sign-in as POST /auth/login makes one: a refresh-token family in the database and an access
 * token naming it (HS256, typ at+jwt, iss, aud, sid), so the API's per-request check finds it.
 */
export async function signIn(db: Client, userId: string, role: string, ttlSeconds = 3600): Promise<string> {
  const sid = randomUUID();
  await db.query(
    `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [userId, sid, randomBytes(32), ttlSeconds],
  );
  return sign({ sub: userId, role, sid }, JWT.secret, {
    algorithm: 'HS256',
    header: { alg: 'HS256', typ: 'at+jwt' },
    expiresIn: ttlSeconds,
    issuer: JWT.issuer,
    audience: JWT.audience,
    jwtid: randomUUID(),
  });
}

export interface BenchDatabase {
  url: string;
  dispose(): Promise<void>;
}

/** A migrated throwaway database on DATABASE_URL's server, or on the embedded one. */
export async function benchDatabase(prefix: string): Promise<BenchDatabase> {
  const location = await locateDatabase(loadEnvironment(), () => undefined);
  const url = await createThrowawayDatabase(location.url, prefix);
  await runMigrations(url);
  return {
    url,
    dispose: async () => {
      await dropThrowawayDatabase(url).catch(() => undefined);
      await location.release();
    },
  };
}

export async function withClient<T>(url: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** Keep in step with package.json's start script and the Dockerfile's CMD. */
export const API_HEAP_CAP = '--max-old-space-size=160';

/** How every benchmarked API runs, as the figures' lines state it. */
export const PRODUCTION_LIKE = 'NODE_ENV=production, LOG_LEVEL=info: one JSON log line per request into a pipe, heap cap 160 MB';

/** Given to benchmarked servers, which run as in production, where both are required. */
export const WEBHOOK_SECRET_KEY = 'bench-only-webhook-key-of-at-least-32-characters';

/**
 * The environment every benchmarked API process gets: production's, as the Dockerfile runs it
 * (NODE_ENV=production, so JSON logs and no development hints; the default log level, info, so
 * every request writes its log line), with the outbox off and rate limits out of the way.
 */
export function apiEnvironment(url: string, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    // The heap cap `npm start` and the Dockerfile run with; BENCH_API_NODE_OPTIONS tries another.
    NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS ?? API_HEAP_CAP,
    NODE_ENV: 'production',
    DATABASE_URL: url,
    PORT: String(port),
    HOST,
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'info',
    OUTBOX_ENABLED: 'false',
    WEBHOOK_SECRET_KEY,
    // The repair report's background computation at start would load the database under measurement.
    REPAIR_REPORT_WARM_UP: 'false',
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    JWT_SECRET: JWT.secret,
    JWT_ISSUER: JWT.issuer,
    JWT_AUDIENCE: JWT.audience,
    LOGIN_RATE_PER_MINUTE: '1000000',
    BOOKING_RATE_PER_HOUR_PER_ADDRESS: '1000000',
    BOOKING_RATE_PER_DAY_PER_EMAIL: '1000000',
  };
}

export interface Server {
  name: string;
  base: string;
  pid: number;
  child: ChildProcess;
  statements(): Promise<number>;
  cpuMicros(): number;
  peakRssBytes(): number;
  rssBytes(): number;
  stop(): Promise<void>;
}

const distRoot = join(__dirname, '..');

/**
 * Starts `script` (relative to the build folder) with the statement counter preloaded (unless
 * `countStatements` is false: then as `npm start` runs it); resolves once `readyPath` answers 200.
 * Its standard output (the log) goes into a pipe, as to a container's log collector, and is
 * dropped here apart from warnings and errors (pino levels 40 and up), which are passed on.
 * With BENCH_CPU_PROFILE_DIR set, each server writes a V8 CPU profile there when it stops
 * (`--cpu-prof`; open it in Chrome DevTools or summarise it with bench/profile-summary.ts).
 */
export async function startServer(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  port: number,
  readyPath: string,
  timeoutMs = 30_000,
  { countStatements = true } = {},
): Promise<Server> {
  const child = fork(isAbsolute(script) ? script : join(distRoot, script), [], {
    env,
    execArgv: [...(countStatements ? ['-r', join(distRoot, 'bench', 'statement-counter.js')] : []), ...profileFlags(name)],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (/"level":[4-6]\d/.test(line) || (line && !line.startsWith('{'))) process.stderr.write(`${name}: ${line}\n`);
  });
  const base = `http://${HOST}:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${name} exited before it was ready`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${timeoutMs} ms`);
    }
    const ok = await fetch(base + readyPath).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const pid = child.pid as number;
  const ticks = 100; // USER_HZ on Linux
  return {
    name,
    base,
    pid,
    child,
    statements: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not report its statement count`)), 5000);
        child.once('message', (m: { statements: number }) => {
          clearTimeout(timer);
          resolve(m.statements);
        });
        child.send('statements?');
      }),
    cpuMicros: () => {
      // Fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised command name.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticks;
    },
    peakRssBytes: () => statusKb(pid, 'VmHWM') * 1024,
    rssBytes: () => statusKb(pid, 'VmRSS') * 1024,
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function profileFlags(name: string): string[] {
  const dir = process.env.BENCH_CPU_PROFILE_DIR;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${name}-${Date.now()}.cpuprofile`] : [];
}

function statusKb(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.split(/\s+/)[1]) : NaN;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  statementsPerRequest: number;
  cpuMicrosPerRequest: number;
}

/** One bounded autocannon run against `server`, with its statements and CPU per request. */
export async function load(server: Server, path: string, headers: Record<string, string>, seconds: number, connections: number): Promise<LoadResult> {
  const statementsBefore = await server.statements();
  const cpuBefore = server.cpuMicros();
  const result = await autocannon({ url: server.base + path, headers, duration: seconds, connections, pipelining: 1, timeout: 10 });
  const cpuAfter = server.cpuMicros();
  const statementsAfter = await server.statements();
  const requests = result.requests.total;
  return {
    requests,
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statementsPerRequest: requests ? (statementsAfter - statementsBefore) / requests : NaN,
    cpuMicrosPerRequest: requests ? (cpuAfter - cpuBefore) / requests : NaN,
  };
}

export async function machine(url: string): Promise<Record<string, string | number>> {
  const postgres = await withClient(url, async (db) => (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v);
  return {
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    postgres,
    // Other work on the host skews every figure; the 5-minute load average says how much there was.
    loadAverage5m: Math.round(loadavg()[1] * 10) / 10,
  };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The value after `--name` on the command line, if given. */
export function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The nearest-rank percentile `q` (0–1) of `xs`. */
export const percentile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(q * xs.length) - 1)];

export interface Targets {
  therapistId: string;
  clientId: string;
  week: { from: string; to: string; sessions: number };
  couple: { id: string; therapistId: string; ruptures: number };
  /** Undefined when the database has no active admin and may not be written to (--database-url). */
  adminId?: string;
}

/**
 * The ids the endpoints need, found by what they are rather than by how the seed named them.
 * A throwaway database without an admin gets one; a shared one (`readOnly`) is left as it is.
 */
export async function findTargets(db: Client, readOnly = false): Promise<Targets> {
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => {
    const row = (await db.query(sql, params)).rows[0] as T | undefined;
    if (!row) throw new Error(`the seeded data has nothing for: ${sql}`);
    return row;
  };
  const busiest = await one<{ therapist_id: string }>(`SELECT therapist_id FROM therapy_sessions GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  const client = await one<{ id: string }>(
    `SELECT c.id FROM clients c WHERE c.primary_therapist_id = $1 AND c.archived_at IS NULL ORDER BY c.id LIMIT 1`,
    [busiest.therapist_id],
  );
  const week = await one<{ w: Date; n: number }>(
    `SELECT date_trunc('week', lower(during) AT TIME ZONE $2) AT TIME ZONE $2 AS w, count(*)::int AS n
       FROM therapy_sessions WHERE therapist_id = $1 GROUP BY 1 ORDER BY 2 DESC, 1 DESC LIMIT 1`,
    [busiest.therapist_id, ZONE],
  );
  const couple = await one<{ id: string; therapist_id: string; n: number }>(
    `SELECT k.id, k.therapist_id, count(*)::int AS n FROM ruptures r JOIN couples k ON k.id = r.couple_id GROUP BY k.id ORDER BY 3 DESC LIMIT 1`,
  );
  let admin = (await db.query<{ id: string }>(`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id LIMIT 1`)).rows[0];
  if (!readOnly) admin ??= (await db.query<{ id: string }>(`INSERT INTO users (email, role, display_name) VALUES ('bench-admin@clinic.test', 'admin', 'Bench Admin') RETURNING id`)).rows[0];
  const from = DateTime.fromJSDate(week.w, { zone: ZONE });
  return {
    therapistId: busiest.therapist_id,
    clientId: client.id,
    week: { from: from.toISO() as string, to: from.plus({ days: 7 }).toISO() as string, sessions: week.n },
    couple: { id: couple.id, therapistId: couple.therapist_id, ruptures: couple.n },
    adminId: admin?.id,
  };
}
