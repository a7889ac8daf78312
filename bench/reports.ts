/*
 * How fast the reports answer over a year of a 50-therapist clinic: the app in process on
 * 127.0.0.1, each report called over real HTTP N times, the median (and spread) printed.
 *
 * Usage: npm run bench:reports                       (throwaway database, seeded at year scale first)
 *        BENCH_REPAIR_ONLY=1 node dist/bench/reports.js … (the repair report's cases only, without the slow reference case)
 *        node dist/bench/reports.js --scale demo        (the same at a smaller scale: a quick check that it runs)
 *        node dist/bench/reports.js --database-url URL  (a database already seeded with --scale year: it is
 *                                                        written to, ruptures touched and kept figures forgotten)
 * The server is DATABASE_URL's or the embedded one; a throwaway database is dropped afterwards.
 * The app runs as in production: the repair report's warm-up on, awaited before anything is timed.
 */
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';
import { loadEnvironment } from '../src/config/environment';
import { locateDatabase } from '../src/database/database-location';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../src/database/throwaway-database';
import { RepairFigures } from '../src/reports/repair-periods';
import { SEED_PASSWORD, seed, SeedScale } from './seed';
import { argument, percentile } from './bench-kit';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const WARM_UP = 3;
/** Computing a year of repair figures from nothing takes seconds: fewer runs of that. */
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);

/** Admins opening the report at the same moment after a deploy. */
const ADMINS = Number(process.env.BENCH_ADMINS ?? 5);

/** BENCH_REPAIR_ONLY=1: only the repair report's cases, without the reference case that computes a year of days in the request. */
const REPAIR_ONLY = process.env.BENCH_REPAIR_ONLY === '1';

/** The app on 127.0.0.1, its repair report warm-up on or off (started in the background by the app). */
async function start(url: string, warmUp: boolean): Promise<NestFastifyApplication> {
  process.env.REPAIR_REPORT_WARM_UP = String(warmUp);
  const app = await createApp(url, createLogger('silent'));
  await app.listen(0, '127.0.0.1');
  return app;
}

const baseOf = async (app: NestFastifyApplication) => `${await app.getUrl()}/api/v1`.replace('[::1]', '127.0.0.1');

async function main() {
  const env = loadEnvironment();
  const database = await locateDatabase(env, () => undefined);
  const given = argument('database-url');
  const url = given ?? (await createThrowawayDatabase(database.url, 'clinic_bench_reports'));
  const scale = (argument('scale') ?? 'year') as SeedScale;
  let app: NestFastifyApplication | undefined;
  try {
    if (!given) {
      const summary = await seed(url, scale, env.CLINIC_TIME_ZONE);
      console.log(`seeded ${scale} scale in ${summary.seconds} s`);
    }
    const db = new Client({ connectionString: url });
    await db.connect();
    const [admin] = (await db.query(`SELECT email FROM users WHERE email = $1`, [`admin@${scale}.clinic.test`])).rows;
    await db.end();
    if (!admin) throw new Error(`This database was not seeded with --scale ${scale}.`);

    app = await start(url, true);
    await app.get(RepairFigures).warmedUp;
    let base = await baseOf(app);
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
    const thisQuarter = today.startOf('quarter');
    const quarterRange = `from=${thisQuarter.minus({ quarters: 4 }).toISODate()}&to=${thisQuarter.toISODate()}`;
    const cases = [
      `sessions?${range}&groupBy=month`,
      `sessions?${range}&groupBy=week`,
      `connection-calls?${range}&groupBy=month`,
      `connection-calls?${range}&groupBy=week`,
      `repair?${repairRange}&groupBy=month`,
      `repair?${quarterRange}&groupBy=quarter`,
      `sessions?${range}&groupBy=week&format=csv`,
      `repair?${repairRange}&groupBy=month&format=csv`,
    ];
    const results: { report: string; runs: number; p50Ms: number; p99Ms: number; minMs: number; maxMs: number; bytes: number }[] = [];
    const timed = async (path: string) => {
      const started = process.hrtime.bigint();
      const res = await fetch(`${base}/reports/${path}`, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes: body.length };
    };
    const record = (report: string, times: number[], bytes: number) =>
      results.push({
        report, runs: times.length, p50Ms: Math.round(percentile(times, 0.5)), p99Ms: Math.round(percentile(times, 0.99)),
        minMs: Math.round(Math.min(...times)), maxMs: Math.round(Math.max(...times)), bytes,
      });
    for (const path of REPAIR_ONLY ? [] : cases) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < WARM_UP + RUNS; i++) {
        const run = await timed(path);
        bytes = run.bytes;
        if (i >= WARM_UP) times.push(run.ms);
      }
      record(path.replace(range, '<year>').replace(repairRange, '<year>').replace(quarterRange, '<year>'), times, bytes);
    }

    // The repair report (src/reports/repair-periods.ts): periods kept, merged from per-day partials.
    // Each case is timed month and quarter (the repair report has no weeks), p50 and p99 of RUNS.
    const writer = new Client({ connectionString: url });
    await writer.connect();
    try {
      const lastYear = { month: repairRange, quarter: quarterRange };
      const earlier = { month: `from=${thisMonth.minus({ months: 13 }).toISODate()}&to=${thisMonth.minus({ months: 1 }).toISODate()}`,
        quarter: `from=${thisQuarter.minus({ quarters: 5 }).toISODate()}&to=${thisQuarter.minus({ quarters: 1 }).toISODate()}` };
      const other = { month: `from=${thisMonth.minus({ months: 7 }).toISODate()}&to=${thisMonth.toISODate()}`,
        quarter: `from=${thisQuarter.minus({ quarters: 2 }).toISODate()}&to=${thisQuarter.toISODate()}` };
      const ruptureOf = async (from: DateTime, to: DateTime) =>
        ((await writer.query(`SELECT id FROM ruptures WHERE occurred_at >= $1 AND occurred_at < $2 AND occurred_at < now() ORDER BY occurred_at DESC LIMIT 1`,
          [from.toJSDate(), to.toJSDate()])).rows as { id: string }[])[0]?.id;
      const currentMonth = await ruptureOf(thisMonth, thisMonth.plus({ months: 1 }));
      const lastClosedDay = await ruptureOf(thisMonth.minus({ days: 1 }), thisMonth);
      const touch = (id: string | undefined) => (id ? writer.query('UPDATE ruptures SET updated_at = now() WHERE id = $1', [id]) : Promise.resolve());
      const repairCase = async (name: string, unit: 'month' | 'quarter', paths: string[], before: () => Promise<unknown> = async () => undefined) => {
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i < WARM_UP + RUNS; i++) {
          await before();
          const run = await timed(`repair?${paths[i % paths.length]}&groupBy=${unit}`);
          bytes = run.bytes;
          if (i >= WARM_UP) times.push(run.ms);
        }
        record(`repair ${unit}: ${name}`, times, bytes);
      };
      for (const unit of ['month', 'quarter'] as const) {
        await repairCase('nothing changed', unit, [earlier[unit]]);
        await repairCase('to = now (latest closed period), nothing changed', unit, [lastYear[unit]]);
        await repairCase('to = now, right after a rupture of the current month', unit, [lastYear[unit]], () => touch(currentMonth));
        await repairCase('to = now, right after a late change to the last closed month', unit, [lastYear[unit]], () => touch(lastClosedDay));
        await repairCase('two users, ranges from different months, alternating', unit, [lastYear[unit], other[unit]]);
      }

      // The first report after a deploy: nothing kept, the app started afresh. Without the warm-up,
      // the first report computes every day; with it (the default), the days are computed in the
      // background at start and the first reports, one admin or several at once, merge them.
      const forget = () => writer.query('DELETE FROM repair_report_periods; DELETE FROM repair_report_days');
      for (const unit of REPAIR_ONLY ? [] : (['month', 'quarter'] as const)) {
        const cold: number[] = [];
        for (let i = 0; i < COLD_RUNS; i++) {
          await forget();
          cold.push((await timed(`repair?${lastYear[unit]}&groupBy=${unit}`)).ms);
        }
        record(`repair ${unit}: first report, nothing kept, no warm-up`, cold, 0);
      }
      const warmUps: number[] = [];
      const first: Record<'month' | 'quarter', number[]> = { month: [], quarter: [] };
      const together: Record<'month' | 'quarter', number[]> = { month: [], quarter: [] };
      for (let i = 0; i < COLD_RUNS; i++) {
        await forget();
        await app.close();
        const started = process.hrtime.bigint();
        app = await start(url, true);
        await app.get(RepairFigures).warmedUp;
        warmUps.push(Number(process.hrtime.bigint() - started) / 1e6);
        base = await baseOf(app);
        for (const unit of ['month', 'quarter'] as const) {
          first[unit].push((await timed(`repair?${lastYear[unit]}&groupBy=${unit}`)).ms);
        }
        await writer.query('DELETE FROM repair_report_periods');
        for (const unit of ['month', 'quarter'] as const) {
          const runs = await Promise.all(Array.from({ length: ADMINS }, () => timed(`repair?${lastYear[unit]}&groupBy=${unit}`)));
          together[unit].push(...runs.map((r) => r.ms));
        }
      }
      record('repair: start-up until the warm-up is done (background)', warmUps, 0);
      for (const unit of ['month', 'quarter'] as const) {
        record(`repair ${unit}: first report after a deploy (warmed up)`, first[unit], 0);
        record(`repair ${unit}: first report after a deploy, ${ADMINS} admins at once, periods not kept`, together[unit], 0);
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
