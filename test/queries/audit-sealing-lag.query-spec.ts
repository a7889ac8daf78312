import type { Client } from 'pg';
import { auditSealsQueries } from '../../src/audit/audit-seals.queries';
import { planNodes, planOf, withTablesCopied } from './query-database';

/**
 * `/health/ready` reads the sealing lag on every probe. Planned as "a third of the trail" (what
 * PostgreSQL assumes of `seq > (a subquery)`), it read the whole audit trail once the trail was large:
 * 600 ms on the seeded year's 617,706 events, every probe.
 */
describe('The sealing lag read by every readiness check', () => {
  const EVENTS = 100_000;

  it('is planned as a read of the unsealed tail of the trail, not of the trail', async () => {
    const lag = auditSealsQueries.sealingLag();
    const fill = async (db: Client) => {
      await db.query(
        `INSERT INTO audit_events (seq, occurred_at, actor_kind, action, resource_type, hash)
         SELECT g, now() - (${EVENTS} - g) * interval '1 second', 'system', 'read', 'client', '\\x00' FROM generate_series(1, ${EVENTS}) g`,
      );
      await db.query(`INSERT INTO audit_seals (first_seq, last_seq, events, hash) VALUES (1, ${EVENTS - 10}, ${EVENTS - 10}, '\\x00')`);
    };
    const { plan, row } = await withTablesCopied(['audit_events', 'audit_seals'], fill, async (db) => ({
      plan: await planOf(db, lag),
      row: (await db.query(lag.text, lag.values as unknown[])).rows[0] as { unsealed: number; lag_seconds: number },
    }));
    // The events counted (alias e); the last event's number is one step down the index.
    const counted = planNodes(plan).filter((n) => n['Relation Name'] === 'audit_events' && n.Alias === 'e');
    expect(counted.length).toBeGreaterThan(0);
    for (const read of counted) {
      expect(read['Node Type']).not.toBe('Seq Scan');
      expect(read['Plan Rows']).toBeLessThan(EVENTS / 100);
    }
    expect(row.unsealed).toBe(10);
    expect(row.lag_seconds).toBeGreaterThanOrEqual(9);
  });
});
