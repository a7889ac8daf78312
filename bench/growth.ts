/*
 * Whether the statements that read a window of time stay flat as history grows: each is planned and
 * run with EXPLAIN (ANALYZE, BUFFERS) on a demo-scale and a year-scale clinic, with the same window
 * relative to the day each was seeded, and the rows its scans read, the buffers it touched (both
 * deterministic for a given database) and the median time of running it plainly are printed side by side.
 *
 * Usage: npm run bench:growth                 (two throwaway databases, seeded at demo and year scale)
 *        node dist/bench/growth.js --demo-url URL --year-url URL   (databases already seeded at those scales)
 * Given databases are only read (every statement runs in a READ ONLY transaction that is rolled back).
 * BENCH_RUNS (default 21) sets how many timed runs give the median. The server is DATABASE_URL's or
 * the embedded one; throwaway databases are dropped afterwards.
 */
import { Client } from 'pg';
import { AccessScope } from '../src/common/access/access-scope';
import { UserActor } from '../src/common/auth/roles';
import { calendarQueries } from '../src/calendar/calendar.queries';
import { clientsQueries } from '../src/clients/clients.queries';
import type { ListClientsQuery } from '../src/clients/dto/list-clients.query';
import { loadEnvironment } from '../src/config/environment';
import { CONNECTION_OPTIONS } from '../src/database/connection-options';
import { locateDatabase } from '../src/database/database-location';
import { Statement } from '../src/database/statement';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../src/database/throwaway-database';
import { reportQueries } from '../src/reports/reports.queries';
import { therapySessionQueries } from '../src/therapy-sessions/therapy-sessions.queries';
import { median } from './bench-kit';
import { SeedScale, seed } from './seed';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const DAY = 86_400_000;

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** Who and when, found in the seeded data: the busiest therapist, the admin, and the day it was seeded. */
interface Clinic {
  therapist: AccessScope;
  therapistId: string;
  admin: AccessScope;
  seededAt: Date;
  /** A partner of the busiest therapist's couple with the most ruptures. */
  clientId: string;
  /** The portal account of a partner of the couple with the most sessions among those who have one. */
  partner: AccessScope;
}

async function clinicOf(db: Client, scale: SeedScale): Promise<Clinic> {
  const [admin] = (await db.query(`SELECT id, created_at FROM users WHERE email = $1`, [`admin@${scale}.clinic.test`])).rows;
  if (!admin) throw new Error(`This database was not seeded with --scale ${scale}.`);
  const [busiest] = (
    await db.query(`SELECT therapist_id AS id FROM therapy_sessions GROUP BY therapist_id ORDER BY count(*) DESC, therapist_id LIMIT 1`)
  ).rows;
  const [client] = (
    await db.query(
      `SELECT k.partner_a_id AS id FROM couples k JOIN ruptures r ON r.couple_id = k.id WHERE k.therapist_id = $1 GROUP BY k.id ORDER BY count(*) DESC, k.id LIMIT 1`,
      [busiest.id],
    )
  ).rows;
  const [partner] = (
    await db.query(
      `SELECT c.portal_user_id AS id FROM couples k JOIN clients c ON c.id IN (k.partner_a_id, k.partner_b_id) JOIN therapy_sessions s ON s.couple_id = k.id
        WHERE c.portal_user_id IS NOT NULL GROUP BY c.portal_user_id ORDER BY count(*) DESC, c.portal_user_id LIMIT 1`,
    )
  ).rows;
  const actor = (id: string, role: UserActor['role']): AccessScope => new AccessScope({ kind: 'user', id, role, sessionId: id } as UserActor);
  return {
    therapist: actor(busiest.id, 'therapist'),
    therapistId: busiest.id,
    admin: actor(admin.id, 'admin'),
    seededAt: admin.created_at,
    clientId: client.id,
    partner: actor(partner.id, 'client'),
  };
}

/** One statement measured; `settings` runs first in the same transaction (the reports' planner settings). */
interface Measured {
  name: string;
  statement: Statement<unknown>;
  settings?: Statement<unknown>;
}

/**
 * The statements whose reads grew with history, each over a window placed the same way in both
 * clinics: two weeks before the seeding day, with all the seeded past before it.
 */
function statementsFor(c: Clinic): Measured[] {
  const week = { from: new Date(c.seededAt.getTime() - 14 * DAY), to: new Date(c.seededAt.getTime() - 7 * DAY) };
  const month = { from: new Date(c.seededAt.getTime() - 35 * DAY).toISOString(), to: new Date(c.seededAt.getTime() - 5 * DAY).toISOString(), unit: 'week' as const, zone: 'America/Toronto' };
  const settings = reportQueries.settings();
  return [
    {
      name: 'GET /sessions (therapist, a week)',
      statement: therapySessionQueries.list(c.therapist, { limit: 100, from: week.from.toISOString(), to: week.to.toISOString() }),
    },
    {
      name: 'GET /sessions (admin, therapist, a week)',
      statement: therapySessionQueries.list(c.admin, { limit: 100, therapistId: c.therapistId, from: week.from.toISOString(), to: week.to.toISOString() }),
    },
    { name: 'calendar feed sessions (therapist, 30 days back)', statement: calendarQueries.feedSessions(c.therapist, new Date(c.seededAt.getTime() - 30 * DAY)) },
    { name: 'GET /sessions (partner, first page)', statement: therapySessionQueries.list(c.partner, { limit: 20 }) },
    { name: 'calendar feed sessions (partner, 30 days back)', statement: calendarQueries.feedSessions(c.partner, new Date(c.seededAt.getTime() - 30 * DAY)) },
    { name: 'GET /clients (therapist, first page)', statement: clientsQueries.list(c.therapist, { limit: 20 } as ListClientsQuery) },
    { name: 'GET /clients/{id} (therapist; a partner of their couple with most ruptures)', statement: clientsQueries.client(c.therapist, c.clientId) },
    { name: 'sessions report (admin, 30 days by week)', statement: reportQueries.sessions(c.admin, month, undefined), settings },
    { name: 'sessions report (therapist, 30 days by week)', statement: reportQueries.sessions(c.therapist, month, undefined), settings },
    { name: 'connection-calls report (admin, 30 days by week)', statement: reportQueries.connectionCalls(c.admin, month, undefined), settings },
  ];
}

interface PlanNode {
  'Node Type': string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

/** Rows the plan's scans read from tables and indexes: those returned and those filtered out, over every loop. */
function rowsRead(node: PlanNode): number {
  const own = node['Node Type'].endsWith('Scan') && !['CTE Scan', 'Subquery Scan', 'Function Scan', 'Values Scan', 'WorkTable Scan'].includes(node['Node Type'])
    ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops']
    : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child), 0);
}

interface Figures {
  rows: number;
  buffers: number;
  answered: number;
  medianMs: number;
}

/** Runs `work` in a read-only transaction that is always rolled back, after the statement's settings. */
async function readOnly<T>(db: Client, m: Measured, work: () => Promise<T>): Promise<T> {
  await db.query('BEGIN READ ONLY');
  try {
    if (m.settings) await db.query(m.settings.text, m.settings.values as unknown[]);
    return await work();
  } finally {
    await db.query('ROLLBACK');
  }
}

async function measure(db: Client, m: Measured): Promise<Figures> {
  const values = m.statement.values as unknown[];
  const plan = await readOnly(db, m, async () => {
    // Once to warm the cache, so buffers are counted the same however cold the server started.
    await db.query(m.statement.text, values);
    const [row] = (await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${m.statement.text}`, values)).rows;
    return (row['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan;
  });
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    times.push(
      await readOnly(db, m, async () => {
        const started = process.hrtime.bigint();
        await db.query(m.statement.text, values);
        return Number(process.hrtime.bigint() - started) / 1e6;
      }),
    );
  }
  return { rows: rowsRead(plan), buffers: plan['Shared Hit Blocks'] + plan['Shared Read Blocks'], answered: plan['Actual Rows'], medianMs: median(times) };
}

async function measureScale(url: string, scale: SeedScale): Promise<Map<string, Figures>> {
  const db = new Client({ connectionString: url, options: CONNECTION_OPTIONS });
  await db.connect();
  try {
    const clinic = await clinicOf(db, scale);
    const figures = new Map<string, Figures>();
    for (const m of statementsFor(clinic)) figures.set(m.name, await measure(db, m));
    return figures;
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  const env = loadEnvironment();
  const server = await locateDatabase(env, () => undefined);
  const throwaway: string[] = [];
  try {
    const urls: Partial<Record<SeedScale, string>> = {};
    for (const scale of ['demo', 'year'] as const) {
      const given = argument(`${scale}-url`);
      if (given) {
        urls[scale] = given;
        continue;
      }
      const url = await createThrowawayDatabase(server.url, `clinic_bench_growth_${scale}`);
      throwaway.push(url);
      const summary = await seed(url, scale, env.CLINIC_TIME_ZONE);
      console.log(`seeded ${scale} scale in ${summary.seconds} s (${summary.counts.therapy_sessions} sessions)`);
      urls[scale] = url;
    }
    const demo = await measureScale(urls.demo!, 'demo');
    const year = await measureScale(urls.year!, 'year');
    console.log(`\n${RUNS} timed runs each; rows = rows the scans read, buffers = shared buffers touched (EXPLAIN ANALYZE BUFFERS)\n`);
    const header = ['statement', 'demo rows', 'year rows', 'demo buffers', 'year buffers', 'demo answer', 'year answer', 'demo ms', 'year ms'];
    const table = [...demo.keys()].map((name) => {
      const d = demo.get(name)!;
      const y = year.get(name)!;
      return [name, d.rows, y.rows, d.buffers, y.buffers, d.answered, y.answered, d.medianMs.toFixed(2), y.medianMs.toFixed(2)].map(String);
    });
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
    for (const row of [header, ...table]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  } finally {
    for (const url of throwaway) await dropThrowawayDatabase(url).catch(() => undefined);
    await server.release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
