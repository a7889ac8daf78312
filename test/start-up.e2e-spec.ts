import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runMigrations } from '../src/database/migrate';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../src/database/throwaway-database';
import { builtApi, freePort } from './security/api-process';

// The script `npm start` runs first (prestart); plain CommonJS, as it runs before any build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const prestart = require('../scripts/build-if-changed.js') as {
  buildDecision(root: string): 'build' | 'fresh' | 'run-output';
  writeStamp(root: string): void;
};

const ROOT = resolve(__dirname, '..');

describe('npm start builds only when the sources changed', () => {
  let project: string;
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'clinic-prestart-'));
    mkdirSync(join(project, 'src'));
    mkdirSync(join(project, 'dist', 'src'), { recursive: true });
    writeFileSync(join(project, 'src', 'main.ts'), 'export const a = 1;\n');
    writeFileSync(join(project, 'dist', 'src', 'main.js'), 'exports.a = 1;\n');
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('builds the first time, not after, and again once a source changes', () => {
    expect(prestart.buildDecision(project)).toBe('build');
    prestart.writeStamp(project);
    expect(prestart.buildDecision(project)).toBe('fresh');
    writeFileSync(join(project, 'src', 'main.ts'), 'export const a = 2;\n');
    expect(prestart.buildDecision(project)).toBe('build');
  });

  it('builds when a source is added or the lock file changes', () => {
    prestart.writeStamp(project);
    writeFileSync(join(project, 'src', 'new.ts'), 'export {};\n');
    expect(prestart.buildDecision(project)).toBe('build');
    prestart.writeStamp(project);
    writeFileSync(join(project, 'package-lock.json'), '{}\n');
    expect(prestart.buildDecision(project)).toBe('build');
  });

  it('builds when the build output is gone', () => {
    prestart.writeStamp(project);
    rmSync(join(project, 'dist', 'src', 'main.js'));
    expect(prestart.buildDecision(project)).toBe('build');
  });

  it('runs the build output where there are no sources (the Docker image)', () => {
    rmSync(join(project, 'src'), { recursive: true });
    expect(prestart.buildDecision(project)).toBe('run-output');
  });

  it('runs the build when needed and only then, recording what it built (the prestart command itself)', () => {
    // A stand-in for `nest build` that counts its runs and leaves an entry point and a start of two modules, as the real one does.
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', 'esbuild'), join(project, 'node_modules', 'esbuild'));
    const nest = join(project, 'node_modules', '.bin', 'nest');
    const output = ['exports.a = 1;', 'require("./start");'].join(' ');
    writeFileSync(
      nest,
      `#!/bin/sh\necho run >> builds.log\nmkdir -p dist/src && echo '${output}' > dist/src/main.js\necho 'exports.b = require("./part").b;' > dist/src/start.js\necho 'exports.b = "joined";' > dist/src/part.js\n`,
      { mode: 0o755 },
    );
    mkdirSync(join(project, 'scripts'));
    for (const script of ['build-if-changed.js', 'bundle-api.js']) copyFileSync(join(ROOT, 'scripts', script), join(project, 'scripts', script));
    rmSync(join(project, 'dist'), { recursive: true });
    const start = () => spawnSync(process.execPath, ['scripts/build-if-changed.js'], { cwd: project, encoding: 'utf8' });
    const builds = () => readFileSync(join(project, 'builds.log'), 'utf8').trim().split('\n').length;

    expect(start().status).toBe(0);
    expect(builds()).toBe(1);
    // The start is one file: the API's own modules joined into it, each package still required by name.
    const started = readFileSync(join(project, 'dist', 'src', 'start.js'), 'utf8');
    expect(started).toContain('"joined"');
    expect(started).not.toContain('require("./part")');
    const warm = start();
    expect(warm.stdout).toContain('Build is up to date');
    expect(builds()).toBe(1);
    writeFileSync(join(project, 'src', 'main.ts'), 'export const a = 3;\n');
    expect(start().status).toBe(0);
    expect(builds()).toBe(2);
  });
});

let entry: string;

/** Starts the built API and collects its standard output until the ready line (or its exit). */
async function startApi(env: Record<string, string>): Promise<{ lines: string[]; process: ChildProcess; everything: () => string[] }> {
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', LOG_LEVEL: 'info', HOST: '127.0.0.1', OUTBOX_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((done, fail) => {
    // Far above a normal start (a few seconds; tens under heavy load); only a start that hangs reaches it.
    const deadline = setTimeout(() => fail(new Error(`no ready line within 120 s:\n${output}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Clinic API ready/.test(output)) {
        clearTimeout(deadline);
        done();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      fail(new Error(`the API exited with ${code}:\n${output}`));
    });
  });
  return { lines: output.trim().split('\n'), process: child, everything: () => output.trim().split('\n') };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

describe('the start log', () => {
  // Each test starts the API once or twice; a loaded machine makes a start take tens of seconds.
  jest.setTimeout(300_000);
  let databaseUrl: string;
  beforeAll(async () => {
    // The built API (compiled here when the build output is older than the sources).
    entry = builtApi();
    databaseUrl = await createThrowawayDatabase(process.env.DATABASE_URL as string, 'clinic_start');
    await runMigrations(databaseUrl);
  }, 240_000);
  afterAll(() => dropThrowawayDatabase(databaseUrl));

  it('says in one line how to get the first admin, and ends with the addresses to open, in readable lines', async () => {
    const port = await freePort();
    const { lines, process: api } = await startApi({ DATABASE_URL: databaseUrl, PORT: String(port) });
    await stop(api);
    const hints = lines.filter((line) => line.includes('No admin account yet'));
    expect(hints).toHaveLength(1);
    for (const way of ['npm run admin:create -- --email', 'ADMIN_EMAIL and ADMIN_PASSWORD', 'npm run seed:demo']) expect(hints[0]).toContain(way);
    const last = lines.filter((line) => line.trim()).pop() ?? '';
    for (const address of ['/api/v1', '/docs', '/health/ready']) expect(last).toContain(`http://127.0.0.1:${port}${address}`);
    // Development logs are for reading: lines, not JSON records.
    expect(hints[0].trim().startsWith('{')).toBe(false);
    expect(last).toMatch(/INFO/);
  });

  it('says nothing about admins once there is one', async () => {
    const port = await freePort();
    const { lines, process: api } = await startApi({
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      ADMIN_EMAIL: 'first.admin@clinic.example',
      ADMIN_PASSWORD: 'a long first password',
    });
    await stop(api);
    expect(lines.some((line) => line.includes('first admin created'))).toBe(true);
    expect(lines.some((line) => line.includes('No admin account yet'))).toBe(false);
  });

  it('starts from one file of the API\'s own modules, its packages required from node_modules', () => {
    const started = readFileSync(join(dirname(entry), 'start.js'), 'utf8');
    expect(started.match(/require\("\.\.?\/[^"]*"\)/g)).toBeNull();
    expect(started).toContain('require("@nestjs/core")');
    expect(readFileSync(entry, 'utf8')).toMatch(/require\("\.\/compile-cache"\);\s*require\("\.\/start"\);/);
  });

  it('does not load the receipt PDF library at start (only a receipt needs it)', () => {
    const loaded = spawnSync(
      process.execPath,
      ['-e', `require(${JSON.stringify(join(dirname(entry), 'app.module.js'))}); process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('/node_modules/pdfkit/'))))`],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(loaded.status).toBe(0);
    expect(JSON.parse(loaded.stdout)).toEqual([]);
  });

  it('builds nothing at start that no request uses (Fastify\'s schema compilers, the entities\' metadata and the tools\' DataSource, Nest\'s TypeORM module), and still answers', () => {
    const built = dirname(entry);
    const script = `
      const { createApp } = require(${JSON.stringify(join(built, 'app.factory.js'))});
      const { createLogger } = require(${JSON.stringify(join(built, 'common', 'logging', 'logger.js'))});
      createApp(process.env.DATABASE_URL, createLogger('warn', { pretty: false })).then(async (app) => {
        await app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = app.getHttpServer().address();
        const entities = app.get(require('typeorm').DataSource).entityMetadatas.length;
        const live = (await fetch('http://127.0.0.1:' + port + '/health/live')).status;
        const ready = (await fetch('http://127.0.0.1:' + port + '/health/ready')).status;
        const loaded = Object.keys(require.cache).filter((f) => /\\/node_modules\\/(ajv|ajv-formats|@fastify\\/ajv-compiler|@fastify\\/fast-json-stringify-compiler|@nestjs\\/typeorm)\\/|\\/fast-json-stringify\\/index\\.js$|\\/src\\/database\\/(tool-data-source|entities)\\.js$/.test(f));
        await app.close();
        // (Fastify's own error serializer, precompiled, needs fast-json-stringify's small runtime only.)
        process.stdout.write(JSON.stringify({ live, ready, loaded, entities }));
      });`;
    const run = spawnSync(process.execPath, ['-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', DATABASE_URL: databaseUrl, OUTBOX_ENABLED: 'false', REPAIR_REPORT_WARM_UP: 'false' },
      timeout: 120_000,
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ live: 200, ready: 200, loaded: [], entities: 0 });
  });

  it('gives no admin hint in production, and logs JSON there', async () => {
    const fresh = await createThrowawayDatabase(process.env.DATABASE_URL as string, 'clinic_start_prod');
    try {
      const secret = 'a-production-like-secret-of-at-least-32-chars';
      const port = await freePort();
      const { lines, process: api, everything } = await startApi({
        DATABASE_URL: fresh,
        PORT: String(port),
        NODE_ENV: 'production',
        JWT_SECRET: secret,
        WEBHOOK_SECRET_KEY: secret,
      });
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
      await stop(api);
      expect(lines.some((line) => line.includes('No admin account yet'))).toBe(false);
      // Production logs are JSON records, one a line, for the log collector.
      const records = everything().map((line) => JSON.parse(line) as { level: number; msg?: string; req?: { route?: string } });
      expect(records.every((record) => typeof record.level === 'number')).toBe(true);
      // Lines are written in blocks; those still kept when the process ends are written before it ends.
      expect(records.some((record) => record.msg === 'request completed' && record.req?.route === '/health/live')).toBe(true);
      expect(records[records.length - 1].msg).toBe('stopped');
    } finally {
      await dropThrowawayDatabase(fresh);
    }
  });
});
