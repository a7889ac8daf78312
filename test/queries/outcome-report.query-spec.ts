import type { Client } from 'pg';
import { outcomeReportQueries } from '../../src/reports/outcome-report.queries';
import { planNodes, planOf, rowsRead, withTablesCopied } from './query-database';

/**
 * The outcome report reads each measured couple's completed sessions and ruptures once, from the
 * indexes that hold them, however many periods the couple is measured in. Inlined into the band's
 * CASE and four FILTERed aggregates, the counts ran two and four times over, from the heap: 4.3 s for
 * a year by month on the seeded clinic (164,309 responses, 300,000 sessions, 1,000,000 ruptures);
 * counted once per couple and period, each period read again every rupture since the couple's first
 * measurement: 1.2 s; read once per couple, with each partner's measurements in one ordered pass, 0.8 s.
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

  it('counts between each couple’s first and latest measurement in the period, a measurement being its correction chain', async () => {
    // A month is 10:00 in Toronto on these days; `md5(name)` makes the ids.
    const at = (day: string) => `'2026-${day}T15:00:00Z'`;
    const answers = [
      // Couple A: a1 started below; in February a1 ends below (02-25), in March below (03-02) and then above. a2 started above;
      // in March a2 answered below on 03-12, corrected to above on 03-25: that measurement is dated 03-12.
      ['a', 'a1', 0, '01-05', true], ['a', 'a1', 1, '02-03', true], ['a', 'a1', 2, '02-25', true], ['a', 'a1', 3, '03-02', true], ['a', 'a1', 4, '03-10', false],
      ['a', 'a2', 0, '01-05', false], ['a', 'a2', 1, '02-10', false], ['a', 'a2', 2, '03-12', true],
      // Couple B started above (b1 fell below later): not counted. Couple C: both below, then both above.
      ['b', 'b1', 0, '01-05', false], ['b', 'b2', 0, '01-05', false], ['b', 'b1', 1, '02-10', true], ['b', 'b1', 2, '03-10', false], ['b', 'b2', 1, '03-10', false],
      ['c', 'c1', 0, '01-05', true], ['c', 'c2', 0, '01-05', true], ['c', 'c1', 1, '03-20', false], ['c', 'c2', 1, '03-20', false],
    ] as const;
    const response = (id: string, couple: string, client: string, occasion: number, answered: string, below: boolean, corrects = 'NULL', instrument = 'csi-4') =>
      `(md5('${id}')::uuid, md5('assignment-${couple}-${instrument}')::uuid, md5('${couple}')::uuid, md5('${client}')::uuid, md5('${client}')::uuid, '${instrument}', 1, ${occasion}, '[]', ${below ? 10 : 16}, ${below}, ${corrects}, ${answered})`;
    const fill = async (db: Client) => {
      const rows = answers.map(([couple, client, occasion, day, below]) => response(`${client}-${occasion}`, couple, client, occasion, at(day), below));
      // a2's March answer corrected before the report's end; a1's March answer corrected after it (not seen).
      rows.push(response('a2-2-fix', 'a', 'a2', 2, at('03-25'), false, `md5('a2-2')::uuid`));
      rows.push(response('a1-4-fix', 'a', 'a1', 4, at('04-10'), true, `md5('a1-4')::uuid`));
      // C on a second instrument too, over a shorter span: its own periods, first and latest measurements.
      for (const [client, occasion, day, below] of [['c1', 0, '02-01', true], ['c2', 0, '02-01', false], ['c1', 1, '03-05', false], ['c2', 1, '03-05', false]] as const) {
        rows.push(response(`${client}-16-${occasion}`, 'c', client, occasion, at(day), below, 'NULL', 'csi-16'));
      }
      await db.query(
        `INSERT INTO outcome_responses (id, assignment_id, couple_id, client_id, answered_by_user_id, instrument, instrument_version, occasion, answers, total, below_cutoff, corrects_id, answered_at)
         VALUES ${rows.join(', ')}`,
      );
      // A's completed sessions: one after February's latest, one after March's. C's six: the first at its first measurement exactly.
      const sessions = [['a', '01-10'], ['a', '02-01'], ['a', '02-26'], ['a', '03-11'], ['a', '03-20'],
        ...['01-05', '01-12', '01-19', '01-26', '02-02', '02-09'].map((day) => ['c', day])];
      await db.query(
        `INSERT INTO therapy_sessions (therapist_id, couple_id, during, busy_time_id, modality, status, completed_at, created_by)
         VALUES ${sessions.map(([couple, day]) => `(md5('t')::uuid, md5('${couple}')::uuid, tstzrange(${at(day)}::timestamptz - interval '50 minutes', ${at(day)}), gen_random_uuid(), 'video', 'completed', ${at(day)}, md5('t')::uuid)`).join(', ')}`,
      );
      // A's ruptures: one before its first measurement, one at it and one at February's latest exactly (not repaired), one after March's.
      const ruptures = [['01-04', true], ['01-05', false], ['01-20', true], ['02-25', false], ['03-01', true], ['03-20', true]] as const;
      await db.query(
        `INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, description, severity, kind, stage, recognized_at, initiated_at, completed_at)
         VALUES ${ruptures.map(([day, repaired]) => `(md5('a')::uuid, ${at(day)}, md5('t')::uuid, 'therapist', 'r', 'minor', 'other', '${repaired ? 'completed' : 'reported'}', ${repaired ? 'now()' : 'NULL'}, ${repaired ? 'now()' : 'NULL'}, ${repaired ? 'now()' : 'NULL'})`).join(', ')}`,
      );
    };
    const figures = outcomeReportQueries.figures({ from: '2026-01-01T05:00:00Z', to: '2026-04-01T04:00:00Z', unit: 'month', zone: 'America/Toronto' });
    const rows = await withTablesCopied(['outcome_responses', 'therapy_sessions', 'ruptures'], fill, async (db) => (await db.query(figures.text, figures.values as unknown[])).rows);
    const figure = (period: string, band: string, moved: number, withRuptures: [number, number], rates: [string | null, string | null], instrument = 'csi-4') => ({
      period, instrument, band, couples: 1, moved, moved_with_ruptures: withRuptures[0], stayed_with_ruptures: withRuptures[1],
      repair_rate_moved: rates[0], repair_rate_stayed: rates[1],
    });
    // January: no one measured twice. February: A, 1 of 3 ruptures repaired from 01-05 to 02-25 (both ends counted), not moved.
    // March: A moved, 4 sessions and 2 of 4 ruptures up to 03-12 (the corrected answer's date, not the correction's); C moved
    // after 6 sessions, counting the one at its first measurement, and on the CSI-16 after the 2 from 02-01 to 03-05.
    expect(rows).toEqual([
      figure('2026-02-01', '0-5', 0, [0, 1], [null, '0.3333']),
      figure('2026-03-01', '0-5', 1, [0, 0], [null, null], 'csi-16'),
      figure('2026-03-01', '0-5', 1, [1, 0], ['0.5000', null]),
      figure('2026-03-01', '6-11', 1, [0, 0], [null, null]),
    ]);
  });
});
