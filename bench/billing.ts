/*
 * Billing at the seeded clinic's scale: issuing a month's invoices for every couple and individual
 * client with billable sessions (all therapists), then the receivables-aging and revenue reports
 * over them. The app runs in process on 127.0.0.1; everything goes over real HTTP as an admin.
 *
 * Usage: npm run bench:billing                        (throwaway database, seeded at year scale first)
 *        node dist/bench/billing.js --scale demo         (the same at a smaller scale: a quick check that it runs)
 *        node dist/bench/billing.js --database-url URL   (a database already seeded with --scale year and never
 *                                                         billed, e.g. a copy: createdb -T bench_year bench_year_billing;
 *                                                         it is migrated and written to: invoices are issued)
 * BENCH_CONCURRENCY (default 4) issuing requests run at once; BENCH_RUNS (default 11) report calls after 2 warm-ups.
 * The month billed is the last closed calendar month in the clinic's zone.
 */
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';
import { loadEnvironment } from '../src/config/environment';
import { locateDatabase } from '../src/database/database-location';
import { runMigrations } from '../src/database/migrate';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../src/database/throwaway-database';
import { argument, machine, percentile } from './bench-kit';
import { SEED_PASSWORD, seed, SeedScale } from './seed';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const WARM_UP = 2;

const elapsedMs = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

/** One batch to bill: a couple's or an individual client's sessions of the month. */
type Batch = { coupleId: string } | { clientId: string };

async function main() {
  const env = loadEnvironment();
  const database = await locateDatabase(env, () => undefined);
  const given = argument('database-url');
  const url = given ?? (await createThrowawayDatabase(database.url, 'clinic_bench_billing'));
  const scale = (argument('scale') ?? 'year') as SeedScale;
  let app: NestFastifyApplication | undefined;
  const db = new Client({ connectionString: url });
  try {
    if (!given) console.log(`seeded ${scale} scale in ${(await seed(url, scale, env.CLINIC_TIME_ZONE)).seconds} s`);
    // A copy of a database seeded before billing existed gets the billing tables here.
    await runMigrations(url);
    app = await createApp(url, createLogger('silent'));
    await app.listen(0, '127.0.0.1');
    const base = `${await app.getUrl()}/api/v1`.replace('[::1]', '127.0.0.1');
    await db.connect();
    const [admin] = (await db.query(`SELECT email FROM users WHERE email = $1`, [`admin@${scale}.clinic.test`])).rows as { email: string }[];
    if (!admin) throw new Error(`This database was not seeded with --scale ${scale}.`);
    const [{ n: billedBefore }] = (await db.query(`SELECT count(*)::int AS n FROM invoices`)).rows as { n: number }[];
    if (billedBefore) throw new Error(`This database already has ${billedBefore} invoices: use a fresh copy of the seeded database.`);
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: SEED_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { Authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };

    const month = DateTime.now().setZone(env.CLINIC_TIME_ZONE).startOf('month').minus({ months: 1 });
    const period = { periodFrom: month.toISODate() as string, periodTo: month.plus({ months: 1 }).toISODate() as string };
    const batches = (
      await db.query(
        `SELECT DISTINCT s.couple_id, s.client_id FROM therapy_sessions s
          WHERE lower(s.during) >= $1 AND lower(s.during) < $2 AND s.status IN ('completed', 'cancelled', 'no_show')`,
        [month.toJSDate(), month.plus({ months: 1 }).toJSDate()],
      )
    ).rows.map((r: { couple_id: string | null; client_id: string | null }): Batch => (r.couple_id ? { coupleId: r.couple_id } : { clientId: r.client_id as string }));

    // Issuing: every batch of the month once, CONCURRENCY requests at a time.
    const latencies: number[] = [];
    const answers: Record<string, number> = {};
    let invoices = 0;
    let next = 0;
    const issuing = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          const started = process.hrtime.bigint();
          const res = await fetch(`${base}/invoices`, { method: 'POST', headers, body: JSON.stringify({ ...batch, ...period }) });
          const body = (await res.json()) as { invoices?: unknown[]; type?: string };
          latencies.push(elapsedMs(started));
          const outcome = res.status === 201 ? '201' : `${res.status} ${body.type ?? ''}`.trim();
          answers[outcome] = (answers[outcome] ?? 0) + 1;
          // 409 nothing-to-bill: only cancellations that are not charged. Anything else is a failure.
          if (res.status !== 201 && body.type !== '/problems/nothing-to-bill') throw new Error(`POST /invoices ${JSON.stringify(batch)}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
          invoices += body.invoices?.length ?? 0;
        }
      }),
    );
    const issuingMs = elapsedMs(issuing);

    // Numbers are consecutive from 1, without a gap, whatever ran at once.
    const [numbers] = (await db.query(`SELECT count(*)::int AS n, min(number) AS lo, max(number) AS hi, sum(total_cents)::bigint AS cents FROM invoices`)).rows as {
      n: number; lo: number; hi: number; cents: string;
    }[];
    if (numbers.n !== invoices || numbers.lo !== 1 || numbers.hi !== numbers.n) throw new Error(`invoice numbers are not 1…${invoices}: ${JSON.stringify(numbers)}`);
    const [{ lines }] = (await db.query(`SELECT count(*)::int AS lines FROM invoice_lines`)).rows as { lines: number }[];

    // The reports over what was just issued: aging at the end of the month after, revenue over the year.
    const asOf = month.plus({ months: 1 }).endOf('month').toISODate() as string;
    const year = `from=${month.minus({ months: 11 }).toISODate()}&to=${period.periodTo}`;
    const cases = [
      `receivables-aging?asOf=${asOf}`,
      `receivables-aging?asOf=${asOf}&format=csv`,
      `revenue?${year}&groupBy=month`,
      `revenue?${year}&groupBy=week&format=csv`,
    ];
    const reports: { report: string; runs: number; p50Ms: number; p99Ms: number; minMs: number; maxMs: number; bytes: number }[] = [];
    for (const path of cases) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < WARM_UP + RUNS; i++) {
        const started = process.hrtime.bigint();
        const res = await fetch(`${base}/reports/${path}`, { headers });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
        if (i >= WARM_UP) times.push(elapsedMs(started));
        bytes = body.length;
      }
      reports.push({
        report: path.replace(year, '<year>'), runs: times.length, p50Ms: Math.round(percentile(times, 0.5)), p99Ms: Math.round(percentile(times, 0.99)),
        minMs: Math.round(Math.min(...times)), maxMs: Math.round(Math.max(...times)), bytes,
      });
    }

    console.log(JSON.stringify(await machine(url)));
    console.table([{
      month: period.periodFrom, batches: batches.length, concurrency: CONCURRENCY, answers: JSON.stringify(answers), invoices, lines,
      billedCents: Number(numbers.cents), totalSeconds: Math.round(issuingMs / 100) / 10,
      invoicesPerSecond: Math.round((invoices / issuingMs) * 10_000) / 10,
      p50Ms: Math.round(percentile(latencies, 0.5)), p99Ms: Math.round(percentile(latencies, 0.99)), maxMs: Math.round(Math.max(...latencies)),
    }]);
    console.table(reports);
  } finally {
    await db.end().catch(() => undefined);
    await app?.close();
    if (!given) await dropThrowawayDatabase(url);
    await database.release();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
