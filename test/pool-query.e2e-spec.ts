import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AuditTrail } from '../src/common/audit/audit-trail';
import { UserActor } from '../src/common/auth/roles';
import { ClientRow, clientsQueries } from '../src/clients/clients.queries';
import { AccessScope } from '../src/common/access/access-scope';
import { poolQuery } from '../src/database/pool-query';
import { preparedName } from '../src/database/prepared-names';
import { first, rows, statement } from '../src/database/statement';
import { createClient } from './clinic-factories';
import { createTherapist, loginAs } from './factories';
import { useApp } from './use-app';

/** The hot statements go straight to TypeORM's pg pool; transactions keep their own connection. */
describe('statements on the pool', () => {
  const t = useApp({ validateResponses: false });
  let audit: AuditTrail;
  let pool: Pool;
  beforeAll(async () => {
    audit = t.app.get(AuditTrail);
    pool = (t.db.driver as PostgresDriver).master as Pool;
  });

  const auditRowsOf = async (requestId: string) =>
    (await t.db.query(`SELECT action, resource_id, client_ids::text[] AS client_ids FROM audit_events WHERE request_id = $1`, [requestId])) as {
      action: string;
      resource_id: string;
      client_ids: string[];
    }[];

  it('gives rows as DataSource.query does', async () => {
    const sql = `SELECT $1::int AS n, $2::text AS label, now() AS at`;
    const [direct] = await poolQuery<{ n: number; label: string; at: Date }>(t.db, sql, [7, 'seven']);
    expect(direct).toEqual({ n: 7, label: 'seven', at: expect.any(Date) });
    expect(Object.keys(direct)).toEqual(Object.keys((await t.db.query(sql, [7, 'seven']))[0]));
  });

  it('fails with QueryFailedError and the SQLSTATE, and keeps the connection in the pool', async () => {
    await poolQuery(t.db, 'SELECT 1');
    const connections = pool.totalCount;
    const failure = await poolQuery(t.db, 'SELECT $1::uuid', ['not a uuid']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError).driverError).toMatchObject({ code: '22P02' });
    expect(pool.totalCount).toBe(connections);
    expect(pool.idleCount).toBe(pool.totalCount);
    await expect(poolQuery(t.db, 'SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('reads and audits in one statement outside a transaction', async () => {
    const therapist = await createTherapist(t);
    const client = await createClient(t, therapist);
    const actor: UserActor = { kind: 'user', id: therapist.id, role: 'therapist', requestId: `pool-${randomUUID()}`, sourceAddress: '127.0.0.1' };
    const rows = await audit.read(actor, clientsQueries.client(new AccessScope(actor), client.id), {
      action: 'read',
      resourceType: 'client',
      resourceId: 'rows.id',
      clientIds: 'ARRAY[rows.id]',
    });
    expect(rows.map((r) => r.id)).toEqual([client.id]);
    expect(await auditRowsOf(actor.requestId as string)).toEqual([{ action: 'read', resource_id: client.id, client_ids: [client.id] }]);
  });

  it('reads on the transaction’s connection when given its manager: it sees the transaction, and rolls back with it', async () => {
    const therapist = await createTherapist(t);
    const actor: UserActor = { kind: 'user', id: therapist.id, role: 'therapist', requestId: `pool-${randomUUID()}`, sourceAddress: '127.0.0.1' };
    const rollback = new Error('roll back');
    let seen: ClientRow[] = [];
    let clientId = '';
    await expect(
      t.db.transaction(async (tx) => {
        [{ id: clientId }] = await tx.query(
          `INSERT INTO clients (legal_name, date_of_birth, primary_therapist_id) VALUES ('Uncommitted Client', '1990-01-01', $1) RETURNING id`,
          [therapist.id],
        );
        const select = clientsQueries.client(new AccessScope(actor), clientId);
        seen = await audit.read(actor, select, { action: 'read', resourceType: 'client', resourceId: 'rows.id', clientIds: 'ARRAY[rows.id]' }, tx);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(seen.map((r) => r.legal_name)).toEqual(['Uncommitted Client']);
    expect(await t.db.query('SELECT id FROM clients WHERE id = $1', [clientId])).toEqual([]);
    expect(await auditRowsOf(actor.requestId as string)).toEqual([]);
  });

  it('still checks the caller is active on every request', async () => {
    const therapist = await createTherapist(t);
    const session = await loginAs(t, therapist);
    const client = await createClient(t, therapist);
    await request(t.http).get(`/api/v1/clients/${client.id}`).set(session.auth).expect(200);
    await t.db.query('UPDATE users SET active = false WHERE id = $1', [therapist.id]);
    const res = await request(t.http).get(`/api/v1/clients/${client.id}`).set(session.auth).expect(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('runs statements on the pool as named prepared statements, and a failed one leaves its connection usable', async () => {
    const own = statement<{ prepared: number }>('SELECT count(*)::int AS prepared FROM pg_prepared_statements WHERE name = $1', []);
    const name = preparedName(own.text) as string;
    const asked = statement<{ prepared: number }>(own.text, [name]);
    // The statement finds itself prepared under its name, on whichever pool connection runs it.
    for (let i = 0; i < 12; i++) expect(await first(t.db, asked)).toEqual({ prepared: 1 });
    const failing = statement('SELECT $1::uuid AS id', ['not a uuid']);
    for (let i = 0; i < 12; i++) await expect(rows(t.db, failing)).rejects.toBeInstanceOf(QueryFailedError);
    await expect(rows(t.db, statement<{ id: string }>(failing.text, ['00000000-0000-4000-8000-000000000000']))).resolves.toEqual([{ id: '00000000-0000-4000-8000-000000000000' }]);
    expect(pool.idleCount).toBe(pool.totalCount);
  });
});
