import type { Client } from 'pg';
import { outcomeReportQueries } from '../../src/reports/outcome-report.queries';
import { planNodes, planOf, rowsRead, withTablesCopied } from './query-database';

/**
 * The outcome report reads each measured couple's completed sessions and ruptures once, from the
 * indexes that hold them, however many periods the couple is measured in. Inlined into the band's
 * CASE and four FILTERed aggregates, the counts ran two and four times over, from the heap: 4.3 s for
 * a year by month on the seeded clinic (164,309 responses, 300,000 sessions, 1,000,000 ruptures);
 * counted once per couple and period, each period read again every rupture since the couple's first
 * measurement: 1.2 s; read once per couple, 0.75 s.
 */
describe('The outcome report', () => {
  const COUPLES = 300;

  // Each couple's partners answer every four weeks for a year; a couple has a completed session a week and a rupture every few days.
  const fill = async (db: Client) => {
    await db.query(
      `INSERT INTO outcome_responses (assignment_id, couple_id, client_id, answered_by_user_id, instrument, instrument_version, occasion, answers, total, below_cutoff, answered_at)
       SELECT md5('assignment' || k)::uuid, md5('couple' || k)::uuid, md5('client' || k || '-' || partner)::uuid, md5('user' || k || '-' || partner)::uuid,
              'csi-4', 1, occasion, '[]', 10 + occasion, occasion < 6, now() - interval '1 year' + occasion * interval '4 weeks' + partner * interval '1 hour'
         FROM generate_series(1, ${COUPLES}) k, generate_series(1, 2) partner, generate_series(0, 12) occasion`,
    );
    await db.query(
      `INSERT INTO therapy_sessions (therapist_id, couple_id, during, busy_time_id, modality, status, completed_at, created_by)
       SELECT md5('therapist')::uuid, md5('couple' || k)::uuid, tstzrange(now() - w * interval '1 week', now() - w * interval '1 week' + interval '50 minutes'),
              gen_random_uuid(), 'video', 'completed', now() - w * interval '1 week' + interval '50 minutes', md5('staff')::uuid
         FROM generate_series(1, ${COUPLES}) k, generate_series(1, 52) w`,
    );
    await db.query(
      `INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, description, severity, kind, stage, recognized_at, initiated_at, completed_at)
       SELECT md5('couple' || k)::uuid, now() - d * interval '3 days', md5('therapist')::uuid, 'therapist', 'r', 'minor', 'other',
              CASE WHEN d % 2 = 0 THEN 'completed' ELSE 'reported' END,
              CASE WHEN d % 2 = 0 THEN now() END, CASE WHEN d % 2 = 0 THEN now() END, CASE WHEN d % 2 = 0 THEN now() END
         FROM generate_series(1, ${COUPLES}) k, generate_series(1, 120) d`,
    );
  };

  it('reads each couple’s sessions and ruptures once for all its periods, from their indexes', async () => {
    const year = { from: new Date(Date.now() - 365 * 86_400_000).toISOString(), to: new Date().toISOString(), unit: 'month' as const, zone: 'America/Toronto' };
    const figures = outcomeReportQueries.figures(year);
    const { plan, read, rows } = await withTablesCopied(['outcome_responses', 'therapy_sessions', 'ruptures'], fill, async (db) => ({
      plan: await planOf(db, figures),
      read: await rowsRead(db, figures),
      rows: (await db.query(figures.text, figures.values as unknown[])).rows as { couples: number }[],
    }));
    const scans = (table: string) => planNodes(plan).filter((n) => n['Relation Name'] === table);
    expect(rows.reduce((sum, r) => sum + r.couples, 0)).toBeGreaterThan(0);
    // One count of each per couple and period, read from the index alone (the copies' indexes are those of
    // therapy_sessions_couple_completed_idx and ruptures_couple_occurred_idx).
    expect(scans('therapy_sessions').map((n) => n['Node Type'])).toEqual(['Index Only Scan']);
    expect(scans('ruptures').map((n) => n['Node Type'])).toEqual(['Index Only Scan']);
    // At most every session and rupture once (52 and 120 a couple), where a count per period read each
    // couple's ruptures since its first measurement again for every month.
    expect(read.get('therapy_sessions')).toBeLessThanOrEqual(COUPLES * 52);
    expect(read.get('ruptures')).toBeLessThanOrEqual(COUPLES * 120);
  });
});
