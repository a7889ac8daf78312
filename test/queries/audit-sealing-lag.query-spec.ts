import { Client } from 'pg';
import { auditSealsQueries } from '../../src/audit/audit-seals.queries';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/**
 * `/health/ready` reads the sealing lag on every probe. Planned as "a third of the trail" (what
 * PostgreSQL assumes of `seq > (a subquery)`), it read the whole audit trail once the trail was large:
 * 600 ms on the seeded year's 617,706 events, every probe. The plan is looked at on a copy of the two
 * tables in a schema of the test's own, inside a transaction that is rolled back.
 */
describe('The sealing lag read by every readiness check', () => {
  const EVENTS = 100_000;
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(() => db.end());

  it('is planned as a read of the unsealed tail of the trail, not of the trail', async () => {
    await db.query('BEGIN');
    try {
      await db.query('CREATE SCHEMA lag_plan');
      await db.query('CREATE TABLE lag_plan.audit_events (LIKE public.audit_events INCLUDING DEFAULTS INCLUDING INDEXES)');
      await db.query('CREATE TABLE lag_plan.audit_seals (LIKE public.audit_seals INCLUDING DEFAULTS INCLUDING INDEXES)');
      await db.query(
        `INSERT INTO lag_plan.audit_events (seq, occurred_at, actor_kind, action, resource_type, hash)
         SELECT g, now() - (${EVENTS} - g) * interval '1 second', 'system', 'read', 'client', '\\x00' FROM generate_series(1, ${EVENTS}) g`,
      );
      await db.query(`INSERT INTO lag_plan.audit_seals (first_seq, last_seq, events, hash) VALUES (1, ${EVENTS - 10}, ${EVENTS - 10}, '\\x00')`);
      await db.query('ANALYZE lag_plan.audit_events');
      await db.query('ANALYZE lag_plan.audit_seals');
      await db.query('SET LOCAL search_path = lag_plan');

      const lag = auditSealsQueries.sealingLag();
      const [{ 'QUERY PLAN': [{ Plan: plan }] }] = (await db.query(`EXPLAIN (FORMAT JSON) ${lag.text}`, lag.values as unknown[])).rows as { 'QUERY PLAN': { Plan: PlanNode }[] }[];
      // The events counted (alias e); the last event's number is one step down the index.
      const counted = nodes(plan).filter((n) => n['Relation Name'] === 'audit_events' && n.Alias === 'e');
      expect(counted.length).toBeGreaterThan(0);
      for (const read of counted) {
        expect(read['Node Type']).not.toBe('Seq Scan');
        expect(read['Plan Rows']).toBeLessThan(EVENTS / 100);
      }

      const [row] = (await db.query(lag.text, lag.values as unknown[])).rows as { unsealed: number; lag_seconds: number }[];
      expect(row.unsealed).toBe(10);
      expect(row.lag_seconds).toBeGreaterThanOrEqual(9);
    } finally {
      await db.query('ROLLBACK');
    }
  });
});
