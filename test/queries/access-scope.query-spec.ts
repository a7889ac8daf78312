import { randomUUID } from 'node:crypto';
import { AccessScope } from '../../src/common/access/access-scope';
import { accessQueries } from '../../src/common/access/access.queries';
import { UserActor } from '../../src/common/auth/roles';
import { rows } from '../../src/database/statement';
import { useQueryDatabase } from './query-database';

describe('AccessScope on the real database', () => {
  const t = useQueryDatabase();
  const ids = { therapist: randomUUID(), other: randomUUID(), admin: randomUUID(), portal: randomUUID(), a: randomUUID(), b: randomUUID(), solo: randomUUID(), couple: randomUUID() };
  const actor = (id: string, role: UserActor['role']) => new AccessScope({ kind: 'user', id, role });

  beforeAll(async () => {
    const user = (id: string, role: string) =>
      t.db.query(`INSERT INTO users (id, email, role, display_name) VALUES ($1, $2, $3, 'Someone')`, [id, `${id}@example.ca`, role]);
    await user(ids.therapist, 'therapist');
    await user(ids.other, 'therapist');
    await user(ids.admin, 'admin');
    await user(ids.portal, 'client');
    const client = (id: string, therapist: string, portal: string | null) =>
      t.db.query(`INSERT INTO clients (id, legal_name, date_of_birth, primary_therapist_id, portal_user_id) VALUES ($1, 'A client', '1980-01-01', $2, $3)`, [id, therapist, portal]);
    await client(ids.a, ids.therapist, ids.portal);
    // On the other therapist's caseload, but a partner in a couple the first therapist sees.
    await client(ids.b, ids.other, null);
    await client(ids.solo, ids.other, null);
    await t.db.query(`INSERT INTO couples (id, partner_a_id, partner_b_id, therapist_id, started_on) VALUES ($1, $2, $3, $4, '2026-01-01')`, [ids.couple, ids.a, ids.b, ids.therapist]);
  });

  const reach = async (scope: AccessScope) =>
    (await rows(t.db, accessQueries.reachableClients(scope, [ids.a, ids.b, ids.solo]))).map((r) => r.id).sort();

  it('gives a therapist their caseload and the partners of their couples', async () => {
    expect(await reach(actor(ids.therapist, 'therapist'))).toEqual([ids.a, ids.b].sort());
    expect(await reach(actor(ids.other, 'therapist'))).toEqual([ids.b, ids.solo].sort());
  });

  it('gives a client their own record only, an admin every record, an API key none', async () => {
    expect(await reach(actor(ids.portal, 'client'))).toEqual([ids.a]);
    expect(await reach(actor(ids.admin, 'admin'))).toEqual([ids.a, ids.b, ids.solo].sort());
    expect(await reach(new AccessScope({ kind: 'apiKey', id: randomUUID(), scopes: ['reports:read'] }))).toEqual([]);
  });

  it('gives a couple to its therapist and its partners only', async () => {
    const couples = async (scope: AccessScope) => (await rows(t.db, accessQueries.reachableCouples(scope, [ids.couple]))).length;
    expect(await couples(actor(ids.therapist, 'therapist'))).toBe(1);
    expect(await couples(actor(ids.portal, 'client'))).toBe(1);
    expect(await couples(actor(ids.other, 'therapist'))).toBe(0);
  });
});
