/*
 * Public availability over 30 days for every bookable therapist, one caller at a time, through
 * real HTTP against the built API.
 * Usage: npx tsc -p tsconfig.build.json --outDir .data/dist-b && node .data/dist-b/bench/availability.js
 *          [--seconds N] [--rounds N] [--database-url URL] [--compare DIST]
 * Without --database-url: issue 7's figure. Seeds a throwaway database with bench/fixture.ts (20
 * therapists, Monday–Friday 09:00–17:00, five sessions every weekday) and rewrites its section of
 * docs/performance.md.
 * --database-url: an already migrated and seeded database (e.g. bench/seed.ts's year), treated as
 * read-only; the figures are printed only.
 * --compare DIST: also start the API built into DIST (e.g. .data/dist-before) and alternate rounds
 * between the two, checking that both answer the same body; printed only.
 * Each round asks for `--seconds` (default 10, 20 for the docs figure) one request after another on
 * a kept-alive connection and takes the median of those requests; the figure is the median of the
 * per-round medians (default 5 rounds with --database-url or --compare, else 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join, relative, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { apiEnvironment, benchDatabase, freePort, machine, median, Server, startServer, withClient } from './bench-kit';
import { FIXTURE_SIZES, seedFixture } from './fixture';

interface Round {
  requests: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  minMs: number;
  errors: number;
  statementsPerRequest: number;
  cpuMicrosPerRequest: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET on the kept-alive connection: status, body and the wall time until the last byte. */
function get(url: string): Promise<{ status: number; body: string; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((done, fail) => {
    request(url, { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        done({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: Number(process.hrtime.bigint() - started) / 1e6 }),
      );
      response.on('error', fail);
    })
      .on('error', fail)
      .end();
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Requests one after another for `seconds`; latency percentiles, statements and API CPU per request. */
async function round(api: Server, path: string, seconds: number): Promise<Round> {
  const statementsBefore = await api.statements();
  const cpuBefore = api.cpuMicros();
  const times: number[] = [];
  let errors = 0;
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const r = await get(api.base + path);
    if (r.status !== 200) errors++;
    times.push(r.ms);
  }
  const cpuAfter = api.cpuMicros();
  const statementsAfter = await api.statements();
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    p50Ms: round2(median(times)),
    p90Ms: round2(percentile(times, 90)),
    p99Ms: round2(percentile(times, 99)),
    minMs: round2(times[0]),
    errors,
    statementsPerRequest: round2((statementsAfter - statementsBefore) / times.length),
    cpuMicrosPerRequest: Math.round((cpuAfter - cpuBefore) / times.length),
  };
}

/** The bookable therapists of a database, counted as the API counts them. */
const bookable = (url: string) =>
  withClient(url, async (db) => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users u JOIN therapist_profiles p ON p.user_id = u.id
        WHERE u.role = 'therapist' AND u.active AND p.takes_connection_calls`,
    );
    return rows[0].n;
  });

async function main() {
  const argv = process.argv.slice(2);
  const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const databaseUrl = value('--database-url');
  if (argv.includes('--database-url') && !databaseUrl?.startsWith('postgres')) throw new Error('--database-url takes a postgres:// URL');
  const compare = value('--compare');
  const printOnly = Boolean(databaseUrl || compare);
  const seconds = Number(value('--seconds') ?? (printOnly ? 10 : 20));
  const rounds = Number(value('--rounds') ?? (printOnly ? 5 : 1));
  if (!(seconds > 0) || !(rounds >= 1)) throw new Error('--seconds and --rounds take positive numbers');

  const size = { ...FIXTURE_SIZES.year, clientsPerTherapist: 20, daysBack: 7, ruptures: 0 };
  const db = databaseUrl ? { url: databaseUrl, dispose: async () => undefined } : await benchDatabase('clinic_bench_availability');
  const servers: Server[] = [];
  try {
    if (!databaseUrl) await withClient(db.url, (c) => seedFixture(c, size));
    const therapists = await bookable(db.url);
    const builds = [{ name: 'this build', script: 'src/main.js' }];
    // startServer resolves scripts against this build's folder, so another build is named relative to it.
    if (compare) builds.push({ name: compare, script: relative(join(__dirname, '..'), join(resolve(compare), 'src', 'main.js')) });
    for (const build of builds) {
      const port = await freePort();
      servers.push(await startServer(build.name, build.script, apiEnvironment(db.url, port), port, '/health/ready'));
    }

    const now = DateTime.now().setZone('America/Toronto');
    const query = new URLSearchParams({ from: now.toISO() as string, to: now.plus({ days: 30 }).toISO() as string, modality: 'video' });
    const path = `/api/v1/connection-calls/availability?${query}`;
    const first = await Promise.all(servers.map((api) => get(api.base + path)));
    for (const [i, r] of first.entries()) if (r.status !== 200) throw new Error(`${servers[i].name} answered ${r.status}: ${r.body.slice(0, 300)}`);
    const body = JSON.parse(first[0].body) as { slots: { therapistIds: string[] }[] };
    const sameAnswer = first.every((r) => r.body === first[0].body);
    if (!sameAnswer) console.error(`the builds answered differently (${first.map((r) => r.body.length).join(' vs ')} bytes)`);
    for (const api of servers) await round(api, path, 2); // warm-up

    const results: Round[][] = servers.map(() => []);
    for (let r = 0; r < rounds; r++) {
      // Who goes first alternates, so drift in the machine's load hits both alike.
      const order = r % 2 ? [...servers.keys()].reverse() : [...servers.keys()];
      for (const i of order) {
        const result = await round(servers[i], path, seconds);
        results[i].push(result);
        console.error(`round ${r + 1}, ${servers[i].name}: median ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.requests} requests, ${result.cpuMicrosPerRequest} µs CPU`);
      }
    }
    const m = await machine(db.url);
    const summary = servers.map((api, i) => ({
      build: api.name,
      medianMs: median(results[i].map((x) => x.p50Ms)),
      roundMediansMs: results[i].map((x) => x.p50Ms),
      p99Ms: median(results[i].map((x) => x.p99Ms)),
      requests: results[i].reduce((n, x) => n + x.requests, 0),
      cpuMicrosPerRequest: median(results[i].map((x) => x.cpuMicrosPerRequest)),
      statementsPerRequest: median(results[i].map((x) => x.statementsPerRequest)),
      errors: results[i].reduce((n, x) => n + x.errors, 0),
    }));
    const setting = {
      therapists,
      days: 30,
      slots: body.slots.length,
      therapistSlots: body.slots.reduce((n, s) => n + s.therapistIds.length, 0),
      responseBytes: Buffer.byteLength(first[0].body),
      sameAnswer,
      seconds,
      rounds,
      machine: m,
    };
    console.log(JSON.stringify({ ...setting, results: summary }, null, 2));
    if (summary.some((s) => s.errors) || !sameAnswer) process.exitCode = 1;

    if (!printOnly) {
      const r = summary[0];
      const rps = r.requests / (seconds * rounds);
      const section = [
        '<!-- availability:start -->',
        `\`GET /connection-calls/availability\` for 30 days over ${size.therapists} bookable therapists (Monday–Friday 09:00–17:00, ${size.sessionHours.length} sessions every weekday, ${body.slots.length} distinct slots offered), one caller at a time for ${seconds} s: **median ${r.medianMs} ms**, p99 ${r.p99Ms} ms, ${Math.round(rps)} req/s, ${r.statementsPerRequest.toFixed(2)} statements and ${Math.round(r.cpuMicrosPerRequest)} µs of API CPU per request, ${r.errors} errors. Measured ${new Date().toISOString().slice(0, 10)} with \`node dist/bench/availability.js\` on ${m.cores} cores (${m.cpu}), Node ${m.node}, PostgreSQL ${m.postgres}.`,
        '<!-- availability:end -->',
      ].join('\n');
      const file = join(process.cwd(), 'docs', 'performance.md');
      const doc = readFileSync(file, 'utf8');
      const start = doc.indexOf('<!-- availability:start -->');
      const end = doc.indexOf('<!-- availability:end -->');
      writeFileSync(
        file,
        start >= 0 && end > start
          ? doc.slice(0, start) + section + doc.slice(end + '<!-- availability:end -->'.length)
          : `${doc.trimEnd()}\n\n## Availability with a busy calendar (issue 7)\n\n${section}\n`,
      );
    }
  } finally {
    agent.destroy();
    for (const api of servers) await api.stop();
    await db.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
