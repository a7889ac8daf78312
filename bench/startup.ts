/*
 * Start-up time of the built API against a ready (migrated, seeded) database: spawn
 * `node dist/src/main.js`, poll /health/ready, stop; 5 times, report the median.
 * Usage: npm run bench:startup  (DATABASE_URL or the embedded server)
 */
import { apiEnvironment, benchDatabase, freePort, median, startServer, withClient } from './bench-kit';
import { FIXTURE_SIZES, seedFixture } from './fixture';

const RUNS = 5;

async function main() {
  const db = await benchDatabase('clinic_bench_startup');
  try {
    await withClient(db.url, (c) => seedFixture(c, FIXTURE_SIZES.tiny));
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const port = await freePort();
      const started = process.hrtime.bigint();
      const api = await startServer('api', 'src/main.js', apiEnvironment(db.url, port), port, '/health/ready', 20_000);
      times.push(Math.round(Number(process.hrtime.bigint() - started) / 1e6));
      await api.stop();
    }
    const result = { runs: times, medianMs: median(times), ok: median(times) < 3000 };
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
