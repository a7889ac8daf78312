import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { BUSY_TIME_PROBLEMS } from '../busy-time/busy-time.problems';
import { Conflict, InvalidRequest, Problem, Unprocessable } from '../common/problem/problem';
import type { AppConfig } from '../config/environment';
import { rows } from '../database/statement';
import { USER_PROBLEMS } from '../users/users.problems';
import { CALL_PROBLEMS } from './connection-calls.problems';
import { connectionCallQueries, LoadRow } from './connection-calls.queries';
import { AvailabilityQuery } from './dto/availability.query';
import { AvailabilityResponse } from './dto/connection-call.response';
import { BusyList, freeSlots, parseBusy, SlotGrid, SlotRules, TherapistWeek } from './slots';

export const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const MAX_RANGE_DAYS = 31;

/** A bookable therapist's week, busy time (sorted, disjoint) and the recent load that decides who takes a booking. */
export type TherapistLoad = Omit<LoadRow, 'busy'> & TherapistWeek;

export const slotTaken = () => new Conflict(CALL_PROBLEMS['slot-taken'], 'This time is no longer available; choose another slot.');

/** The therapist's time was taken by another booking meanwhile. */
export const isBusy = (error: unknown) =>
  (error instanceof Problem && error.code === BUSY_TIME_PROBLEMS['therapist-busy'].code) ||
  (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23P01');

/** Which connection-call times are free, and which therapists may take one. */
@Injectable()
export class CallAvailabilityService {
  constructor(
    private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  get rules(): SlotRules {
    return {
      zone: this.config.get('CLINIC_TIME_ZONE', { infer: true }),
      callMinutes: this.config.get('CONNECTION_CALL_MINUTES', { infer: true }),
      bufferMinutes: this.config.get('BOOKING_BUFFER_MINUTES', { infer: true }),
      minNoticeMinutes: this.config.get('BOOKING_MIN_NOTICE_HOURS', { infer: true }) * 60,
      horizonDays: this.config.get('BOOKING_HORIZON_DAYS', { infer: true }),
    };
  }

  /** Free slots between `from` and `to`, merged across therapists; never says why a time is busy. */
  async availability(query: AvailabilityQuery): Promise<AvailabilityResponse> {
    const rules = this.rules;
    const from = DateTime.fromISO(query.from).toMillis();
    const to = DateTime.fromISO(query.to).toMillis();
    const now = Date.now();
    const lastDayEnds = DateTime.fromMillis(now, { zone: rules.zone }).startOf('day').plus({ days: rules.horizonDays + 1 }).toMillis();
    if (to <= from) throw new InvalidRequest('`to` must be after `from`.', [{ field: 'to', message: 'to must be after from' }]);
    if (to - from > MAX_RANGE_DAYS * DAY) throw new InvalidRequest(`Ask for at most ${MAX_RANGE_DAYS} days at a time.`, [{ field: 'to', message: `at most ${MAX_RANGE_DAYS} days after from` }]);
    if (to > lastDayEnds) {
      throw new InvalidRequest(`Connection calls can be booked at most ${rules.horizonDays} days ahead.`, [{ field: 'to', message: 'beyond the booking horizon' }]);
    }
    const buffer = rules.bufferMinutes * MINUTE;
    const found = await rows(this.db, connectionCallQueries.bookableCalendars({ start: from - buffer, end: to + buffer }, query.therapistId));
    const calendars = found.map((row) => ({ ...row, busy: parseBusy(row.busy) }));
    const grid = new SlotGrid({ start: from, end: to }, now, rules);
    const slots = freeSlots(grid, calendars).map((s) => ({ startsAt: grid.iso(s.start), endsAt: grid.iso(s.end), therapistIds: s.therapistIds }));
    return { timeZone: rules.zone, callMinutes: rules.callMinutes, slots };
  }

  /**
   * Therapists free to take a call starting at `start`, fairest first (fewest calls in the next 30
   * days, then the one booked least recently). 422 when `start` is not an offered slot (outside
   * every window, too soon, too far ahead), 409 when it is but nobody is free any more.
   */
  async freeTherapists(manager: EntityManager, start: number, therapistId?: string, exceptBusyTimeId?: string): Promise<TherapistLoad[]> {
    const rules = this.rules;
    const buffer = rules.bufferMinutes * MINUTE;
    const slot = { start, end: start + rules.callMinutes * MINUTE };
    const now = Date.now();
    const found = await rows(manager, connectionCallQueries.bookableLoads({ start: slot.start - buffer, end: slot.end + buffer }, therapistId, exceptBusyTimeId));
    const calendars: TherapistLoad[] = found.map((row) => ({ ...row, busy: parseBusy(row.busy) }));
    if (therapistId && !calendars.length) throw new Unprocessable(USER_PROBLEMS['unknown-therapist'], 'No therapist with this id takes connection calls.');
    const grid = new SlotGrid(slot, now, rules);
    const offers = (c: TherapistWeek, busy: BusyList) => grid.freeStarts(c.windows, busy).includes(start);
    const offered = calendars.filter((c) => offers(c, []));
    if (!offered.length) {
      throw new Unprocessable(CALL_PROBLEMS['slot-not-offered'], 'This start time is not an offered slot; pick one from GET /connection-calls/availability.');
    }
    const free = offered.filter((c) => offers(c, c.busy));
    if (!free.length) throw slotTaken();
    return free.sort((a, b) => a.upcoming - b.upcoming || (a.last_booked_at?.getTime() ?? 0) - (b.last_booked_at?.getTime() ?? 0));
  }
}
