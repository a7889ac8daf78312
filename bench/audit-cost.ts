/*
 * What auditing a PHI read costs: the same scoped client lookup, plain and with its audit event
 * written in the same statement, run in turn against a throwaway database.
 * Usage: npm run bench:audit  (DATABASE_URL or the embedded server; 127.0.0.1 only)
 */
import { Client } from 'pg';
import { loadEnvironment } from '../src/config/environment';
import { locateDatabase } from '../src/database/database-location';
import { runMigrations } from '../src/database/migrate';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../src/database/throwaway-database';

const ROUNDS = 3;
const PER_ROUND = 2000;

const PLAIN = `SELECT c.* FROM clients c WHERE c.id = $1 AND c.primary_therapist_id = $2`;
const AUDITED = `WITH rows AS (${PLAIN}),
  audit AS (INSERT INTO audit_events (actor_kind, actor_id, actor_role, action, resource_type, resource_id, client_ids, request_id, source_address)
            SELECT 'user', $2, 'therapist', 'read', 'client', rows.id, ARRAY[rows.id], 'bench', '127.0.0.1'::inet FROM rows)
  SELECT * FROM rows`;

async function timeQueries(db: Client, sql: string, params: unknown[]): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < PER_ROUND; i++) await db.query(sql, params);
  return Number(process.hrtime.bigint() - started) / 1e3 / PER_ROUND;
}

async function main() {
  const database = await locateDatabase(loadEnvironment(), () => undefined);
  const url = await createThrowawayDatabase(database.url, 'clinic_bench_audit');
  const db = new Client({ connectionString: url });
  try {
    await runMigrations(url);
    await db.connect();
    const [therapist] = (await db.query(`INSERT INTO users (email, role, display_name) VALUES ('bench@clinic.test', 'therapist', 'Bench') RETURNING id`)).rows;
    const [client] = (
      await db.query(`INSERT INTO clients (legal_name, date_of_birth, primary_therapist_id) VALUES ('Bench Client', '1980-01-01', $1) RETURNING id`, [therapist.id])
    ).rows;
    const params = [client.id, therapist.id];
    const plain: number[] = [];
    const audited: number[] = [];
    await timeQueries(db, AUDITED, params); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      plain.push(await timeQueries(db, PLAIN, params));
      audited.push(await timeQueries(db, AUDITED, params));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const result = {
      rounds: ROUNDS,
      queriesPerRound: PER_ROUND,
      plainMicroseconds: Math.round(median(plain)),
      auditedMicroseconds: Math.round(median(audited)),
      auditRowsWritten: Number((await db.query('SELECT count(*) FROM audit_events')).rows[0].count),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await db.end().catch(() => undefined);
    await dropThrowawayDatabase(url);
    await database.release();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
