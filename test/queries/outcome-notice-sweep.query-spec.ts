import type { Client } from 'pg';
import { outcomeQueries } from '../../src/outcomes/outcomes.queries';
import { rowsRead, withTablesCopied } from './query-database';

/**
 * The notice sweep (every 15 minutes, each process) looks at every scheduled questionnaire. It
 * counted each couple's completed sessions for all of them, though only a schedule by sessions uses
 * the count: 1.5 s of its 2 s on the seeded year, where every questionnaire repeats by weeks.
 */
describe('The outcome notice sweep', () => {
  const COUPLES = 2_000;

  it('counts completed sessions for schedules by sessions only', async () => {
    const fill = async (db: Client) => {
      await db.query(
        `INSERT INTO couples (id, partner_a_id, partner_b_id, therapist_id, started_on)
         SELECT md5('couple' || g)::uuid, gen_random_uuid(), gen_random_uuid(), md5('staff')::uuid, '2026-01-01' FROM generate_series(1, ${COUPLES}) g`,
      );
      // One questionnaire in ten repeats by sessions; the rest by weeks.
      await db.query(
        `INSERT INTO outcome_assignments (couple_id, instrument, schedule_kind, every, shares_totals, assigned_by_user_id, assigned_at)
         SELECT md5('couple' || g)::uuid, 'csi-4', CASE WHEN g % 10 = 0 THEN 'sessions' ELSE 'weeks' END, 4, false, md5('staff')::uuid, timestamptz '2026-01-01T00:00Z'
           FROM generate_series(1, ${COUPLES}) g`,
      );
      await db.query(
        `INSERT INTO therapy_sessions (therapist_id, during, busy_time_id, modality, status, completed_at, couple_id, created_by)
         SELECT md5('staff')::uuid, tstzrange(t, t + interval '50 minutes'), gen_random_uuid(), 'video', 'completed', t + interval '50 minutes',
                md5('couple' || (g % ${COUPLES} + 1))::uuid, md5('staff')::uuid
           FROM generate_series(1, ${COUPLES * 5}) g, LATERAL (SELECT timestamptz '2026-02-01T00:00Z' + g * interval '10 minutes' AS t) x`,
      );
    };
    const sweep = outcomeQueries.scheduled(new Date('2026-12-01T00:00:00Z'));
    const { read, counts } = await withTablesCopied(['couples', 'outcome_assignments', 'therapy_sessions', 'outcome_notices'], fill, async (db) => ({
      read: await rowsRead(db, sweep),
      counts: (await db.query(sweep.text, sweep.values as unknown[])).rows.map((r: { schedule_kind: string; completed_sessions: number }) => [r.schedule_kind, r.completed_sessions]),
    }));
    expect(counts).toHaveLength(COUPLES);
    // Each couple completed five sessions: counted where the schedule is by sessions.
    expect(counts.filter(([kind]) => kind === 'sessions').every(([, n]) => n === 5)).toBe(true);
    expect(counts.filter(([kind]) => kind === 'sessions')).toHaveLength(COUPLES / 10);
    expect(read.get('therapy_sessions') ?? 0).toBeLessThanOrEqual((COUPLES / 10) * 5);
  });
});
