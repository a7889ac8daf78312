import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { AppConfig } from '../config/environment';
import { Conflict, NotFound } from '../common/problem/problem';
import { inZone } from '../common/time/in-zone';
import { SqlParams, updateReturning } from '../database/sql-params';
import { BusyTimeKind } from './busy-time.entity';

/** A half-open interval `[startsAt, endsAt)`. */
export interface TimeRange {
  startsAt: Date;
  endsAt: Date;
}

/** A requested range that overlaps time the therapist already has booked. */
export interface BusyConflict {
  /** The requested occurrence that cannot be booked, in the clinic's zone. */
  requestedStartsAt: string;
  requestedEndsAt: string;
  /** The booked time it collides with; never what it is or whose. */
  busyFrom: string;
  busyUntil: string;
}

const EXCLUSION_VIOLATION = '23P01';
const DEADLOCK = '40P01';
const sqlState = (error: unknown) => (error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined);
/**
 * Two transactions inserting overlapping ranges at the same moment can each wait for the other in
 * the exclusion check; PostgreSQL then aborts one with a deadlock. Its write is tried again (once the
 * other has gone ahead it waits for it, then succeeds or meets a plain overlap), a few times at most.
 */
const WRITE_TRIES = 3;

/**
 * Reserves and releases a therapist's time in `busy_times`. The exclusion constraint
 * `busy_times_no_overlap` is what prevents double booking; this service only words the 409.
 * Every method takes the caller's transactional manager (inside `db.transaction`: the 409 path
 * uses a savepoint): reservations commit or roll back with the record that owns them (a session,
 * a connection call, time off).
 */
@Injectable()
export class BusyTimeService {
  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  /** Books `range` for the therapist; 409 `therapist-busy` naming the conflicting time. */
  async reserve(manager: EntityManager, therapistId: string, range: TimeRange, kind: BusyTimeKind): Promise<string> {
    const [id] = await this.reserveMany(manager, therapistId, [range], kind);
    return id;
  }

  /** Books every range or none; the 409 lists every range that collides. Ids in input order. */
  async reserveMany(manager: EntityManager, therapistId: string, ranges: TimeRange[], kind: BusyTimeKind): Promise<string[]> {
    const p = new SqlParams();
    const sql = `INSERT INTO busy_times (therapist_id, during, kind)
      SELECT ${p.add(therapistId)}::uuid, tstzrange(r.starts_at, r.ends_at, '[)'), ${p.add(kind)}
        FROM unnest(${p.add(ranges.map((r) => r.startsAt))}::timestamptz[], ${p.add(ranges.map((r) => r.endsAt))}::timestamptz[])
             WITH ORDINALITY AS r(starts_at, ends_at, n)
       ORDER BY r.n
      RETURNING id`;
    const rows = await this.guarded(manager, therapistId, ranges, undefined, () => manager.query(sql, p.values) as Promise<{ id: string }[]>);
    return rows.map((r) => r.id);
  }

  /** Moves a reservation to `range` in place (atomic: the old time is free only if the new one is taken). */
  async move(manager: EntityManager, busyTimeId: string, therapistId: string, range: TimeRange): Promise<void> {
    const rows = await this.guarded(manager, therapistId, [range], busyTimeId, () =>
      updateReturning<{ id: string }>(
        manager,
        `UPDATE busy_times SET during = tstzrange($2, $3, '[)') WHERE id = $1 AND therapist_id = $4 AND released_at IS NULL RETURNING id`,
        [busyTimeId, range.startsAt, range.endsAt, therapistId],
      ),
    );
    if (!rows.length) throw new NotFound('reservation');
  }

  /** Frees the time (cancellations); the row stays as history. Releasing twice is harmless. */
  async release(manager: EntityManager, busyTimeId: string): Promise<void> {
    await manager.query('UPDATE busy_times SET released_at = coalesce(released_at, now()) WHERE id = $1', [busyTimeId]);
  }

  /** Booked time of the therapist that overlaps any of `ranges`, as one query. */
  async conflicts(manager: EntityManager, therapistId: string, ranges: TimeRange[], exceptBusyTimeId?: string): Promise<BusyConflict[]> {
    const rows: { starts_at: Date; ends_at: Date; busy_from: Date; busy_until: Date }[] = await manager.query(
      `SELECT r.starts_at, r.ends_at, lower(b.during) AS busy_from, upper(b.during) AS busy_until
         FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS r(starts_at, ends_at, n)
         JOIN busy_times b ON b.therapist_id = $1 AND b.released_at IS NULL
                          AND b.during && tstzrange(r.starts_at, r.ends_at, '[)')
                          AND b.id IS DISTINCT FROM $4::uuid
        ORDER BY r.n, lower(b.during)`,
      [therapistId, ranges.map((r) => r.startsAt), ranges.map((r) => r.endsAt), exceptBusyTimeId ?? null],
    );
    const zone = this.config.get('CLINIC_TIME_ZONE', { infer: true });
    const at = (d: Date) => inZone(d, zone);
    return rows.map((r) => ({ requestedStartsAt: at(r.starts_at), requestedEndsAt: at(r.ends_at), busyFrom: at(r.busy_from), busyUntil: at(r.busy_until) }));
  }

  /**
   * Runs `write` under a savepoint: on an exclusion violation the transaction stays usable, the
   * conflicts are read (the other booking has committed by then) and answered as a 409; on a
   * deadlock with another booking the write is tried again (see WRITE_TRIES).
   */
  private async guarded<T>(manager: EntityManager, therapistId: string, ranges: TimeRange[], except: string | undefined, write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await manager.query('SAVEPOINT busy_time_reservation');
      try {
        const result = await write();
        await manager.query('RELEASE SAVEPOINT busy_time_reservation');
        return result;
      } catch (error) {
        await manager.query('ROLLBACK TO SAVEPOINT busy_time_reservation');
        if (sqlState(error) === DEADLOCK && attempt < WRITE_TRIES) continue;
        if (sqlState(error) !== EXCLUSION_VIOLATION) throw error;
        throw therapistBusy(await this.conflicts(manager, therapistId, ranges, except));
      }
    }
  }

}

/** The 409 for booked time: says when, never what or whose. */
export function therapistBusy(conflicts: BusyConflict[]): Conflict {
  const times = conflicts.map((c) => `from ${c.busyFrom} to ${c.busyUntil}`);
  const detail = times.length
    ? `The therapist is already booked ${[...new Set(times)].join('; ')}.`
    : 'The therapist is already booked at this time.';
  return new Conflict('therapist-busy', detail, { conflicts });
}

