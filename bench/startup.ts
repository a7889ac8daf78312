/*
 * The warm start: what `npm start` does once the build is current. 1. The prestart check
 * (`node scripts/build-if-changed.js`, which finds the sources unchanged and builds nothing);
 * 2. the built API against a ready (migrated, seeded) database: spawn `node dist/src/main.js`
 * as production runs it (report warm-up on, nothing preloaded), poll /health/ready, stop.
 * 5 times each; medians, and their sum as the warm start.
 * With `--against <checkout>` (another checkout of the project, built), its API is started in turn
 * with this one, `--runs` times each (default 5), so that both meet the same moments of a machine
 * whose speed drifts; both medians are printed.
 * Usage: npm run bench:startup  (DATABASE_URL or the embedded server)
 *        node dist/bench/startup.js --against ../before --runs 12
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { apiEnvironment, benchDatabase, freePort, machine, median, PRODUCTION_LIKE, startServer, withClient } from './bench-kit';
import { FIXTURE_SIZES, seedFixture } from './fixture';

const PROJECT = join(__dirname, '..', '..');
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const AGAINST = option('--against');
const RUNS = Number(option('--runs') ?? 5);

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
    const startOnce = async (main: string) => {
      const port = await freePort();
      const started = process.hrtime.bigint();
      // As production starts it: the report warm-up on (its default), no statement counter preloaded.
      const env = { ...apiEnvironment(db.url, port), REPAIR_REPORT_WARM_UP: 'true' };
      const api = await startServer('api', main, env, port, '/health/ready', 20_000, { countStatements: false });
      const ms = elapsedMs(started);
      await api.stop();
      return ms;
    };
    const times: number[] = [];
    const against: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      times.push(await startOnce('src/main.js'));
      if (AGAINST) against.push(await startOnce(resolve(AGAINST, 'dist', 'src', 'main.js')));
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
      ...(AGAINST && { against: { checkout: resolve(AGAINST), runs: against, medianMs: median(against) } }),
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
