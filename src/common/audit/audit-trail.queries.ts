import { SqlParams } from '../../database/sql-params';
import { statement, Statement } from '../../database/statement';
import { queryModule } from '../../database/query-module';
import { SAMPLE_ACTOR, SAMPLE_ID, SAMPLE_SCOPE } from '../../database/query-samples';
import type { AccessScope } from '../access/access-scope';
import type { AuditedCaller, AuditedReadSpec, AuditEventSpec } from './audit-trail';

/** Which rows of an audited read are recorded: a page of them in the list's order, or all. */
export interface AuditedPage {
  /** The list's order over the CTE `rows` (Keyset.orderByKey). */
  orderBy?: string;
  /** Only this many rows are answered, so only they are recorded. */
  pageSize?: number;
}

const COLUMNS = 'actor_kind, actor_id, actor_role, action, resource_type, resource_id, client_ids, request_id, source_address';

function actorValues(p: SqlParams, caller: AuditedCaller): string {
  const actor = caller && 'kind' in caller ? caller : undefined;
  return [
    p.add(actor?.kind ?? 'anonymous'),
    p.add(actor?.id ?? null),
    p.add(actor?.kind === 'user' ? actor.role : null),
  ].join(', ');
}

function origin(p: SqlParams, actor: AuditedCaller): string {
  return `${p.add(actor?.requestId ?? null)}, ${p.add(actor?.sourceAddress ?? null)}::inet`;
}

/** A client record chosen in a caller's scope, to show an audited read. */
function sampleClientRead(scope: AccessScope): Statement<{ id: string }> {
  const p = new SqlParams();
  return statement(`SELECT c.id FROM clients c WHERE c.id = ${p.add(SAMPLE_ID.client)} AND ${scope.clients(p)}`, p);
}

/**
 * The audit trail's statements: appending one event, and a read that records what it returned in
 * the same statement (a CTE), so auditing a read costs no extra round trip.
 */
export const auditTrailQueries = queryModule(
  'audit-trail',
  {
    recordEvent(actor: AuditedCaller, event: AuditEventSpec) {
      const p = new SqlParams();
      const values = [
        actorValues(p, actor),
        p.add(event.action),
        p.add(event.resourceType),
        p.add(event.resourceId),
        `${p.add(event.clientIds)}::uuid[]`,
        origin(p, actor),
      ].join(', ');
      return statement(`INSERT INTO audit_events (${COLUMNS}) VALUES (${values})`, p, 'audit-trail');
    },

    /**
     * Runs `select` and inserts its audit event: with `resourceId` one event per row, without it one
     * event listing them all. With a page, only the rows answered are recorded, in the list's order.
     * The statement keeps the select's scopes (or exemption).
     */
    auditedRead<R>(actor: AuditedCaller, select: Statement<R>, spec: AuditedReadSpec, page: AuditedPage = {}): Statement<R> {
      const p = new SqlParams();
      p.values.push(...select.values);
      for (const scope of select.scopes) p.scopes.add(scope);
      const order = page.orderBy ? ` ORDER BY ${page.orderBy}` : '';
      const source = page.pageSize === undefined ? 'rows' : `(SELECT * FROM rows${order} LIMIT ${Number(page.pageSize)}) rows`;
      const head = `${actorValues(p, actor)}, ${p.add(spec.action)}, ${p.add(spec.resourceType)}`;
      const tail = origin(p, actor);
      const insert = spec.resourceId
        ? `INSERT INTO audit_events (${COLUMNS}) SELECT ${head}, ${spec.resourceId}, ${spec.clientIds}, ${tail} FROM ${source}`
        : `INSERT INTO audit_events (${COLUMNS})
       SELECT ${head}, NULL, coalesce(array_agg(DISTINCT c) FILTER (WHERE c IS NOT NULL), '{}'), ${tail}
         FROM ${source}, unnest(${spec.clientIds}) AS c
       HAVING count(*) > 0`;
      return statement<R>(`WITH rows AS (${select.text}), audit AS (${insert}) SELECT * FROM rows${order}`, p, select.exemption);
    },
  },
  {
    recordEvent: [
      [SAMPLE_ACTOR.therapist, { action: 'update', resourceType: 'client', resourceId: SAMPLE_ID.client, clientIds: [SAMPLE_ID.client] }],
      [undefined, { action: 'read', resourceType: 'audit_chain', resourceId: null, clientIds: [] }],
    ],
    auditedRead: [
      [SAMPLE_ACTOR.therapist, sampleClientRead(SAMPLE_SCOPE.therapist), { action: 'read', resourceType: 'client', resourceId: 'rows.id', clientIds: 'ARRAY[rows.id]' }],
      [
        SAMPLE_ACTOR.admin,
        sampleClientRead(SAMPLE_SCOPE.admin),
        { action: 'list', resourceType: 'client', clientIds: 'ARRAY[rows.id]' },
        { orderBy: '(rows.id)::uuid ASC', pageSize: 20 },
      ],
    ],
  },
);
