import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditAction, AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination/pagination';
import { NotFound } from '../common/problem/problem';
import { SqlParams } from '../database/sql-params';
import { AccessLogEntryResponse, AuditEventResponse, AuditVerificationResponse } from './dto/audit.response';
import { ListAuditEventsQuery } from './dto/audit.dto';

interface EventRow {
  seq: string;
  occurred_at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_role: string | null;
  action: AuditAction;
  resource_type: string;
  resource_id: string | null;
  client_ids: string[];
  request_id: string | null;
  source_address: string | null;
  hash: string;
}

/** The same digest as the insert trigger computes (see the AuditTrail migration). */
const DIGEST = `audit_event_digest(e.prev_hash, e.seq, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.action,
  e.resource_type, e.resource_id, e.client_ids, e.request_id, e.source_address)`;

@Injectable()
export class AuditService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
  ) {}

  /** Reading the trail is itself audited: who looked at whose history is history too. */
  async list(actor: UserActor, query: ListAuditEventsQuery): Promise<Page<AuditEventResponse>> {
    await this.audit.record(this.db.manager, actor, { action: 'list', resourceType: 'audit_events', resourceId: null, clientIds: query.clientId ? [query.clientId] : [] });
    const p = new SqlParams();
    const where = ['TRUE'];
    if (query.clientId) where.push(`e.client_ids @> ARRAY[${p.add(query.clientId)}::uuid]`);
    if (query.actorId) where.push(`e.actor_id = ${p.add(query.actorId)}`);
    if (query.action) where.push(`e.action = ${p.add(query.action)}`);
    if (query.from) where.push(`e.occurred_at >= ${p.add(query.from)}`);
    if (query.to) where.push(`e.occurred_at < ${p.add(query.to)}`);
    if (query.cursor) where.push(`e.seq < ${p.add(String(decodeCursor(query.cursor, 1)[0]))}::bigint`);
    const rows: EventRow[] = await this.db.query(
      `SELECT e.seq, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.action, e.resource_type, e.resource_id,
              e.client_ids, e.request_id, host(e.source_address) AS source_address, encode(e.hash, 'hex') AS hash
         FROM audit_events e WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT ${query.limit + 1}`,
      p.values,
    );
    return toPage(rows, query.limit, (r) => [r.seq], (r) => ({
      seq: r.seq,
      occurredAt: r.occurred_at,
      actorKind: r.actor_kind,
      actorId: r.actor_id,
      actorRole: r.actor_role,
      action: r.action,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      clientIds: r.client_ids,
      requestId: r.request_id,
      sourceAddress: r.source_address,
      hash: r.hash,
    }));
  }

  /** Recomputes every hash and link in one pass; reports the first event that does not check out. */
  async verify(actor: UserActor): Promise<AuditVerificationResponse> {
    await this.audit.record(this.db.manager, actor, { action: 'read', resourceType: 'audit_chain', resourceId: null, clientIds: [] });
    const [result]: { checked: number; first_broken: string | null; last_seq: string | null; last_hash: string | null }[] = await this.db.query(
      `WITH chain AS (
         SELECT e.seq, e.hash,
                e.hash = ${DIGEST} AS hash_ok,
                e.prev_hash IS NOT DISTINCT FROM lag(e.hash) OVER w AS link_ok,
                e.seq = coalesce(lag(e.seq) OVER w, 0) + 1 AS seq_ok
           FROM audit_events e WINDOW w AS (ORDER BY e.seq))
       SELECT count(*)::int AS checked,
              min(seq) FILTER (WHERE NOT (hash_ok AND link_ok AND seq_ok))::text AS first_broken,
              max(seq)::text AS last_seq,
              (SELECT encode(hash, 'hex') FROM chain ORDER BY seq DESC LIMIT 1) AS last_hash
         FROM chain`,
    );
    return {
      intact: result.first_broken === null,
      checked: result.checked,
      firstBrokenSeq: result.first_broken,
      lastSeq: result.last_seq,
      lastHash: result.last_hash,
    };
  }

  /** Who accessed a client's record: staff by name, never other clients' ids. */
  async accessLog(actor: UserActor, clientId: string, query: PageQuery): Promise<Page<AccessLogEntryResponse>> {
    const p = new SqlParams();
    const client = p.add(clientId);
    const reachable = `EXISTS (SELECT 1 FROM clients c WHERE c.id = ${client} AND ${this.access.clientPredicate(actor, p, 'c')})`;
    const [allowed]: { ok: boolean }[] = await this.db.query(`SELECT ${reachable} AS ok`, p.values);
    if (!allowed.ok) throw new NotFound('client');
    const q = new SqlParams();
    const where = [`e.client_ids @> ARRAY[${q.add(clientId)}::uuid]`];
    if (query.cursor) where.push(`e.seq < ${q.add(String(decodeCursor(query.cursor, 1)[0]))}::bigint`);
    const self = q.add(actor.role === 'client' ? actor.id : null);
    const rows: (Pick<EventRow, 'seq' | 'occurred_at' | 'action' | 'resource_type' | 'actor_kind' | 'actor_role'> & { actor_name: string | null })[] =
      await this.db.query(
        `SELECT e.seq, e.occurred_at, e.action, e.resource_type, e.actor_kind, e.actor_role,
                CASE WHEN e.actor_id = ${self}::uuid THEN 'you'
                     WHEN e.actor_role IN ('admin', 'therapist') THEN u.display_name END AS actor_name
           FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT ${query.limit + 1}`,
        q.values,
      );
    // Recorded after the read, so this reading shows in the next one, not in its own answer.
    await this.audit.record(this.db.manager, actor, { action: 'read', resourceType: 'access_log', resourceId: clientId, clientIds: [clientId] });
    return toPage(rows, query.limit, (r) => [r.seq], (r) => ({
      occurredAt: r.occurred_at,
      action: r.action,
      resourceType: r.resource_type,
      actor: { kind: r.actor_kind, role: r.actor_role, name: r.actor_name },
    }));
  }
}
