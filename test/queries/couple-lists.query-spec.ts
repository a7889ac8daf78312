import type { Client } from 'pg';
import { AccessScope } from '../../src/common/access/access-scope';
import { couplesQueries } from '../../src/couples/couples.queries';
import { md5Uuid, rowsRead, withTablesCopied } from './query-database';

/**
 * Couple lists read a page, not the clinic: the whole clinic's (admins) from an index in the list's
 * order, a client's from their memberships of couples. Before, the first joined and sorted every
 * couple (60 ms at the seeded year's 10,000), and the second asked every couple whether the caller
 * was one of its partners.
 */
describe('Couple lists', () => {
  const COUPLES = 10_000;
  const ADMIN = '00000000-0000-4000-8000-0000000000ad';
  const PORTAL_USER = '00000000-0000-4000-8000-0000000000aa';

  const fill = async (db: Client) => {
    await db.query(
      `INSERT INTO clients (id, legal_name, date_of_birth, primary_therapist_id, portal_user_id)
       SELECT md5('client' || g)::uuid, 'C' || g, '1990-01-01', md5((g % 50)::text)::uuid, CASE WHEN g = 7 THEN '${PORTAL_USER}'::uuid END
         FROM generate_series(1, ${COUPLES * 2}) g`,
    );
    await db.query(
      `INSERT INTO couples (id, partner_a_id, partner_b_id, therapist_id, started_on)
       SELECT md5('couple' || g)::uuid, md5('client' || (2 * g - 1))::uuid, md5('client' || (2 * g))::uuid, md5((g % 50)::text)::uuid,
              date '2020-01-01' + (g % 2000)
         FROM generate_series(1, ${COUPLES}) g`,
    );
    await db.query(
      `INSERT INTO couple_memberships (couple_id, client_id, current)
       SELECT id, partner_a_id, true FROM couples UNION ALL SELECT id, partner_b_id, true FROM couples`,
    );
  };

  it('read a page of the clinic’s couples, and a client’s own couples, whatever the number of couples', async () => {
    const admin = new AccessScope({ kind: 'user', id: ADMIN, role: 'admin' });
    const client = new AccessScope({ kind: 'user', id: PORTAL_USER, role: 'client' });
    const adminList = couplesQueries.list(admin, { limit: 20 });
    const clientList = couplesQueries.list(client, { limit: 20 });
    // Client 2 is partner B of couple 1, which started on 2020-01-02: the last in the list's order but one.
    const adminListOfClient = couplesQueries.list(admin, { limit: 20, clientId: md5Uuid('client2') });
    const { reads, adminPage, clientPage, adminPageOfClient } = await withTablesCopied(['clients', 'couples', 'couple_memberships'], fill, async (db) => ({
      reads: { admin: await rowsRead(db, adminList), client: await rowsRead(db, clientList), adminOfClient: await rowsRead(db, adminListOfClient) },
      adminPageOfClient: (await db.query(adminListOfClient.text, adminListOfClient.values as unknown[])).rows.map((r: { id: string }) => r.id),
      adminPage: (await db.query(adminList.text, adminList.values as unknown[])).rows.map((r: { started_on: string }) => r.started_on),
      clientPage: (await db.query(clientList.text, clientList.values as unknown[])).rows.map((r: { id: string }) => r.id),
    }));
    // The latest started first (couples 1999, 3999, … started on the last day).
    expect(adminPage).toHaveLength(21);
    expect(adminPage[0]).toBe('2025-06-22'); // 2020-01-01 + 1,999 days
    expect(clientPage).toHaveLength(1); // client 7 is partner A of couple 4
    expect(reads.admin.get('couples')).toBeLessThan(100);
    expect(reads.client.get('couples')).toBeLessThan(10);
    // A client's couples in the clinic's list: their memberships, not every couple asked in turn.
    expect(adminPageOfClient).toEqual([md5Uuid('couple1')]);
    expect(reads.adminOfClient.get('couples')).toBeLessThan(10);
  });
});
