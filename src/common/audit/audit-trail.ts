import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { poolQuery } from '../../database/pool-query';
import { SqlParams } from '../../database/sql-params';
import { Actor, RequestOrigin } from '../auth/roles';

export const AUDIT_ACTIONS = ['read', 'list', 'create', 'update', 'archive', 'purge', 'export', 'invite', 'consent', 'correct', 'feed'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEventSpec {
  action: AuditAction;
  resourceType: string;
  resourceId: string | null;
  clientIds: string[];
}

/** What the audited rows of a read contribute: SQL expressions over the CTE `rows`. */
export interface AuditedReadSpec {
  action: AuditAction;
  resourceType: string;
  /** Expression for the resource id, e.g. `rows.id`; omit for one event listing all rows. */
  resourceId?: string;
  /** Expression giving a uuid[] of the clients concerned, e.g. `ARRAY[rows.id]`. */
  clientIds: string;
  /** Only the first N rows are returned to the caller (keyset pages fetch one more). */
  limit?: number;
  /** Order of the returned rows, over the columns of `rows`. */
  orderBy?: string;
}

/** Who is audited: a signed-in person or key, or an anonymous caller known by its request's origin. */
export type AuditedCaller = Actor | RequestOrigin | undefined;

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

/**
 * The PHIPA audit trail. Writes call `record` inside their transaction; reads use `read`, which
 * returns the rows and writes their audit event in the same statement, so auditing a read costs
 * no extra round trip.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly db: DataSource) {}

  async record(manager: EntityManager, actor: AuditedCaller, event: AuditEventSpec): Promise<void> {
    const p = new SqlParams();
    const values = [
      actorValues(p, actor),
      p.add(event.action),
      p.add(event.resourceType),
      p.add(event.resourceId),
      `${p.add(event.clientIds)}::uuid[]`,
      origin(p, actor),
    ].join(', ');
    await manager.query(`INSERT INTO audit_events (${COLUMNS}) VALUES (${values})`, p.values);
  }

  /**
   * Runs `select` (built with `p`) and audits what it returned in one statement.
   * With `resourceId` each row is one event; without it, one event lists them all.
   */
  async read<T>(actor: AuditedCaller, select: string, p: SqlParams, spec: AuditedReadSpec, manager?: EntityManager): Promise<T[]> {
    const source = spec.limit === undefined ? 'rows' : `(SELECT * FROM rows LIMIT ${Number(spec.limit)}) rows`;
    const head = `${actorValues(p, actor)}, ${p.add(spec.action)}, ${p.add(spec.resourceType)}`;
    const tail = origin(p, actor);
    const insert = spec.resourceId
      ? `INSERT INTO audit_events (${COLUMNS}) SELECT ${head}, ${spec.resourceId}, ${spec.clientIds}, ${tail} FROM ${source}`
      : `INSERT INTO audit_events (${COLUMNS})
         SELECT ${head}, NULL, coalesce(array_agg(DISTINCT c) FILTER (WHERE c IS NOT NULL), '{}'), ${tail}
           FROM ${source}, unnest(${spec.clientIds}) AS c
         HAVING count(*) > 0`;
    const order = spec.orderBy ? ` ORDER BY ${spec.orderBy}` : '';
    const sql = `WITH rows AS (${select}), audit AS (${insert}) SELECT * FROM rows${order}`;
    // Inside a transaction the read runs on its connection; alone, straight on the pool (one statement).
    return manager ? manager.query(sql, p.values) : poolQuery<T>(this.db, sql, p.values);
  }
}
