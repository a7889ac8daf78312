/*
 * How fast a couple's repair summary answers with its satisfaction series (docs/outcomes.md), on
 * a seeded clinic with outcome measures: the app in process on 127.0.0.1, the summary called over
 * real HTTP by the couple's therapist, the median and spread printed. Target: p50 under 50 ms on the
 * seeded year (docs/performance.md). Then the de-identified outcome report, called by an admin for the
 * last twelve whole months by month and the last four whole quarters by quarter (BENCH_REPORT_RUNS,
 * default 5, after one call not counted).
 *
 * Usage: node dist/bench/outcomes.js --database-url URL   (a database seeded with --scale year, with
 *                                                          outcome responses: bench/seed.ts adds them, or
 *                                                          bench/outcome-responses.ts to an older copy)
 *        node dist/bench/outcomes.js --scale demo         (a throwaway database seeded first: a quick check that it runs)
 * It only reads (and writes the audit events of its reads).
 */
import { Client } from 'pg';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';
import { loadEnvironment } from '../src/config/environment';
import { locateDatabase } from '../src/database/database-location';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../src/database/throwaway-database';
import { SEED_PASSWORD, seed, SeedScale } from './seed';
import { DateTime } from 'luxon';
import { argument, median, percentile } from './bench-kit';

const RUNS = Number(process.env.BENCH_RUNS ?? 51);
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 5);
const WARM_UP = 5;


/** The couples timed: the one with the most ruptures, and one at the median, each with outcome responses; with their therapist's email. */
async function couplesOf(url: string): Promise<{ label: string; coupleId: string; therapistEmail: string; ruptures: number; responses: number }[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const measured = (
      await db.query(`
        WITH measured AS (SELECT couple_id, count(*)::int AS responses FROM outcome_responses GROUP BY couple_id),
             counted AS (SELECT m.couple_id, m.responses, (SELECT count(*)::int FROM ruptures r WHERE r.couple_id = m.couple_id) AS ruptures FROM measured m)
        SELECT c.couple_id, c.responses, c.ruptures, u.email, row_number() OVER (ORDER BY c.ruptures) AS rank, count(*) OVER () AS n
          FROM counted c JOIN couples k ON k.id = c.couple_id JOIN users u ON u.id = k.therapist_id
         ORDER BY c.ruptures`)
    ).rows as { couple_id: string; responses: number; ruptures: number; email: string; rank: string; n: string }[];
    if (!measured.length) throw new Error('No outcome responses in this database: seed it with this version, or run bench/outcome-responses.js on it.');
    const pick = (label: string, row: (typeof measured)[number]) => ({ label, coupleId: row.couple_id, therapistEmail: row.email, ruptures: row.ruptures, responses: row.responses });
    return [pick('most ruptures', measured[measured.length - 1]), pick('median couple', measured[Math.floor(measured.length / 2)])];
  } finally {
    await db.end();
  }
}

/** An active admin's email, to call the clinic-wide report as. */
async function adminOf(url: string): Promise<string> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const [admin] = (await db.query(`SELECT email FROM users WHERE role = 'admin' AND active ORDER BY created_at LIMIT 1`)).rows as { email: string }[];
    if (!admin) throw new Error('No active admin in this database.');
    return admin.email;
  } finally {
    await db.end();
  }
}

async function main() {
  const env = loadEnvironment();
  const database = await locateDatabase(env, () => undefined);
  const given = argument('database-url');
  const url = given ?? (await createThrowawayDatabase(database.url, 'clinic_bench_outcomes'));
  let app: NestFastifyApplication | undefined;
  try {
    if (!given) {
      const scale = (argument('scale') ?? 'demo') as SeedScale;
      console.log(`seeded ${scale} scale in ${(await seed(url, scale, env.CLINIC_TIME_ZONE)).seconds} s`);
    }
    const couples = await couplesOf(url);
    process.env.REPAIR_REPORT_WARM_UP = 'false';
    process.env.OUTCOME_NOTICE_SWEEP_MS = '0';
    app = await createApp(url, createLogger('silent'));
    await app.listen(0, '127.0.0.1');
    const base = `${await app.getUrl()}/api/v1`.replace('[::1]', '127.0.0.1');
    const signIn = async (email: string): Promise<string> => {
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: SEED_PASSWORD }),
      });
      return ((await login.json()) as { accessToken: string }).accessToken;
    };
    const results = [];
    for (const couple of couples) {
      const accessToken = await signIn(couple.therapistEmail);
      const times: number[] = [];
      let months = 0;
      for (let i = 0; i < WARM_UP + RUNS; i++) {
        const started = process.hrtime.bigint();
        const res = await fetch(`${base}/couples/${couple.coupleId}/repair-summary`, { headers: { Authorization: `Bearer ${accessToken}` } });
        const body = (await res.json()) as { satisfaction?: { months: unknown[] }[] };
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (res.status !== 200 || !body.satisfaction?.length) throw new Error(`summary of ${couple.coupleId}: ${res.status}, no satisfaction series`);
        months = body.satisfaction[0].months.length;
        if (i >= WARM_UP) times.push(ms);
      }
      results.push({
        couple: couple.label, ruptures: couple.ruptures, responses: couple.responses, seriesMonths: months, runs: times.length,
        p50Ms: Math.round(percentile(times, 0.5) * 10) / 10, p99Ms: Math.round(percentile(times, 0.99) * 10) / 10,
        minMs: Math.round(Math.min(...times) * 10) / 10, maxMs: Math.round(Math.max(...times) * 10) / 10,
      });
    }
    console.table(results);
    console.log(JSON.stringify({ bench: 'repair-summary with satisfaction series', target: 'p50 < 50 ms', results }));

    const admin = await signIn(await adminOf(url));
    const reports = [];
    for (const unit of ['month', 'quarter'] as const) {
      const to = DateTime.now().setZone(env.CLINIC_TIME_ZONE).startOf(unit);
      const from = to.minus(unit === 'month' ? { months: 12 } : { quarters: 4 });
      const path = `${base}/reports/outcomes?from=${from.toISODate()}&to=${to.toISODate()}&groupBy=${unit}`;
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 1 + REPORT_RUNS; i++) {
        const started = process.hrtime.bigint();
        const res = await fetch(path, { headers: { Authorization: `Bearer ${admin}` } });
        const body = (await res.json()) as { rows?: unknown[] };
        if (res.status !== 200) throw new Error(`outcome report by ${unit}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        rows = body.rows?.length ?? 0;
        if (i > 0) times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      reports.push({ report: `outcomes, ${from.toISODate()} to ${to.toISODate()} by ${unit}`, rows, runs: times.length, medianMs: Math.round(median(times)), minMs: Math.round(Math.min(...times)), maxMs: Math.round(Math.max(...times)) });
    }
    console.table(reports);
    console.log(JSON.stringify({ bench: 'outcome report', reports }));
  } finally {
    await app?.close();
    if (!given) await dropThrowawayDatabase(url).catch(() => undefined);
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
