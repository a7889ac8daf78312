import type { Client } from 'pg';
import { clientsQueries } from '../../src/clients/clients.queries';
import { ListClientsQuery } from '../../src/clients/dto/list-clients.query';
import { AccessScope } from '../../src/common/access/access-scope';
import { rowsRead, withTablesCopied } from './query-database';

/**
 * What a client read costs does not grow with the clinic: a therapist's list reads their caseload,
 * and a client's last contact (on every client read) reads their own couples' rows.
 */
describe('Client reads', () => {
  const CLIENTS = 20_000;
  const THERAPISTS = 50;
  const THERAPIST = '00000000-0000-4000-8000-0000000000aa';

  it('list a therapist’s first page from their caseload, not from every client the name order walks past', async () => {
    // The therapist's clients sort last, as some therapist's always do: walked in name order and
    // asked of each, the first page read every other client of the clinic first.
    const fill = async (db: Client) => {
      await db.query(
        `INSERT INTO clients (id, legal_name, date_of_birth, primary_therapist_id)
         SELECT md5('client' || g)::uuid, CASE WHEN g % ${THERAPISTS} = 0 THEN 'Zoltan ' ELSE 'Abel ' END || g, '1990-01-01',
                CASE WHEN g % ${THERAPISTS} = 0 THEN '${THERAPIST}'::uuid ELSE md5((g % ${THERAPISTS})::text)::uuid END
           FROM generate_series(1, ${CLIENTS}) g`,
      );
      await db.query(
        `INSERT INTO couples (id, partner_a_id, partner_b_id, therapist_id, started_on)
         SELECT md5('couple' || g)::uuid, md5('client' || (2 * g + 1))::uuid, md5('client' || (2 * g + 3))::uuid,
                CASE WHEN g % ${THERAPISTS} = 0 THEN '${THERAPIST}'::uuid ELSE md5((g % ${THERAPISTS})::text)::uuid END, '2026-01-01'
           FROM generate_series(1, ${CLIENTS / 4}) g`,
      );
    };
    const scope = new AccessScope({ kind: 'user', id: THERAPIST, role: 'therapist' });
    const list = clientsQueries.list(scope, Object.assign(new ListClientsQuery(), { limit: 20 }));
    const { read, page, caseload } = await withTablesCopied(['clients', 'couples'], fill, async (db) => ({
      read: await rowsRead(db, list),
      page: (await db.query(list.text, list.values as unknown[])).rows.map((r: { id: string }) => r.id),
      caseload: (
        await db.query(
          `SELECT c.id FROM clients c WHERE c.primary_therapist_id = $1 OR c.id IN (SELECT unnest(ARRAY[k.partner_a_id, k.partner_b_id]) FROM couples k WHERE k.therapist_id = $1)
            ORDER BY c.legal_name, c.id LIMIT 21`,
          [THERAPIST],
        )
      ).rows.map((r: { id: string }) => r.id),
    }));
    expect(page).toEqual(caseload);
    expect(page).toHaveLength(21);
    // Their 400 clients and the partners of their 100 couples, each read once to name and once to sort.
    expect(read.get('clients')).toBeLessThan(CLIENTS / 10);
  });

  it('answer a client’s last contact from their own couples, not from every couple membership or every rupture of their couple', async () => {
    const COUPLE = '00000000-0000-4000-8000-0000000000c1';
    const CLIENT = '00000000-0000-4000-8000-0000000000c2';
    const fill = async (db: Client) => {
      await db.query(
        `INSERT INTO couple_memberships (couple_id, client_id, current)
         SELECT md5('couple' || (g / 2))::uuid, md5('client' || g)::uuid, true FROM generate_series(1, ${CLIENTS}) g`,
      );
      await db.query(`INSERT INTO couple_memberships (couple_id, client_id, current) VALUES ($1, $2, true)`, [COUPLE, CLIENT]);
      await db.query(
        `INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, description, severity, kind, updated_at)
         SELECT CASE WHEN g % 4 = 0 THEN '${COUPLE}'::uuid ELSE md5('couple' || g)::uuid END, now(), md5('staff')::uuid, 'therapist', 'R', 'minor', 'other',
                timestamptz '2026-01-01T00:00Z' + g * interval '1 minute'
           FROM generate_series(1, 12000) g`,
      );
    };
    const tables = ['couple_memberships', 'ruptures', 'therapy_sessions', 'clinical_notes', 'connection_calls', 'consents'];
    const { read, lastContact } = await withTablesCopied(tables, fill, async (db) => {
      const body = await lastContactBody(db);
      return { read: await rowsRead(db, body), lastContact: (await db.query(body.text, body.values)).rows[0].t as Date };
    });
    expect(lastContact).toEqual(new Date('2026-01-09T08:00:00Z')); // rupture 12,000, the couple's last
    expect(read.get('couple_memberships')).toBe(1);
    expect(read.get('ruptures')).toBe(1);

    /** The function's body (one expression) as a statement about CLIENT, so its plan can be read. */
    async function lastContactBody(db: Client): Promise<{ text: string; values: unknown[] }> {
      const { rows } = await db.query(`SELECT prosrc FROM pg_proc WHERE proname = 'client_last_contact'`);
      const expression = /RETURN\s*\(([\s\S]*)\);\s*END/.exec(rows[0].prosrc as string)?.[1];
      if (!expression) throw new Error('client_last_contact is not one RETURN (…) expression');
      return { text: `SELECT (${expression.replace(/\bclient\b/g, '$1::uuid')}) AS t`, values: [CLIENT] };
    }
  });
});
