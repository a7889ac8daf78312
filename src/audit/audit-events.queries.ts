import { AccessScope } from '../common/access/access-scope';
import type { AuditAction } from '../common/audit/audit-trail';
import { KeyedRow, keyset } from '../common/pagination/keyset';
import { PageQuery } from '../common/pagination/pagination';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { ListAuditEventsQuery } from './dto/audit.dto';

/** An event as answered: the source address as text, the hash in hex, no link to the previous one. */
export type AuditEventRow = Omit<Row<'audit_events'>, 'action' | 'prev_hash' | 'hash'> & { action: AuditAction; hash: string };

/** An entry of a client's access log: who (staff by name, "you" for the client), never other clients' ids. */
export type AccessLogRow = Pick<AuditEventRow, 'occurred_at' | 'action' | 'resource_type' | 'actor_kind' | 'actor_role'> & {
  actor_name: string | null;
};

/** What checking the chain found. */
export interface ChainCheckRow {
  checked: number;
  first_broken: string | null;
  last_seq: string | null;
  last_hash: string | null;
}

/** Both lists of the trail: newest first, by number. */
export const AUDIT_ORDER = keyset({ column: 'e.seq', type: 'bigint', descending: true });

/** The same digest as the insert trigger computes (see the AuditSeals migration). */
const DIGEST = `audit_event_digest(e.prev_hash, e.seq, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.action,
  e.resource_type, e.resource_id, e.client_ids, e.request_id, e.source_address)`;

/** Reading the audit trail: the admins' list and chain check, and a client's access log. */
export const auditEventsQueries = queryModule(
  'audit-events',
  {
    /** Admins only. */
    events(query: ListAuditEventsQuery) {
      const p = new SqlParams();
      const where = ['TRUE'];
      if (query.clientId) where.push(`e.client_ids @> ARRAY[${p.add(query.clientId)}::uuid]`);
      if (query.actorId) where.push(`e.actor_id = ${p.add(query.actorId)}`);
      if (query.action) where.push(`e.action = ${p.add(query.action)}`);
      if (query.from) where.push(`e.occurred_at >= ${p.add(query.from)}`);
      if (query.to) where.push(`e.occurred_at < ${p.add(query.to)}`);
      where.push(AUDIT_ORDER.after(query.cursor, p));
      return statement<AuditEventRow & KeyedRow>(
        `SELECT e.seq, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.action, e.resource_type, e.resource_id,
              e.client_ids, e.request_id, host(e.source_address) AS source_address, encode(e.hash, 'hex') AS hash, ${AUDIT_ORDER.key}
         FROM audit_events e WHERE ${where.join(' AND ')} ORDER BY ${AUDIT_ORDER.orderBy} LIMIT ${AUDIT_ORDER.limit(query.limit)}`,
        p,
        'audit-trail',
      );
    },

    /**
     * Recomputes everything sealed in one pass (admins only): each sealed event's hash from its
     * fields, and each seal's hash from the previous seal and the event hashes of its range.
     * A broken seal is reported at the first event of its range.
     */
    checkChain() {
      return statement<ChainCheckRow>(
        `WITH seals AS (
         SELECT s.first_seq, s.last_seq, s.events, s.prev_hash, s.hash,
                s.prev_hash IS NOT DISTINCT FROM lag(s.hash) OVER w AND s.first_seq = coalesce(lag(s.last_seq) OVER w, 0) + 1 AS link_ok
           FROM audit_seals s WINDOW w AS (ORDER BY s.last_seq)),
       sealed AS (
         SELECT s.last_seq, s.hash,
                min(e.seq) FILTER (WHERE e.hash <> ${DIGEST}) AS first_bad_event,
                CASE WHEN s.link_ok AND count(e.seq) = s.events
                       AND s.hash = audit_seal_digest(s.prev_hash, s.first_seq, s.last_seq, count(e.seq), string_agg(e.hash, ''::bytea ORDER BY e.seq))
                     THEN NULL ELSE coalesce(min(e.seq), s.first_seq) END AS first_bad_seal,
                count(e.seq) AS events
           FROM seals s LEFT JOIN audit_events e ON e.seq BETWEEN s.first_seq AND s.last_seq
          GROUP BY s.first_seq, s.last_seq, s.events, s.prev_hash, s.hash, s.link_ok)
       SELECT coalesce(sum(events), 0)::int AS checked,
              least(min(first_bad_event), min(first_bad_seal))::text AS first_broken,
              max(last_seq)::text AS last_seq,
              (SELECT encode(hash, 'hex') FROM sealed ORDER BY last_seq DESC LIMIT 1) AS last_hash
         FROM sealed`,
        [],
        'audit-trail',
      );
    },

    /** Whether the client is within the caller's reach, before their access log is read. */
    clientReachable(scope: AccessScope, clientId: string) {
      const p = new SqlParams();
      const client = p.add(clientId);
      return statement<{ ok: boolean }>(`SELECT EXISTS (SELECT 1 FROM clients c WHERE c.id = ${client} AND ${scope.clients(p, 'c')}) AS ok`, p);
    },

    /** Who accessed the client's record; `selfId` is the client reading their own log ("you"), else null. */
    accessLog(clientId: string, selfId: string | null, query: PageQuery) {
      const q = new SqlParams();
      const where = [`e.client_ids @> ARRAY[${q.add(clientId)}::uuid]`];
      where.push(AUDIT_ORDER.after(query.cursor, q));
      const self = q.add(selfId);
      return statement<AccessLogRow & KeyedRow>(
        `SELECT e.seq, e.occurred_at, e.action, e.resource_type, e.actor_kind, e.actor_role,
                CASE WHEN e.actor_id = ${self}::uuid THEN 'you'
                     WHEN e.actor_role IN ('admin', 'therapist') THEN u.display_name END AS actor_name, ${AUDIT_ORDER.key}
           FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE ${where.join(' AND ')} ORDER BY ${AUDIT_ORDER.orderBy} LIMIT ${AUDIT_ORDER.limit(query.limit)}`,
        q,
        'access-log',
      );
    },
  },
  {
    events: [
      [{ limit: 20 }],
      [{ limit: 20, clientId: SAMPLE_ID.client, actorId: SAMPLE_ID.therapist, action: 'read', from: '2026-03-01T00:00:00-05:00', to: '2026-04-01T00:00:00-04:00', cursor: sampleCursor('1042') }],
    ],
    checkChain: [[]],
    clientReachable: [[SAMPLE_SCOPE.client, SAMPLE_ID.client], [SAMPLE_SCOPE.therapist, SAMPLE_ID.client]],
    accessLog: [
      [SAMPLE_ID.client, SAMPLE_ID.clientUser, { limit: 20 }],
      [SAMPLE_ID.client, null, { limit: 20, cursor: sampleCursor('1042') }],
    ],
  },
);
