/*
 * The warm start: what `npm start` does once the build is current. 1. The prestart check
 * (`node scripts/build-if-changed.js`, which finds the sources unchanged and builds nothing);
 * 2. the built API against a ready (migrated, seeded) database: spawn `node dist/src/main.js`,
 * poll /health/ready, stop. 5 times each; medians, and their sum as the warm start.
 * Usage: npm run bench:startup  (DATABASE_URL or the embedded server)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { apiEnvironment, benchDatabase, freePort, machine, median, PRODUCTION_LIKE, startServer, withClient } from './bench-kit';
import { FIXTURE_SIZES, seedFixture } from './fixture';

const RUNS = 5;
const PROJECT = join(__dirname, '..', '..');

const elapsedMs = (since: bigint) => Math.round(Number(process.hrtime.bigint() - since) / 1e6);

/** The prestart check alone; it must find the build current (`npm run bench:startup` builds first). */
function prestartCheck(): number {
  const started = process.hrtime.bigint();
  const check = spawnSync(process.execPath, ['scripts/build-if-changed.js'], { cwd: PROJECT, encoding: 'utf8' });
  const ms = elapsedMs(started);
  if (check.status !== 0 || !check.stdout.includes('up to date')) throw new Error(`the prestart check would build:\n${check.stdout}${check.stderr}`);
  return ms;
}

async function main() {
  const prestart = Array.from({ length: RUNS }, prestartCheck);
  const db = await benchDatabase('clinic_bench_startup');
  try {
    await withClient(db.url, (c) => seedFixture(c, FIXTURE_SIZES.tiny));
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const port = await freePort();
      const started = process.hrtime.bigint();
      const api = await startServer('api', 'src/main.js', apiEnvironment(db.url, port), port, '/health/ready', 20_000);
      times.push(elapsedMs(started));
      await api.stop();
    }
    const warmStartMs = median(prestart) + median(times);
    const result = {
      command: 'npm run bench:startup',
      machine: await machine(db.url),
      api: PRODUCTION_LIKE,
      prestartRuns: prestart,
      prestartMedianMs: median(prestart),
      runs: times,
      medianMs: median(times),
      warmStartMs,
      ok: warmStartMs < 5000,
    };
    console.log(JSON.stringify(result));
    if (!result.ok) process.exitCode = 1;
  } finally {
    await db.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
