import type { Client } from 'pg';
import { auditSealsQueries } from '../../src/audit/audit-seals.queries';
import { PlanNode, planNodes, planOf, withTablesCopied } from './query-database';

/**
 * The sealer runs every second and `/health/ready` reads the sealing lag on every probe; both read the
 * unsealed tail of the audit trail. Each read the whole trail once it was large: the lag's statement
 * planned as "a third of the trail" (what PostgreSQL assumes of `seq > (a subquery)`), 600 ms at the
 * seeded year's 617,706 events; the sealer's read the index from the trail's first event, 1.05 s.
 */
describe('Reading the unsealed tail of the audit trail', () => {
  const EVENTS = 100_000;
  const fill = async (db: Client) => {
    await db.query(
      `INSERT INTO audit_events (seq, occurred_at, actor_kind, action, resource_type, hash)
       SELECT g, now() - (${EVENTS} - g) * interval '1 second', 'system', 'read', 'client', '\\x00' FROM generate_series(1, ${EVENTS}) g`,
    );
    await db.query(`INSERT INTO audit_seals (first_seq, last_seq, events, hash) VALUES (1, ${EVENTS - 10}, ${EVENTS - 10}, '\\x00')`);
  };
  /** The reads of the events (alias e) in a plan; the last event's number is one step down the index. */
  const readsOfEvents = (plan: PlanNode) => planNodes(plan).filter((n) => n['Relation Name'] === 'audit_events' && n.Alias === 'e');

  it('by the sealing lag is planned as a read of the unsealed tail, not of the trail', async () => {
    const lag = auditSealsQueries.sealingLag();
    const { plan, row } = await withTablesCopied(['audit_events', 'audit_seals'], fill, async (db) => ({
      plan: await planOf(db, lag),
      row: (await db.query(lag.text, lag.values as unknown[])).rows[0] as { unsealed: number; lag_seconds: number },
    }));
    const counted = readsOfEvents(plan);
    expect(counted.length).toBeGreaterThan(0);
    for (const read of counted) {
      expect(read['Node Type']).not.toBe('Seq Scan');
      expect(read['Plan Rows']).toBeLessThan(EVENTS / 100);
    }
    expect(row.unsealed).toBe(10);
    expect(row.lag_seconds).toBeGreaterThanOrEqual(9);
  });

  it('by the sealer starts at the first unsealed event, not at the first event of the trail', async () => {
    const seal = auditSealsQueries.sealNext(String(EVENTS), 5000);
    const plan = await withTablesCopied(['audit_events', 'audit_seals'], fill, (db) => planOf(db, seal));
    const reads = readsOfEvents(plan);
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read['Node Type']).not.toBe('Seq Scan');
      expect(read['Plan Rows']).toBeLessThan(EVENTS / 100);
    }
  });
});
