/*
 * Outcome measures for a seeded clinic: about 60 % of couples (and always the couple with the most
 * ruptures) have the CSI-4 assigned at intake and every 3 weeks since; each partner answers about
 * 85 % of the occasions, with a total that drifts from their own starting point. Set-based SQL over
 * the couples already there, so it runs inside the seed (bench/seed.ts) or on its own against a
 * database seeded before outcome measures existed:
 *
 *   node dist/bench/outcome-responses.js --database-url postgres://…/bench_year_outcomes
 *
 * The database is migrated first. A database that already has assignments is refused.
 */
import { Client } from 'pg';
import { runMigrations } from '../src/database/migrate';

/** Every 3 weeks, as the clinic's measurement-based care asks. */
const EVERY_WEEKS = 3;
const SHARE_OF_COUPLES = 0.6;
const ANSWER_RATE = 0.85;

/** The statements, in order; they read the seeded couples, clients and ruptures and write outcome rows only. */
export function outcomeStatements(): string[] {
  return [
    `INSERT INTO outcome_assignments (couple_id, instrument, schedule_kind, every, shares_totals, assigned_by_user_id, assigned_at)
       SELECT k.id, 'csi-4', 'weeks', ${EVERY_WEEKS}, random() < 0.3, k.therapist_id,
              least(now() - interval '1 day', greatest(k.started_on::timestamptz, now() - interval '330 days') + interval '15 hours')
         FROM couples k
        WHERE random() < ${SHARE_OF_COUPLES}
           OR k.id = (SELECT couple_id FROM ruptures GROUP BY couple_id ORDER BY count(*) DESC LIMIT 1)`,
    // Item positions from the total: item 1 (0–6) carries its share, items 2–4 (0–5 each) the rest.
    `INSERT INTO outcome_responses (assignment_id, couple_id, client_id, answered_by_user_id, instrument, instrument_version, occasion,
                                    answers, total, below_cutoff, answered_at)
       SELECT id, couple_id, client_id, answered_by, 'csi-4', 1, n,
              jsonb_build_object('1', i1, '2', r / 3, '3', (r - r / 3) / 2, '4', r - r / 3 - (r - r / 3) / 2), total, total < 13.5, at
         FROM (SELECT *, total - i1 AS r
                 FROM (SELECT *, round(total * 6 / 21.0)::int AS i1
                         FROM (SELECT a.id, a.couple_id, c.id AS client_id, coalesce(c.portal_user_id, a.assigned_by_user_id) AS answered_by, o.n,
                                      greatest(0, least(21, round(5 + abs(hashtext(c.id::text)) % 13 + 0.4 * o.n + random() * 4 - 2)))::int AS total,
                                      a.assigned_at + o.n * interval '${EVERY_WEEKS} weeks' + random() * interval '3 days' AS at
                                 FROM outcome_assignments a
                                 JOIN couples k ON k.id = a.couple_id
                                 JOIN clients c ON c.id IN (k.partner_a_id, k.partner_b_id)
                                 CROSS JOIN LATERAL generate_series(0, floor(extract(epoch FROM now() - a.assigned_at) / (${EVERY_WEEKS} * 604800))::int) AS o(n)
                                WHERE random() < ${ANSWER_RATE}) x) y) z
        WHERE at < now()`,
    `INSERT INTO outcome_notices (assignment_id, occasion, sent_at)
       SELECT DISTINCT assignment_id, occasion, min(answered_at) OVER (PARTITION BY assignment_id, occasion) FROM outcome_responses`,
  ];
}

export const OUTCOME_TABLES = ['outcome_assignments', 'outcome_responses', 'outcome_notices'];

/** Adds outcome measures to a database seeded without them, in one transaction. */
export async function addOutcomeResponses(url: string): Promise<Record<string, number>> {
  await runMigrations(url);
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM outcome_assignments')).rows;
    if (n) throw new Error('This database already has outcome assignments; use a fresh copy of the seeded one.');
    await db.query('BEGIN');
    await db.query(`SET LOCAL work_mem = '256MB'`);
    await db.query('SELECT setseed(0.2121)');
    for (const sql of outcomeStatements()) await db.query(sql);
    await db.query('COMMIT');
    await db.query(`VACUUM (ANALYZE) ${OUTCOME_TABLES.join(', ')}`);
    const counts: Record<string, number> = {};
    for (const table of OUTCOME_TABLES) counts[table] = Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    return counts;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--database-url');
  const url = i > 0 ? process.argv[i + 1] : process.env.DATABASE_URL;
  if (!url) {
    console.error('usage: outcome-responses.js --database-url postgres://…');
    process.exit(1);
  }
  addOutcomeResponses(url)
    .then((counts) => console.log(Object.entries(counts).map(([t, n]) => `${t.padEnd(20)} ${n}`).join('\n')))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
}
