import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_TIME } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { BusyTimeKind } from './busy-time.entity';

/** A half-open interval `[startsAt, endsAt)`. */
export interface TimeRange {
  startsAt: Date;
  endsAt: Date;
}

/** A requested range and the booked time it overlaps. */
export type BusyOverlapRow = { starts_at: Date; ends_at: Date; busy_from: Date; busy_until: Date };

const SAMPLE_RANGES: TimeRange[] = [
  { startsAt: SAMPLE_TIME.from, endsAt: new Date(SAMPLE_TIME.from.getTime() + 3_600_000) },
  { startsAt: SAMPLE_TIME.to, endsAt: new Date(SAMPLE_TIME.to.getTime() + 3_600_000) },
];

/** A therapist's busy time, shared by sessions, connection calls and time off. */
export const busyTimeQueries = queryModule(
  'busy-time',
  {
    /** One reservation per range, ids in input order; the exclusion constraint refuses an overlap. */
    reserve(therapistId: string, ranges: TimeRange[], kind: BusyTimeKind) {
      const p = new SqlParams();
      return statement<Pick<Row<'busy_times'>, 'id'>>(
        `INSERT INTO busy_times (therapist_id, during, kind)
      SELECT ${p.add(therapistId)}::uuid, tstzrange(r.starts_at, r.ends_at, '[)'), ${p.add(kind)}
        FROM unnest(${p.add(ranges.map((r) => r.startsAt))}::timestamptz[], ${p.add(ranges.map((r) => r.endsAt))}::timestamptz[])
             WITH ORDINALITY AS r(starts_at, ends_at, n)
       ORDER BY r.n
      RETURNING id`,
        p,
      );
    },

    move(busyTimeId: string, therapistId: string, range: TimeRange) {
      return statement<Pick<Row<'busy_times'>, 'id'>>(
        `UPDATE busy_times SET during = tstzrange($2, $3, '[)') WHERE id = $1 AND therapist_id = $4 AND released_at IS NULL RETURNING id`,
        [busyTimeId, range.startsAt, range.endsAt, therapistId],
      );
    },

    /** Releasing twice keeps the first release's time. */
    release(busyTimeId: string) {
      return statement('UPDATE busy_times SET released_at = coalesce(released_at, now()) WHERE id = $1', [busyTimeId]);
    },

    /** Booked time of the therapist that overlaps any of `ranges` (but `exceptBusyTimeId`). */
    overlaps(therapistId: string, ranges: TimeRange[], exceptBusyTimeId?: string) {
      return statement<BusyOverlapRow>(
        `SELECT r.starts_at, r.ends_at, lower(b.during) AS busy_from, upper(b.during) AS busy_until
         FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS r(starts_at, ends_at, n)
         JOIN busy_times b ON b.therapist_id = $1 AND b.released_at IS NULL
                          AND b.during && tstzrange(r.starts_at, r.ends_at, '[)')
                          AND b.id IS DISTINCT FROM $4::uuid
        ORDER BY r.n, lower(b.during)`,
        [therapistId, ranges.map((r) => r.startsAt), ranges.map((r) => r.endsAt), exceptBusyTimeId ?? null],
      );
    },
  },
  {
    reserve: [[SAMPLE_ID.therapist, SAMPLE_RANGES, 'session']],
    move: [[SAMPLE_ID.other, SAMPLE_ID.therapist, SAMPLE_RANGES[0]]],
    release: [[SAMPLE_ID.other]],
    overlaps: [[SAMPLE_ID.therapist, SAMPLE_RANGES], [SAMPLE_ID.therapist, SAMPLE_RANGES, SAMPLE_ID.other]],
  },
);
