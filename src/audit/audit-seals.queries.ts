import { queryModule } from '../database/query-module';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';

/** A seal just written: the last event it covers and how many it covers. */
export type SealRow = Pick<Row<'audit_seals'>, 'last_seq' | 'events'>;

/** Events not yet sealed, and how long the oldest of them has waited. */
export interface SealingLagRow {
  unsealed: number;
  lag_seconds: number;
}

/** Only one sealer works at a time, across every API process. */
const SEALER_LOCK = 7413003;

/**
 * Sealing the audit trail: events are numbered by a sequence in whatever order their
 * transactions commit, so the sealer first finds a number below which nothing can still appear,
 * then chains the committed events up to it into seals.
 */
export const auditSealsQueries = queryModule(
  'audit-seals',
  {
    /** The highest number handed out so far (committed or not), and the last one sealed: equal when there is nothing to seal. */
    lastNumberGiven() {
      return statement<{ last_seq: string; sealed_seq: string }>(
        `SELECT (CASE WHEN s.is_called THEN s.last_value ELSE s.last_value - 1 END)::text AS last_seq,
                coalesce((SELECT a.last_seq FROM audit_seals a ORDER BY a.last_seq DESC LIMIT 1), 0)::text AS sealed_seq
           FROM audit_events_seq s`,
        [],
        'audit-trail',
      );
    },

    /** The first transaction id not yet given out, read after `lastNumberGiven`. */
    nextTransactionId() {
      return statement<{ xid: string }>(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid`, []);
    },

    /** Whether every transaction with an id below `xid` has committed or rolled back. */
    transactionsEndedBefore(xid: string) {
      const p = new SqlParams();
      return statement<{ ended: boolean }>(`SELECT pg_snapshot_xmin(pg_current_snapshot()) >= ${p.add(xid)}::xid8 AS ended`, p);
    },

    /** Inside the sealing transaction: true for the one sealer that may work now. */
    takeSealerTurn() {
      return statement<{ taken: boolean }>(`SELECT pg_try_advisory_xact_lock(${SEALER_LOCK}) AS taken`, []);
    },

    /**
     * Seals the next committed events up to `upTo` (at most `batch` of them) after the last seal.
     * The first event's number is a value (a subquery), so the index is read from it: joined to
     * `start` instead, it was checked row by row after reading the index from the first event of the
     * trail (1.05 s a run at 617,706 events, every second).
     */
    sealNext(upTo: string, batch: number) {
      const p = new SqlParams();
      return statement<SealRow>(
        `WITH last AS (SELECT s.last_seq, s.hash FROM audit_seals s ORDER BY s.last_seq DESC LIMIT 1),
              start AS (SELECT coalesce((SELECT last_seq FROM last), 0) + 1 AS first_seq, (SELECT hash FROM last) AS prev_hash),
              batch AS (SELECT e.seq, e.hash FROM audit_events e
                         WHERE e.seq >= (SELECT first_seq FROM start) AND e.seq <= ${p.add(upTo)}::bigint
                         ORDER BY e.seq LIMIT ${Number(batch)})
         INSERT INTO audit_seals (first_seq, last_seq, events, prev_hash, hash)
         SELECT start.first_seq, max(b.seq), count(*), start.prev_hash,
                audit_seal_digest(start.prev_hash, start.first_seq, max(b.seq), count(*), string_agg(b.hash, ''::bytea ORDER BY b.seq))
           FROM batch b, start GROUP BY start.first_seq, start.prev_hash
         RETURNING last_seq::text, events`,
        p,
        'audit-trail',
      );
    },

    /**
     * How many events wait for a seal and the age of the oldest, in seconds (0 when none wait).
     * Bounded above by the last event as well: with a lower bound alone, PostgreSQL plans for a
     * third of the trail and reads all of it (600 ms at 617,706 events, on every readiness probe);
     * with both bounds it reads the unsealed tail from the index.
     */
    sealingLag() {
      return statement<SealingLagRow>(
        `SELECT count(*)::int AS unsealed, coalesce(extract(epoch FROM clock_timestamp() - min(e.occurred_at)), 0)::float8 AS lag_seconds
           FROM audit_events e
          WHERE e.seq > coalesce((SELECT max(s.last_seq) FROM audit_seals s), 0)
            AND e.seq <= (SELECT max(n.seq) FROM audit_events n)`,
        [],
        'audit-trail',
      );
    },
  },
  {
    lastNumberGiven: [[]],
    nextTransactionId: [[]],
    transactionsEndedBefore: [['1042']],
    takeSealerTurn: [[]],
    sealNext: [['1042', 5000]],
    sealingLag: [[]],
  },
);
