import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { AppConfig } from '../config/environment';
import { Conflict, NotFound } from '../common/problem/problem';
import { inZone } from '../common/time/in-zone';
import { affected, rows } from '../database/statement';
import { BusyTimeKind } from './busy-time.entity';
import { BUSY_TIME_PROBLEMS } from './busy-time.problems';
import { busyTimeQueries, TimeRange } from './busy-time.queries';

export type { TimeRange } from './busy-time.queries';

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
    const reserved = await this.guarded(manager, therapistId, ranges, undefined, (savepoint) => rows(savepoint, busyTimeQueries.reserve(therapistId, ranges, kind)));
    return reserved.map((r) => r.id);
  }

  /** Moves a reservation to `range` in place (atomic: the old time is free only if the new one is taken). */
  async move(manager: EntityManager, busyTimeId: string, therapistId: string, range: TimeRange): Promise<void> {
    const moved = await this.guarded(manager, therapistId, [range], busyTimeId, (savepoint) => rows(savepoint, busyTimeQueries.move(busyTimeId, therapistId, range)));
    if (!moved.length) throw new NotFound('reservation');
  }

  /** Frees the time (cancellations); the row stays as history. Releasing twice is harmless. */
  async release(manager: EntityManager, busyTimeId: string): Promise<void> {
    await affected(manager, busyTimeQueries.release(busyTimeId));
  }

  /** Booked time of the therapist that overlaps any of `ranges`, as one query. */
  async conflicts(manager: EntityManager, therapistId: string, ranges: TimeRange[], exceptBusyTimeId?: string): Promise<BusyConflict[]> {
    const overlaps = await rows(manager, busyTimeQueries.overlaps(therapistId, ranges, exceptBusyTimeId));
    const zone = this.config.get('CLINIC_TIME_ZONE', { infer: true });
    const at = (d: Date) => inZone(d, zone);
    return overlaps.map((r) => ({ requestedStartsAt: at(r.starts_at), requestedEndsAt: at(r.ends_at), busyFrom: at(r.busy_from), busyUntil: at(r.busy_until) }));
  }

  /**
   * Runs `write` under a savepoint (a transaction nested in the caller's): on an exclusion
   * violation the transaction stays usable, the conflicts are read (the other booking has committed
   * by then) and answered as a 409; on a deadlock with another booking the write is tried again
   * (see WRITE_TRIES).
   */
  private async guarded<T>(manager: EntityManager, therapistId: string, ranges: TimeRange[], except: string | undefined, write: (savepoint: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await manager.transaction(write);
      } catch (error) {
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
  return new Conflict(BUSY_TIME_PROBLEMS['therapist-busy'], detail, { conflicts });
}

