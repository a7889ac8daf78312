/*
 * Benchmarks the built API against a raw baseline (bench/baseline-server.ts) on the same data,
 * interleaved over rounds, plus booking under contention. See docs/performance.md.
 * Usage: npm run bench -- [--scale tiny|year] [--seconds N] [--rounds N] [--data seed|fixture] [--smoke]
 *                         [--database-url URL] [--only name[,name]]
 * --data: bench/seed.ts (the default when it is built) or bench/fixture.ts.
 * --smoke: tiny scale, 2 s, 1 round; exits non-zero on any error, non-2xx or a wrong contention
 * result, and never judges speed or writes results.
 * --database-url: run against this already migrated and seeded database instead of making and
 * seeding a throwaway one (--scale and --data are then ignored). It is treated as shared and
 * read-only apart from the audit events the requests write: the contention test (it books calls)
 * is not run, and without an active admin the reports are skipped rather than one being created.
 * --only: run only these endpoints (names below; `reports` stands for the three reports), e.g.
 * `--only clients` or `--only clients,sessions`; the contention test runs only if `contention` is
 * named. Endpoints: clients, sessions, availability, repair-summary, reports-connection-calls,
 * reports-sessions, reports-repair, contention.
 * With --database-url or --only the figures are printed only: bench/results and docs/performance.md
 * are written by a full default run alone. To iterate, e.g. (after `npx tsc -p tsconfig.build.json
 * --outDir .data/dist-a`):
 *   node .data/dist-a/bench/harness.js --database-url postgres://…/bench_year --only clients --seconds 10 --rounds 3
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { apiEnvironment, BenchDatabase, PRODUCTION_LIKE, benchDatabase, findTargets, freePort, load, LoadResult, machine, median, Server, startServer, signIn, Targets, withClient, ZONE } from './bench-kit';
import { FIXTURE_SIZES, seedFixture } from './fixture';

type Scale = 'tiny' | 'year';
// npm runs scripts from the project folder; results and docs are written there.
const REPO = process.cwd();

function options() {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const smoke = argv.includes('--smoke');
  const scale = (smoke ? 'tiny' : (value('--scale') ?? 'year')) as Scale;
  if (!['tiny', 'year'].includes(scale)) throw new Error('--scale is tiny or year');
  const databaseUrl = value('--database-url');
  if (argv.includes('--database-url') && !databaseUrl?.startsWith('postgres')) throw new Error('--database-url takes a postgres:// URL');
  const only = argv.includes('--only') ? onlyNames(value('--only')) : undefined;
  return {
    smoke,
    scale,
    seconds: smoke ? 2 : Number(value('--seconds') ?? 10),
    rounds: smoke ? 1 : Number(value('--rounds') ?? 3),
    data: value('--data') as 'seed' | 'fixture' | undefined,
    databaseUrl,
    only,
  };
}

/** What `--only` may name: each endpoint's key, `reports` for the three reports, and `contention`. */
const ENDPOINT_KEYS = ['clients', 'sessions', 'availability', 'repair-summary', 'reports-connection-calls', 'reports-sessions', 'reports-repair'];
const ONLY_NAMES = [...ENDPOINT_KEYS, 'reports', 'contention'];

function onlyNames(list: string | undefined): Set<string> {
  const names = (list ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !ONLY_NAMES.includes(n));
  if (!names.length || unknown.length) throw new Error(`--only takes a comma-separated list of: ${ONLY_NAMES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  return new Set(names.flatMap((n) => (n === 'reports' ? ENDPOINT_KEYS.filter((k) => k.startsWith('reports-')) : [n])));
}

/** bench/seed.ts when it is there (it is built beside this file), else the benchmarks' own fixture. */
async function seedDatabase(url: string, scale: Scale, data?: 'seed' | 'fixture'): Promise<string> {
  const shared = join(__dirname, 'seed.js');
  if (data !== 'fixture' && existsSync(shared)) {
    const mod = (await import(shared)) as { seed?: (url: string, scale: Scale) => Promise<unknown> };
    if (typeof mod.seed === 'function') {
      await mod.seed(url, scale);
      await withClient(url, (db) => db.query('ANALYZE'));
      return 'bench/seed.ts';
    }
  }
  await withClient(url, (db) => seedFixture(db, FIXTURE_SIZES[scale], ZONE));
  return 'bench/fixture.ts';
}

interface Endpoint {
  /** The name `--only` knows it by. */
  key: string;
  name: string;
  path: string;
  headers: Record<string, string>;
  connections: number;
  baseline: boolean;
  skipped?: string;
}

// Throughput endpoints run 10 connections (the pool size); those with latency targets one caller at a time.
async function endpoints(db: Client, t: Targets): Promise<Endpoint[]> {
  const bearer = async (userId: string, role: string) => ({ authorization: `Bearer ${await signIn(db, userId, role, 4 * 3600)}` });
  const therapist = await bearer(t.therapistId, 'therapist');
  const coupleTherapist = await bearer(t.couple.therapistId, 'therapist');
  const admin: Record<string, string> = t.adminId ? await bearer(t.adminId, 'admin') : {};
  const now = DateTime.now().setZone(ZONE);
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const availability = q({ from: now.toISO() as string, to: now.plus({ days: 30 }).toISO() as string, modality: 'video' });
  const year = q({ from: now.minus({ years: 1 }).toISODate() as string, to: now.toISODate() as string });
  // The de-identified repair report: whole, closed months only.
  const wholeMonths = q({ from: now.startOf('month').minus({ years: 1 }).toISODate() as string, to: now.startOf('month').toISODate() as string });
  return [
    { key: 'clients', name: 'GET /clients/{id}', path: `/api/v1/clients/${t.clientId}`, headers: therapist, connections: 10, baseline: true },
    { key: 'sessions', name: 'GET /sessions (page of 20, one week)', path: `/api/v1/sessions?${q({ from: t.week.from, to: t.week.to, limit: '20' })}`, headers: therapist, connections: 10, baseline: true },
    { key: 'availability', name: 'GET /connection-calls/availability (30 days)', path: `/api/v1/connection-calls/availability?${availability}`, headers: {}, connections: 1, baseline: true },
    { key: 'repair-summary', name: 'GET /couples/{id}/repair-summary', path: `/api/v1/couples/${t.couple.id}/repair-summary`, headers: coupleTherapist, connections: 1, baseline: true },
    ...['connection-calls', 'sessions', 'repair'].map((r) => ({
      key: `reports-${r}`,
      name: `GET /reports/${r} (one year)`,
      path: `/api/v1/reports/${r}?${r === 'repair' ? wholeMonths : year}`,
      headers: admin,
      connections: 1,
      baseline: false,
      skipped: t.adminId ? undefined : 'the given database has no active admin (none is created in a database given by --database-url)',
    })),
  ];
}

interface Contention {
  requests: number;
  created: number;
  conflicts: number;
  other: Record<string, number>;
  rowsBooked: number;
  distinctSlots: number;
  seconds: number;
  ok: boolean;
}

/** 500 concurrent bookings for 10 named slots of one therapist: exactly 10 must succeed. */
async function contention(api: Server, url: string): Promise<Contention> {
  const now = DateTime.now().setZone(ZONE);
  const query = new URLSearchParams({ from: now.toISO() as string, to: now.plus({ days: 30 }).toISO() as string, modality: 'video' });
  const body = (await (await fetch(`${api.base}/api/v1/connection-calls/availability?${query}`)).json()) as { slots: { startsAt: string; therapistIds: string[] }[] };
  const counts = new Map<string, number>();
  for (const s of body.slots) for (const id of s.therapistIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const therapistId = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!therapistId) throw new Error('no bookable slot for the contention test');
  // One slot per day, so that no booking's buffer can take another named slot.
  const byDay = new Map<string, string>();
  for (const s of body.slots) if (s.therapistIds.includes(therapistId) && !byDay.has(s.startsAt.slice(0, 10))) byDay.set(s.startsAt.slice(0, 10), s.startsAt);
  const slots = [...byDay.values()].slice(0, 10);
  if (slots.length < 10) throw new Error(`only ${slots.length} bookable days for the contention test`);
  const started = Date.now();
  const statuses = await Promise.all(
    Array.from({ length: 500 }, (_, i) =>
      fetch(`${api.base}/api/v1/connection-calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Contender ${i}`, email: `contender-${i}@example.test`, modality: 'video', startsAt: slots[i % 10], therapistId, consentToContact: true, inOntario: true }),
        signal: AbortSignal.timeout(60_000),
      }).then(
        async (r) => (await r.arrayBuffer(), String(r.status)),
        () => 'error',
      ),
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  const tally: Record<string, number> = {};
  for (const s of statuses) tally[s] = (tally[s] ?? 0) + 1;
  const rows = await withClient(url, async (db) =>
    (await db.query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT starts_at)::int AS d FROM connection_calls WHERE therapist_id = $1 AND status = 'booked' AND email LIKE 'contender-%'`,
      [therapistId],
    )).rows[0],
  );
  const { '201': created = 0, '409': conflicts = 0, ...other } = tally;
  return { requests: 500, created, conflicts, other, rowsBooked: rows.n, distinctSlots: rows.d, seconds, ok: created === 10 && conflicts === 490 && rows.n === 10 && rows.d === 10 };
}

interface EndpointFigures {
  name: string;
  connections: number;
  skipped?: string;
  api?: Summary;
  baseline?: Summary;
  ratio?: number;
  /** API/baseline of each round, in order: the spread says how noisy the machine was. */
  roundRatios?: number[];
}
interface Summary {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  statementsPerRequest: number;
  cpuMicrosPerRequest: number;
  requests: number;
}

function summarise(runs: LoadResult[]): Summary {
  const m = (f: (r: LoadResult) => number) => median(runs.map(f));
  return {
    rps: Math.round(m((r) => r.rps)),
    p50Ms: m((r) => r.p50Ms),
    p99Ms: m((r) => r.p99Ms),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    statementsPerRequest: Math.round(m((r) => r.statementsPerRequest) * 100) / 100,
    cpuMicrosPerRequest: Math.round(m((r) => r.cpuMicrosPerRequest)),
    requests: runs.reduce((a, r) => a + r.requests, 0),
  };
}

async function main() {
  const opts = options();
  // A given database is used as it is, and never dropped.
  const db: BenchDatabase = opts.databaseUrl ? { url: opts.databaseUrl, dispose: async () => undefined } : await benchDatabase('clinic_bench');
  // Results and docs come from full runs on data the harness made itself; anything narrower only prints.
  const printOnly = opts.smoke || opts.databaseUrl !== undefined || opts.only !== undefined;
  const servers: Server[] = [];
  let failed = false;
  try {
    const seededBy = opts.databaseUrl ? `the given database (${new URL(opts.databaseUrl).pathname.slice(1)})` : await seedDatabase(db.url, opts.scale, opts.data);
    const counts = await withClient(db.url, async (c) =>
      (await c.query(`SELECT (SELECT count(*) FROM users WHERE role = 'therapist')::int AS therapists, (SELECT count(*) FROM clients)::int AS clients,
                              (SELECT count(*) FROM couples)::int AS couples, (SELECT count(*) FROM therapy_sessions)::int AS sessions,
                              (SELECT count(*) FROM ruptures)::int AS ruptures`)).rows[0],
    );
    const targets = await withClient(db.url, (c) => findTargets(c, opts.databaseUrl !== undefined));
    console.log(`seeded by ${seededBy}:`, counts);
    const [apiPort, basePort] = [await freePort(), await freePort()];
    const apiEnv = apiEnvironment(db.url, apiPort);
    const api = await startServer('api', 'src/main.js', apiEnv, apiPort, '/health/ready');
    servers.push(api);
    const baseline = await startServer('baseline', 'bench/baseline-server.js', { ...apiEnv, PORT: String(basePort) }, basePort, '/health/ready');
    servers.push(baseline);

    const list = (await withClient(db.url, (c) => endpoints(c, targets))).filter((e) => !opts.only || opts.only.has(e.key));
    for (const e of list) {
      const status = e.skipped ? 0 : ((await fetch(api.base + e.path, { headers: e.headers }).then((r) => r.arrayBuffer().then(() => r.status))) as number);
      if (e.path.includes('/reports/') && status === 404) e.skipped = 'src/reports is not in this tree yet (404)';
      if (e.skipped) console.log(`skipped ${e.name}: ${e.skipped}`);
      else if (status !== 200) console.log(`warning: ${e.name} answered ${status} before the load`);
      if (!e.skipped) {
        // Warm-up: JIT, plans and pool connections, not measured.
        await load(api, e.path, e.headers, 1, e.connections);
        if (e.baseline) await load(baseline, e.path, e.headers, 1, e.connections);
      }
    }
    // A baseline is only a baseline of the same work if it answers the same: the same bytes as the API.
    const differentAnswers: string[] = [];
    for (const e of list.filter((x) => x.baseline && !x.skipped)) {
      const [ours, theirs] = await Promise.all([api, baseline].map((s) => fetch(s.base + e.path, { headers: e.headers }).then((r) => r.text())));
      const [a, b] = [ours, theirs].map(withoutMomentOfAnswer);
      if (a !== b) differentAnswers.push(`${e.name}: the baseline answered ${theirs.length} bytes unlike the API's ${ours.length}, from byte ${firstDifference(a, b)}`);
    }
    for (const d of differentAnswers) console.log(`warning: ${d}`);
    const runs = new Map<string, { api: LoadResult[]; baseline: LoadResult[] }>(list.map((e) => [e.name, { api: [], baseline: [] }]));
    for (let round = 0; round < opts.rounds; round++) {
      for (const e of list.filter((x) => !x.skipped)) {
        // Alternate who goes first, so neither side always follows the other's autovacuum or cache state.
        const order = round % 2 === 0 ? ['api', 'baseline'] : ['baseline', 'api'];
        for (const side of order) {
          if (side === 'baseline' && !e.baseline) continue;
          const result = await load(side === 'api' ? api : baseline, e.path, e.headers, opts.seconds, e.connections);
          runs.get(e.name)?.[side as 'api' | 'baseline'].push(result);
          console.log(`round ${round + 1} ${side.padEnd(8)} ${e.name}: ${Math.round(result.rps)} req/s, p50 ${result.p50Ms} ms, ${result.statementsPerRequest.toFixed(2)} statements, errors ${result.errors}, non-2xx ${result.non2xx}`);
        }
      }
    }
    const figures: EndpointFigures[] = list.map((e) => {
      const r = runs.get(e.name) as { api: LoadResult[]; baseline: LoadResult[] };
      if (e.skipped) return { name: e.name, connections: e.connections, skipped: e.skipped };
      const ratios = r.baseline.map((b, i) => r.api[i].rps / b.rps);
      return {
        name: e.name,
        connections: e.connections,
        api: summarise(r.api),
        baseline: r.baseline.length ? summarise(r.baseline) : undefined,
        ratio: ratios.length ? Math.round(median(ratios) * 100) / 100 : undefined,
        roundRatios: ratios.length ? ratios.map((x) => Math.round(x * 100) / 100) : undefined,
      };
    });
    // Peak memory of the GET loads, read before the 500-connection burst of the contention test.
    const loadPeakMiB = Math.round(api.peakRssBytes() / 2 ** 20);
    // The contention test books calls: never in a given (shared) database, and with --only when named.
    const runContention = !opts.databaseUrl && (!opts.only || opts.only.has('contention'));
    if (opts.databaseUrl && opts.only?.has('contention')) console.log('skipped contention: it books calls, and a database given by --database-url is not written to');
    const contended = runContention ? await contention(api, db.url) : undefined;
    if (contended) console.log('contention:', contended);
    const memory = { apiPeakMiBDuringGets: loadPeakMiB, apiPeakMiB: Math.round(api.peakRssBytes() / 2 ** 20), baselinePeakMiB: Math.round(baseline.peakRssBytes() / 2 ** 20) };

    // The exit code is set here: the smoke and printed-only runs return before the end of main.
    const fail = (message: string) => {
      failed = true;
      process.exitCode = 1;
      console.error(`FAIL ${message}`);
    };
    for (const f of figures) {
      if (f.api && (f.api.errors || f.api.non2xx)) fail(`${f.name}: ${f.api.errors} errors, ${f.api.non2xx} non-2xx`);
      if (f.baseline && (f.baseline.errors || f.baseline.non2xx)) fail(`baseline ${f.name}: ${f.baseline.errors} errors, ${f.baseline.non2xx} non-2xx`);
    }
    for (const d of differentAnswers) fail(d);
    if (contended && !contended.ok) fail(`contention: expected 10 × 201, 490 × 409 and 10 rows, got ${JSON.stringify(contended)}`);
    if (opts.smoke) {
      console.log(failed ? 'bench smoke: FAILED' : 'bench smoke: ok (correctness only; speed is not judged)');
      return;
    }
    if (printOnly) {
      printFigures(figures, memory, await machine(db.url));
      console.log('printed only: bench/results and docs/performance.md are written by full default runs (no --database-url, no --only)');
      return;
    }
    if (!contended) throw new Error('a full run includes the contention test');
    const result = {
      date: new Date().toISOString(),
      command: `npm run bench -- --scale ${opts.scale} --seconds ${opts.seconds} --rounds ${opts.rounds}${opts.data ? ` --data ${opts.data}` : ''}`,
      machine: await machine(db.url),
      statementCounting: 'pg Client.prototype.query counted in each server process (bench/statement-counter.ts); pg_stat_statements is not preloaded here',
      scale: opts.scale,
      seededBy,
      data: { ...counts, sessionsInBenchWeek: targets.week.sessions, rupturesOfBenchCouple: targets.couple.ruptures },
      secondsPerRun: opts.seconds,
      rounds: opts.rounds,
      endpoints: figures,
      contention: contended,
      memory,
    };
    mkdirSync(join(REPO, 'bench', 'results'), { recursive: true });
    const file = join(REPO, 'bench', 'results', `${result.date.slice(0, 10)}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    updatePerformanceDoc(result);
    console.log(`wrote ${file} and docs/performance.md`);
  } finally {
    for (const s of servers.reverse()) await s.stop();
    await db.dispose();
  }
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));

/** The figures of a narrowed run, on stdout only. */
function printFigures(figures: EndpointFigures[], memory: Record<string, number>, m: Record<string, string | number>) {
  console.log(`\n\`node ${process.argv.slice(1).join(' ')}\` on ${m.cores} cores (${m.cpu}), Node ${m.node}, PostgreSQL ${m.postgres}; 5-minute load average ${m.loadAverage5m}; API: ${PRODUCTION_LIKE}`);
  console.log('| endpoint | conns | API req/s | baseline req/s | API/baseline | per round | CPU µs/request API | baseline | statements/request API | baseline | p50 ms | p99 ms | errors + non-2xx |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const e of figures) {
    if (e.skipped) {
      console.log(`| ${e.name} | — | skipped: ${e.skipped} | | | | | | | | | | |`);
      continue;
    }
    console.log(
      `| ${e.name} | ${e.connections} | ${fmt(e.api?.rps)} | ${fmt(e.baseline?.rps)} | ${fmt(e.ratio, 2)} | ${e.roundRatios?.map((r) => r.toFixed(2)).join(' ') ?? '—'} | ` +
        `${fmt(e.api?.cpuMicrosPerRequest)} | ${fmt(e.baseline?.cpuMicrosPerRequest)} | ${fmt(e.api?.statementsPerRequest, 2)} | ${fmt(e.baseline?.statementsPerRequest, 2)} | ` +
        `${fmt(e.api?.p50Ms)} | ${fmt(e.api?.p99Ms)} | ${(e.api?.errors ?? 0) + (e.api?.non2xx ?? 0) + (e.baseline?.errors ?? 0) + (e.baseline?.non2xx ?? 0)} |`,
    );
  }
  console.log(`peak memory (VmHWM): ${JSON.stringify(memory)}`);
  console.log(JSON.stringify({ endpoints: figures }));
}

function updatePerformanceDoc(r: {
  date: string;
  command: string;
  machine: Record<string, string | number>;
  seededBy: string;
  data: Record<string, number>;
  endpoints: EndpointFigures[];
  contention: Contention;
  memory: { apiPeakMiBDuringGets: number; apiPeakMiB: number; baselinePeakMiB: number };
  secondsPerRun: number;
  rounds: number;
}) {
  const m = r.machine;
  const lines = [
    '<!-- bench:start -->',
    `Measured ${r.date.slice(0, 10)} with \`${r.command}\` on ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres} on the same host; 5-minute load average ${m.loadAverage5m} at the end (other work shared the machine).`,
    `Data from ${r.seededBy}: ${Object.entries(r.data).map(([k, v]) => `${v} ${k}`).join(', ')}. Each figure is the median of ${r.rounds} interleaved runs of ${r.secondsPerRun} s (API and baseline in turn).`,
    '',
    `The API ran as production runs it (${PRODUCTION_LIKE}); the baseline logs nothing.`,
    '',
    '| endpoint | conns | API req/s | baseline req/s | API/baseline | p50 ms | p99 ms | statements/request | CPU µs/request API | baseline | API/baseline CPU | errors + non-2xx |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.endpoints.map((e) =>
      e.skipped
        ? `| ${e.name} | — | skipped: ${e.skipped} | | | | | | | | | |`
        : `| ${e.name} | ${e.connections} | ${fmt(e.api?.rps)} | ${fmt(e.baseline?.rps)} | ${fmt(e.ratio, 2)} | ${fmt(e.api?.p50Ms)} | ${fmt(e.api?.p99Ms)} | ${fmt(e.api?.statementsPerRequest, 2)} | ${fmt(e.api?.cpuMicrosPerRequest)} | ${fmt(e.baseline?.cpuMicrosPerRequest)} | ${e.api && e.baseline ? fmt(e.api.cpuMicrosPerRequest / e.baseline.cpuMicrosPerRequest, 2) : '—'} | ${(e.api?.errors ?? 0) + (e.api?.non2xx ?? 0)} |`,
    ),
    '',
    `Booking under contention: ${r.contention.requests} concurrent \`POST /connection-calls\` for 10 named slots of one therapist → ${r.contention.created} × 201, ${r.contention.conflicts} × 409${Object.keys(r.contention.other).length ? `, other: ${JSON.stringify(r.contention.other)}` : ''}; ${r.contention.rowsBooked} rows booked on ${r.contention.distinctSlots} distinct slots, in ${r.contention.seconds.toFixed(1)} s (${r.contention.ok ? 'correct' : 'WRONG'}).`,
    '',
    `Peak memory (VmHWM): API ${r.memory.apiPeakMiBDuringGets} MiB through the GET loads, ${r.memory.apiPeakMiB} MiB after the contention burst; baseline ${r.memory.baselinePeakMiB} MiB.`,
    '<!-- bench:end -->',
  ];
  const path = join(REPO, 'docs', 'performance.md');
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf('<!-- bench:start -->');
  const end = doc.indexOf('<!-- bench:end -->');
  const next = start >= 0 && end > start
    ? doc.slice(0, start) + lines.join('\n') + doc.slice(end + '<!-- bench:end -->'.length)
    : `${doc.trimEnd()}\n\n## API against a raw baseline\n\n${lines.join('\n')}\n`;
  writeFileSync(path, next);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

/** An answer's text with the moment it was made (a repair summary's `generatedAt`) left out, as two answers made apart differ there. */
function withoutMomentOfAnswer(text: string): string {
  return text.replace(/"generatedAt":"[^"]*"/g, '"generatedAt":""');
}

/** Where two texts first differ. */
function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
