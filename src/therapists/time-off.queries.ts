import { PageQuery } from '../common/pagination/pagination';
import { keyset, KeyedRow } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_TIME, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';

export type TimeOffRow = Row<'time_off'>;

/** Current and upcoming time off: soonest first. */
export const TIME_OFF_ORDER = keyset({ column: 'o.starts_at', type: 'timestamptz' }, { column: 'o.id', type: 'uuid' });

/**
 * A therapist's time off. Each statement follows the caller check (therapists.queries.ts
 * reachableTherapist) in the same request.
 */
export const timeOffQueries = queryModule(
  'time-off',
  {
    insert(entry: Pick<TimeOffRow, 'therapist_id' | 'busy_time_id' | 'starts_at' | 'ends_at' | 'reason' | 'created_by'>) {
      return statement<TimeOffRow>(
        `INSERT INTO time_off (therapist_id, busy_time_id, starts_at, ends_at, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [entry.therapist_id, entry.busy_time_id, entry.starts_at, entry.ends_at, entry.reason, entry.created_by],
      );
    },

    /** Time off not yet over. */
    current(therapistId: string, query: PageQuery) {
      const p = new SqlParams();
      const where = [`o.therapist_id = ${p.add(therapistId)}`, 'o.released_at IS NULL', 'o.ends_at > now()', TIME_OFF_ORDER.after(query.cursor, p)];
      return statement<TimeOffRow & KeyedRow>(
        `SELECT o.*, ${TIME_OFF_ORDER.key} FROM time_off o WHERE ${where.join(' AND ')} ORDER BY ${TIME_OFF_ORDER.orderBy} LIMIT ${TIME_OFF_ORDER.limit(query.limit)}`,
        p,
      );
    },

    /** Withdrawn time off stays as history. */
    release(timeOffId: string, therapistId: string) {
      return statement<TimeOffRow>(`UPDATE time_off SET released_at = now() WHERE id = $1 AND therapist_id = $2 AND released_at IS NULL RETURNING *`, [timeOffId, therapistId]);
    },
  },
  {
    insert: [
      [{ therapist_id: SAMPLE_ID.therapist, busy_time_id: SAMPLE_ID.other, starts_at: SAMPLE_TIME.from, ends_at: SAMPLE_TIME.to, reason: 'Holidays', created_by: SAMPLE_ID.therapist }],
    ],
    current: [[SAMPLE_ID.therapist, { limit: 20 }], [SAMPLE_ID.therapist, { limit: 20, cursor: sampleCursor('2026-12-24 00:00:00-05', SAMPLE_ID.other) }]],
    release: [[SAMPLE_ID.other, SAMPLE_ID.therapist]],
  },
);
