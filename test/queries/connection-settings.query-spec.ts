import { useQueryDatabase } from './query-database';

/**
 * The settings every connection of the API's pool starts with. JIT compilation cost 0.3–4 s per call
 * of any statement whose estimated cost crossed `jit_above_cost` (the reports, the outcome notice
 * sweep), statements that run in 30–170 ms without it.
 */
describe('Connections of the pool', () => {
  const context = useQueryDatabase();

  it('never JIT-compile a statement, however costly its plan', async () => {
    // Planned at about 30 times `jit_above_cost`: PostgreSQL would compile it with JIT on.
    const [{ 'QUERY PLAN': [explained] }] = await context.db.query(`EXPLAIN (FORMAT JSON, SETTINGS) SELECT count(*) FROM generate_series(1, 300000000) g`);
    expect(explained.Plan['Total Cost']).toBeGreaterThan(100_000);
    expect(explained.Settings).toMatchObject({ jit: 'off' });
    expect(explained.JIT).toBeUndefined();
  });
});
