/*
 * How fast the reports answer over a year of a 50-therapist clinic: the app in process on
 * 127.0.0.1, each report called over real HTTP N times, the median (and spread) printed.
 *
 * Usage: npm run bench:reports                       (throwaway database, seeded at year scale first)
 *        node dist/bench/reports.js --database-url URL  (a database already seeded with --scale year)
 * The server is DATABASE_URL's or the embedded one; a throwaway database is dropped afterwards.
 */
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';
import { loadEnvironment } from '../src/config/environment';
import { locateDatabase } from '../src/database/database-location';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../src/database/throwaway-database';
import { SEED_PASSWORD, seed } from './seed';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const WARM_UP = 3;
/** Computing a year of repair figures from nothing takes seconds: fewer runs of that. */
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const env = loadEnvironment();
  const database = await locateDatabase(env, () => undefined);
  const given = argument('database-url');
  const url = given ?? (await createThrowawayDatabase(database.url, 'clinic_bench_reports'));
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    if (!given) {
      const summary = await seed(url, 'year', env.CLINIC_TIME_ZONE);
      console.log(`seeded year scale in ${summary.seconds} s`);
    }
    const db = new Client({ connectionString: url });
    await db.connect();
    const [admin] = (await db.query(`SELECT email FROM users WHERE email = 'admin@year.clinic.test'`)).rows;
    await db.end();
    if (!admin) throw new Error('This database was not seeded with --scale year.');

    app = await createApp(url, createLogger('silent'));
    await app.listen(0, '127.0.0.1');
    const base = `${await app.getUrl()}/api/v1`.replace('[::1]', '127.0.0.1');
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: SEED_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { Authorization: `Bearer ${accessToken}` };

    // A year: the seeded data spans 330 days back and 35 ahead of today.
    const today = DateTime.now().setZone(env.CLINIC_TIME_ZONE).startOf('day');
    const range = `from=${today.minus({ days: 330 }).toISODate()}&to=${today.plus({ days: 35 }).toISODate()}`;
    // The de-identified repair report takes whole, closed calendar periods only: the last 12 months.
    const thisMonth = today.startOf('month');
    const repairRange = `from=${thisMonth.minus({ months: 12 }).toISODate()}&to=${thisMonth.toISODate()}`;
    const cases = [
      `sessions?${range}&groupBy=month`,
      `sessions?${range}&groupBy=week`,
      `connection-calls?${range}&groupBy=month`,
      `connection-calls?${range}&groupBy=week`,
      `repair?${repairRange}&groupBy=month`,
      `repair?${repairRange}&groupBy=quarter`,
      `sessions?${range}&groupBy=week&format=csv`,
      `repair?${repairRange}&groupBy=month&format=csv`,
    ];
    const results: { report: string; runs: number; medianMs: number; minMs: number; maxMs: number; bytes: number }[] = [];
    const timed = async (path: string) => {
      const started = process.hrtime.bigint();
      const res = await fetch(`${base}/reports/${path}`, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes: body.length };
    };
    const record = (report: string, times: number[], bytes: number) =>
      results.push({ report, runs: times.length, medianMs: Math.round(median(times)), minMs: Math.round(Math.min(...times)), maxMs: Math.round(Math.max(...times)), bytes });
    for (const path of cases) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < WARM_UP + RUNS; i++) {
        const run = await timed(path);
        bytes = run.bytes;
        if (i >= WARM_UP) times.push(run.ms);
      }
      record(path.replace(range, '<year>').replace(repairRange, '<year>'), times, bytes);
    }

    // The repair report keeps whole periods' figures (src/reports/repair-periods.ts). Above: read back.
    // Here: computed from nothing (every kept period forgotten first), and after a rupture of the
    // current period changed (that period recomputed, the rest read back) — a clinic at work.
    const writer = new Client({ connectionString: url });
    await writer.connect();
    try {
      const [recent] = (await writer.query(`SELECT id FROM ruptures WHERE occurred_at < now() ORDER BY occurred_at DESC LIMIT 1`)).rows as { id: string }[];
      for (const unit of ['month', 'quarter']) {
        const path = `repair?${repairRange}&groupBy=${unit}`;
        const cold: number[] = [];
        const changed: number[] = [];
        let bytes = 0;
        for (let i = 0; i < COLD_RUNS; i++) {
          await writer.query('DELETE FROM repair_report_periods');
          cold.push((await timed(path)).ms);
        }
        for (let i = 0; i < RUNS; i++) {
          await writer.query('UPDATE ruptures SET updated_at = now() WHERE id = $1', [recent.id]);
          const run = await timed(path);
          changed.push(run.ms);
          bytes = run.bytes;
        }
        record(`repair?<year>&groupBy=${unit}, nothing kept`, cold, bytes);
        record(`repair?<year>&groupBy=${unit}, current period changed`, changed, bytes);
      }
    } finally {
      await writer.end();
    }
    console.table(results);
  } finally {
    await app?.close();
    if (!given) await dropThrowawayDatabase(url);
    await database.release();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
