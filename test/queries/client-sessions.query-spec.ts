import type { Client } from 'pg';
import { AccessScope } from '../../src/common/access/access-scope';
import { calendarQueries } from '../../src/calendar/calendar.queries';
import { notificationQueries } from '../../src/notifications/notifications.queries';
import { therapySessionQueries } from '../../src/therapy-sessions/therapy-sessions.queries';
import { md5Uuid, planNodes, planOf, rowsRead, withTablesCopied } from './query-database';

/**
 * A client's sessions (their calendar feed, their list, a therapist's list filtered to them, their
 * upcoming reminders) are found from the client and couple indexes, and each session's partners are
 * read for that session alone. Asked of each session ("is the caller in it?"), a client's feed read
 * every session of the clinic from its start on (230 ms on the seeded year's 300,000 sessions); and
 * naming each session's partners by joining the couples read all 10,000 couples of the seeded year for
 * a partner's page of 20 (5 ms), and a therapist's feed all couples and clients (23 ms).
 */
describe('A client’s sessions', () => {
  const SESSIONS = 60_000;
  const COUPLES = 3000;
  const PORTAL_USER = '00000000-0000-4000-8000-0000000000aa';
  const THERAPIST = md5Uuid('1');
  const TABLES = ['therapy_sessions', 'clients', 'couples', 'couple_memberships', 'users'];

  // Sessions every 10 minutes from now on (g = 1, 2, …), by 50 therapists; even ones for a couple, odd
  // ones for one client. Client 1 (the portal user's) is partner A of couple 1 and has sessions of their
  // own too: g = 3, 12003, … alone (5) and g = 2, 6002, … with their partner (10), all with therapist 1.
  const fill = async (db: Client) => {
    await db.query(
      `INSERT INTO therapy_sessions (therapist_id, during, busy_time_id, modality, status, couple_id, client_id, created_by)
       SELECT md5(((g / 2) % 50)::text)::uuid, tstzrange(now() + g * interval '10 minutes', now() + g * interval '10 minutes' + interval '50 minutes'),
              gen_random_uuid(), 'video', 'scheduled',
              CASE WHEN g % 2 = 0 THEN md5('couple' || ((g / 2) % ${COUPLES}))::uuid END,
              CASE WHEN g % 2 = 1 THEN md5('client' || ((g / 2) % ${2 * COUPLES}))::uuid END,
              md5('staff')::uuid
         FROM generate_series(1, ${SESSIONS}) g`,
    );
    await db.query(`INSERT INTO users (id, email, role, display_name) SELECT md5(g::text)::uuid, g || '@staff.test', 'therapist', 'T' FROM generate_series(0, 49) g`);
    await db.query(
      `INSERT INTO clients (id, legal_name, date_of_birth, primary_therapist_id, portal_user_id)
       SELECT md5('client' || g)::uuid, 'C', '1990-01-01', md5((g % 50)::text)::uuid, CASE WHEN g = 1 THEN '${PORTAL_USER}'::uuid ELSE gen_random_uuid() END
         FROM generate_series(0, ${2 * COUPLES - 1}) g`,
    );
    await db.query(
      `INSERT INTO couples (id, partner_a_id, partner_b_id, therapist_id, started_on)
       SELECT md5('couple' || g)::uuid, md5('client' || g)::uuid, md5('client' || (g + ${COUPLES}))::uuid, md5((g % 50)::text)::uuid, '2026-01-01'
         FROM generate_series(0, ${COUPLES - 1}) g`,
    );
    await db.query(
      `INSERT INTO couple_memberships (couple_id, client_id, current)
       SELECT id, partner_a_id, true FROM couples UNION ALL SELECT id, partner_b_id, true FROM couples`,
    );
  };

  it('are read from the client and couple indexes, not from every session of the clinic', async () => {
    const scope = new AccessScope({ kind: 'user', id: PORTAL_USER, role: 'client' });
    const feed = calendarQueries.feedSessions(scope, new Date());
    const plan = await withTablesCopied(TABLES, fill, (db) => planOf(db, feed));
    const reads = planNodes(plan).filter((n) => n['Relation Name'] === 'therapy_sessions');
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(read['Plan Rows']).toBeLessThan(SESSIONS / 100);
  });

  it('name each session’s partners without reading every couple of the clinic', async () => {
    const client = new AccessScope({ kind: 'user', id: PORTAL_USER, role: 'client' });
    const therapist = new AccessScope({ kind: 'user', id: THERAPIST, role: 'therapist' });
    const statements = {
      partnersPage: therapySessionQueries.list(client, { limit: 20 }),
      partnersFeed: calendarQueries.feedSessions(client, new Date()),
      therapistsFeed: calendarQueries.feedSessions(therapist, new Date()),
      // Client 1's sessions with their therapist (therapist 1): individual ones and their couple's.
      therapistsPageOfClient: therapySessionQueries.list(therapist, { limit: 20, clientId: md5Uuid('client1') }),
      upcomingOfClient: notificationQueries.upcomingSessionsOf(md5Uuid('client1')),
    };
    const { reads, answers } = await withTablesCopied(TABLES, fill, async (db) => {
      const reads: Record<string, Map<string, number>> = {};
      const answers: Record<string, { client_ids?: string[] }[]> = {};
      for (const [name, statement] of Object.entries(statements)) {
        reads[name] = await rowsRead(db, statement);
        answers[name] = (await db.query(statement.text, statement.values as unknown[])).rows;
      }
      return { reads, answers };
    });
    const alone = [md5Uuid('client1')];
    const together = [md5Uuid('client1'), md5Uuid(`client${1 + COUPLES}`)];
    for (const name of ['partnersPage', 'partnersFeed', 'therapistsPageOfClient', 'upcomingOfClient']) expect({ name, rows: answers[name].length }).toEqual({ name, rows: 15 });
    for (const name of ['partnersPage', 'partnersFeed', 'therapistsPageOfClient']) {
      expect(answers[name].filter((r) => JSON.stringify(r.client_ids) === JSON.stringify(alone))).toHaveLength(5);
      expect(answers[name].filter((r) => JSON.stringify(r.client_ids) === JSON.stringify(together))).toHaveLength(10);
    }
    expect(answers.therapistsFeed).toHaveLength(SESSIONS / 50);
    // Each statement reads the sessions it answers (and an index recheck's few) and their couples, no more.
    const overread = Object.entries(reads).flatMap(([name, read]) => {
      const answered = answers[name].length;
      const limits: Record<string, number> = { couples: answered, therapy_sessions: answered + 2, clients: answered + 1 };
      return Object.entries(limits).filter(([table, limit]) => (read.get(table) ?? 0) > limit).map(([table]) => `${name} read ${read.get(table)} rows of ${table} for ${answered} sessions`);
    });
    expect(overread).toEqual([]);
  });
});
