import type { Client } from 'pg';
import { AccessScope } from '../../src/common/access/access-scope';
import { calendarQueries } from '../../src/calendar/calendar.queries';
import { planNodes, planOf, withTablesCopied } from './query-database';

/**
 * A client's sessions (their calendar feed, their list) are found from the client and couple indexes.
 * Asked of each session ("is the caller in it?"), a client's feed read every session of the clinic
 * from its start on: 230 ms on the seeded year's 300,000 sessions, growing with the clinic.
 */
describe('A client’s sessions', () => {
  const SESSIONS = 60_000;
  const PORTAL_USER = '00000000-0000-4000-8000-0000000000aa';

  it('are read from the client and couple indexes, not from every session of the clinic', async () => {
    const fill = async (db: Client) => {
      await db.query(
        `INSERT INTO therapy_sessions (therapist_id, during, busy_time_id, modality, status, couple_id, client_id, created_by)
         SELECT md5((g % 50)::text)::uuid, tstzrange(now() + g * interval '10 minutes', now() + g * interval '10 minutes' + interval '50 minutes'),
                gen_random_uuid(), 'video', 'scheduled',
                CASE WHEN g % 2 = 0 THEN md5('couple' || (g % 3000))::uuid END, CASE WHEN g % 2 = 1 THEN md5('client' || (g % 3000))::uuid END,
                md5('staff')::uuid
           FROM generate_series(1, ${SESSIONS}) g`,
      );
      await db.query(`INSERT INTO users (id, email, role, display_name) SELECT md5(g::text)::uuid, g || '@staff.test', 'therapist', 'T' FROM generate_series(0, 49) g`);
      await db.query(
        `INSERT INTO clients (id, legal_name, date_of_birth, primary_therapist_id, portal_user_id)
         SELECT md5('client' || g)::uuid, 'C', '1990-01-01', md5((g % 50)::text)::uuid, CASE WHEN g = 1 THEN '${PORTAL_USER}'::uuid ELSE gen_random_uuid() END
           FROM generate_series(0, 5999) g`,
      );
      await db.query(
        `INSERT INTO couples (id, partner_a_id, partner_b_id, therapist_id, started_on)
         SELECT md5('couple' || g)::uuid, md5('client' || g)::uuid, md5('client' || (g + 3000))::uuid, md5((g % 50)::text)::uuid, '2026-01-01'
           FROM generate_series(0, 2999) g`,
      );
    };
    const scope = new AccessScope({ kind: 'user', id: PORTAL_USER, role: 'client' });
    const feed = calendarQueries.feedSessions(scope, new Date());
    const plan = await withTablesCopied(['therapy_sessions', 'clients', 'couples', 'users'], fill, (db) => planOf(db, feed));
    const reads = planNodes(plan).filter((n) => n['Relation Name'] === 'therapy_sessions');
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(read['Plan Rows']).toBeLessThan(SESSIONS / 100);
  });
});
