import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { first, rows, Statement } from '../../database/statement';
import { auditTrailQueries } from './audit-trail.queries';
import { Keyset, KeyedRow } from '../pagination/keyset';
import { Page } from '../pagination/pagination';
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
}

/** Who is audited: a signed-in person or key, or an anonymous caller known by its request's origin. */
export type AuditedCaller = Actor | RequestOrigin | undefined;

/**
 * The PHIPA audit trail. Writes call `record` inside their transaction; reads use `read`,
 * `readOne` or `readPage`, which return the rows and write their audit event in the same
 * statement, so auditing a read costs no extra round trip.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly db: DataSource) {}

  async record(manager: EntityManager, actor: AuditedCaller, event: AuditEventSpec): Promise<void> {
    await rows(manager, auditTrailQueries.recordEvent(actor, event));
  }

  /**
   * Runs `select` and audits what it returned in one statement. With `resourceId` each row is one
   * event; without it, one event lists them all. Inside a transaction, pass its manager.
   */
  read<R>(actor: AuditedCaller, select: Statement<R>, spec: AuditedReadSpec, manager?: EntityManager): Promise<R[]> {
    return rows(manager ?? this.db, auditTrailQueries.auditedRead(actor, select, spec));
  }

  /** One record, audited; undefined when it is out of reach or does not exist. */
  readOne<R>(actor: AuditedCaller, select: Statement<R>, spec: AuditedReadSpec, manager?: EntityManager): Promise<R | undefined> {
    return first(manager ?? this.db, auditTrailQueries.auditedRead(actor, select, spec));
  }

  /**
   * One keyset page, audited: only the rows returned to the caller are recorded (the extra row
   * that says another page exists is not). `select` is ordered by `order` and limited by `order.limit`.
   */
  async readPage<R extends KeyedRow, T>(
    actor: AuditedCaller,
    select: Statement<R>,
    order: Keyset,
    pageSize: number,
    spec: AuditedReadSpec,
    map: (row: R) => T,
  ): Promise<Page<T>> {
    const found = await rows(this.db, auditTrailQueries.auditedRead(actor, select, spec, { orderBy: order.orderByKey, pageSize }));
    return order.page(found, pageSize, map);
  }
}
