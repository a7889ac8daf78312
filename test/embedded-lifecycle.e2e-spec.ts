import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { builtApi, freePort, sleep } from './security/api-process';

/**
 * The embedded PostgreSQL and the API's life cycle, as separate processes on temporary data
 * folders under .data/: one server per folder, shared and never killed by a neighbour, stopped by
 * the process that started it, and a shutdown that always ends in time.
 */
const ROOT = resolve(__dirname, '..');
const root = join(ROOT, '.data');

const folders: string[] = [];

/** A fresh folder under .data/ that the `postgres` OS user (as which the server runs under root) can enter. */
function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(root, prefix));
  chmodSync(dir, 0o755);
  folders.push(dir);
  return dir;
}

/** A node process from the built code; its output is kept, its exit awaited. */
class Spawned {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  private waiters: { match: RegExp; resolve: (line: string) => void }[] = [];

  constructor(readonly child: ChildProcess) {
    let buffer = '';
    const take = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        this.output.push(line);
        this.waiters = this.waiters.filter((w) => (w.match.test(line) ? (w.resolve(line), false) : true));
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    this.exited = new Promise((r) => child.once('exit', (code) => r(code)));
  }

  /** The first line matching, waited for at most `ms` (a bound on what would otherwise hang). */
  line(match: RegExp, ms = 60_000): Promise<string> {
    const seen = this.output.find((l) => match.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolveLine, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line like ${match} within ${ms} ms:\n${this.output.join('\n')}`)), ms);
      this.waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolveLine(l)) });
    });
  }

  async exit(ms: number): Promise<number | null | 'still running'> {
    return Promise.race([this.exited, sleep(ms).then(() => 'still running' as const)]);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** A process holding the folder's embedded server (started or found) until told to release it. */
function holder(main: string, dir: string): Spawned {
  const module = join(dirname(main), 'database', 'embedded-postgres.js');
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(module)});
    startEmbeddedPostgres(${JSON.stringify(dir)}).then((server) => {
      console.log('ready ' + JSON.stringify({ url: server.adminUrl, owned: server.owned }));
      process.stdin.on('data', async () => { await server.stop(); console.log('released'); process.exit(0); });
    }, (e) => { console.log('error ' + (e && e.message)); process.exit(1); });`;
  return new Spawned(spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] }));
}

async function ready(h: Spawned): Promise<{ url: string; owned: boolean }> {
  const line = await h.line(/^(ready|error) /);
  if (line.startsWith('error')) throw new Error(line);
  return JSON.parse(line.replace(/^ready /, '')) as { url: string; owned: boolean };
}

async function release(h: Spawned): Promise<void> {
  h.child.stdin?.write('release\n');
  await h.line(/^released$/, 20_000);
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postmasterPid = (dir: string) => Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the embedded PostgreSQL shared by processes on one data folder', () => {
  let main: string;
  const spawned: Spawned[] = [];
  const track = (s: Spawned) => (spawned.push(s), s);
  beforeAll(() => {
    main = builtApi();
    mkdirSync(root, { recursive: true });
  });
  afterAll(async () => {
    for (const s of spawned) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.stdin?.write('release\n');
        if ((await s.exit(15_000)) === 'still running') s.kill();
      }
    }
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('lets a second process use the running server and leave it running; the starter stops it', async () => {
    const dir = join(tempFolder('embedded-'), 'postgres');
    const first = track(holder(main, dir));
    const started = await ready(first);
    expect(started.owned).toBe(true);

    const second = track(holder(main, dir));
    const found = await ready(second);
    expect(found).toEqual({ url: started.url, owned: false });
    await release(second);
    expect(await answers(started.url)).toBe(true);

    const pid = postmasterPid(dir);
    await release(first);
    expect(alive(pid)).toBe(false);
  }, 120_000);

  it('gives each folder a random superuser password, kept 0600 beside it, and listens on loopback only', async () => {
    const dir = join(tempFolder('embedded-'), 'postgres');
    const h = track(holder(main, dir));
    const { url } = await ready(h);
    const password = readFileSync(`${dir}.password`, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(decodeURIComponent(new URL(url).password)).toBe(password);
    expect(statSync(`${dir}.password`).mode & 0o777).toBe(0o600);
    const guessed = new URL(url);
    guessed.password = 'postgres';
    expect(await answers(guessed.toString())).toBe(false);
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT current_setting('listen_addresses') AS listen`);
    await client.end();
    expect(rows[0].listen).toBe('127.0.0.1');
    await release(h);
  }, 120_000);

  it('cleans up after a server that died, leaves a decoy process alone, and stopping an exited server settles', async () => {
    const dir = join(tempFolder('embedded-'), 'postgres');
    const first = track(holder(main, dir));
    await ready(first);
    const pid = postmasterPid(dir);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
    // The server is gone under its starter: releasing it settles at once instead of never.
    await release(first);

    // A stale postmaster.pid now names a live process that is not this folder's server.
    const decoy = track(new Spawned(spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)', 'postgres', '-D', dir], { stdio: ['pipe', 'pipe', 'pipe'] })));
    const lines = readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n');
    lines[0] = String(decoy.child.pid);
    writeFileSync(join(dir, 'postmaster.pid'), lines.join('\n'));

    const next = track(holder(main, dir));
    const { url, owned } = await ready(next);
    expect(owned).toBe(true);
    expect(await answers(url)).toBe(true);
    expect(decoy.child.exitCode).toBeNull();
    expect(decoy.child.signalCode).toBeNull();
    await release(next);
    decoy.kill();
  }, 120_000);

  describe('the API on an embedded folder', () => {
    let dataDir: string;
    let port: number;
    let api: Spawned;
    const env = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dataDir, LOG_LEVEL: 'info', OUTBOX_ENABLED: 'true' });
    const startApi = (extra: Record<string, string> = {}) =>
      track(new Spawned(spawn(process.execPath, [main], { cwd: ROOT, env: { ...env(), HOST: '127.0.0.1', PORT: String(port), ...extra }, stdio: ['ignore', 'pipe', 'pipe'] })));
    const isReady = () => fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(3000) }).then((r) => r.status === 200, () => false);

    beforeAll(async () => {
      dataDir = tempFolder('embedded-api-');
      port = await freePort();
      api = startApi({ SHUTDOWN_TIMEOUT_MS: '4000', HTTP_HEADERS_TIMEOUT_MS: '120000', HTTP_REQUEST_TIMEOUT_MS: '120000' });
      await api.line(/Clinic API ready/, 90_000);
    }, 120_000);

    it('lets the admin tool create an admin while the API runs, on the same server, without stopping it', async () => {
      const tool = track(
        new Spawned(
          spawn(process.execPath, [join(dirname(main), 'users', 'admin-create.cli.js'), '--email', 'first.admin@clinic.test', '--password', 'a long admin password 1'], {
            cwd: ROOT,
            env: env(),
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        ),
      );
      expect(await tool.exit(90_000)).toBe(0);
      expect(await isReady()).toBe(true);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'first.admin@clinic.test', password: 'a long admin password 1' }),
      });
      expect(login.status).toBe(200);
      await sleep(1500); // the outbox keeps polling: no "outbox poll failed" after the tool left
      expect(api.output.filter((l) => l.includes('outbox poll failed'))).toEqual([]);
    }, 120_000);

    it('refuses a second start on the same port before touching the database', async () => {
      // An unreachable DATABASE_URL: only a start that never gets to the database exits on the port.
      const second = startApi({ DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
      expect(await second.exit(30_000)).toBe(1);
      expect(second.output.join('\n')).toMatch(new RegExp(`port ${port} .*already in use`));
      expect(await isReady()).toBe(true);
    }, 60_000);

    it('shuts down within its deadline despite a slow client, and stops the server it started', async () => {
      const pid = postmasterPid(join(dataDir, 'postgres'));
      const slow = connect(port, '127.0.0.1');
      await new Promise((r) => slow.once('connect', r));
      slow.write('GET /health/live HTTP/1.1\r\nHost: x\r\n'); // headers never finished
      slow.on('error', () => undefined);
      api.child.kill('SIGTERM');
      // Without a deadline the slow client holds the process until the headers timeout (120 s here).
      const code = await api.exit(30_000);
      slow.destroy();
      expect(code).not.toBe('still running');
      expect([0, 1]).toContain(code);
      // Stopped, or (when the deadline forced the exit) told to stop on the way out.
      for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
      expect(alive(pid)).toBe(false);
    }, 60_000);

    it('exits 1 when the deadline forces the shutdown, still telling the server it started to stop', async () => {
      const forced = startApi({ SHUTDOWN_TIMEOUT_MS: '3000', DATABASE_STATEMENT_TIMEOUT_MS: '120000', DATABASE_QUERY_TIMEOUT_MS: '120000' });
      await forced.line(/Clinic API ready/, 90_000);
      const dir = join(dataDir, 'postgres');
      const pid = postmasterPid(dir);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'first.admin@clinic.test', password: 'a long admin password 1' }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      // A request stuck on a lock keeps its pool connection past the deadline.
      const lockPort = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[3]);
      const locker = new Client({ host: '127.0.0.1', port: lockPort, user: 'postgres', password: readFileSync(`${dir}.password`, 'utf8').trim(), database: 'clinic' });
      locker.on('error', () => undefined);
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
      const stuck = fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } }).catch(() => undefined);
      await sleep(500);
      forced.child.kill('SIGTERM');
      const code = await forced.exit(30_000);
      await locker.end().catch(() => undefined);
      await stuck;
      expect(code).toBe(1);
      expect(forced.output.join('\n')).toMatch(/shutdown deadline passed/);
      for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
      expect(alive(pid)).toBe(false);
    }, 150_000);
  });
});
