import { randomUUID } from 'node:crypto';
import { AuditTrail } from '../../src/common/audit/audit-trail';
import { keyset, KeyedRow } from '../../src/common/pagination/keyset';
import { SqlParams } from '../../src/database/sql-params';
import { statement } from '../../src/database/statement';
import { useQueryDatabase } from './query-database';

describe('AuditTrail on the real database', () => {
  const t = useQueryDatabase();
  const ids = [randomUUID(), randomUUID(), randomUUID()].sort();
  const order = keyset({ column: 'v.id', type: 'uuid' });
  const select = (cursor?: string) => {
    const p = new SqlParams();
    const values = ids.map((id) => `(${p.add(id)}::uuid)`).join(', ');
    return statement<{ id: string } & KeyedRow>(`SELECT v.id, ${order.key} FROM (VALUES ${values}) v(id) WHERE ${order.after(cursor, p)} ORDER BY ${order.orderBy} LIMIT ${order.limit(2)}`, p);
  };
  const eventsOf = async (requestId: string) =>
    (await t.db.query(`SELECT action, resource_id, client_ids::text[] AS client_ids FROM audit_events WHERE request_id = $1 ORDER BY seq`, [requestId])) as {
      action: string;
      resource_id: string | null;
      client_ids: string[];
    }[];

  it('audits the rows of a page it returns, not the extra row that says another page exists', async () => {
    const audit = new AuditTrail(t.db);
    const actor = { kind: 'user' as const, id: randomUUID(), role: 'admin' as const, requestId: randomUUID() };
    const page = await audit.readPage(actor, select(), order, 2, { action: 'list', resourceType: 'client', clientIds: 'ARRAY[rows.id]' }, (r) => r.id);
    expect(page.data).toEqual(ids.slice(0, 2));
    expect(await eventsOf(actor.requestId)).toEqual([{ action: 'list', resource_id: null, client_ids: ids.slice(0, 2) }]);

    const next = { ...actor, requestId: randomUUID() };
    const last = await audit.readPage(next, select(page.nextCursor as string), order, 2, { action: 'list', resourceType: 'client', clientIds: 'ARRAY[rows.id]' }, (r) => r.id);
    expect(last).toEqual({ data: [ids[2]], nextCursor: null });
    expect(await eventsOf(next.requestId)).toEqual([{ action: 'list', resource_id: null, client_ids: [ids[2]] }]);
  });

  it('writes one event per record read with readOne, and none when nothing was found', async () => {
    const audit = new AuditTrail(t.db);
    const actor = { kind: 'user' as const, id: randomUUID(), role: 'admin' as const, requestId: randomUUID() };
    const one = statement<{ id: string }>('SELECT $1::uuid AS id WHERE $2::boolean', [ids[0], true]);
    expect(await audit.readOne(actor, one, { action: 'read', resourceType: 'client', resourceId: 'rows.id', clientIds: 'ARRAY[rows.id]' })).toEqual({ id: ids[0] });
    const none = statement<{ id: string }>('SELECT $1::uuid AS id WHERE $2::boolean', [ids[0], false]);
    expect(await audit.readOne(actor, none, { action: 'read', resourceType: 'client', resourceId: 'rows.id', clientIds: 'ARRAY[rows.id]' })).toBeUndefined();
    expect(await eventsOf(actor.requestId)).toEqual([{ action: 'read', resource_id: ids[0], client_ids: [ids[0]] }]);
  });
});
