import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { BusyTimeService } from '../busy-time/busy-time.service';
import { UserActor } from '../common/auth/roles';
import { Page, PageQuery } from '../common/pagination/pagination';
import { NotFound, Unprocessable } from '../common/problem/problem';
import { inZone } from '../common/time/in-zone';
import type { AppConfig } from '../config/environment';
import { first, rows } from '../database/statement';
import { CreateTimeOffDto, TimeOffResponse } from './dto/time-off.dto';
import { THERAPIST_PROBLEMS } from './therapists.problems';
import { TherapistsService } from './therapists.service';
import { TIME_OFF_ORDER, timeOffQueries, TimeOffRow } from './time-off.queries';

const MAX_DAYS = 366;

/** A therapist's time off, held as busy time so nothing (sessions, connection calls) is booked over it. */
@Injectable()
export class TimeOffService {
  constructor(
    private readonly db: DataSource,
    private readonly therapists: TherapistsService,
    private readonly busyTime: BusyTimeService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async create(actor: UserActor, therapistId: string, dto: CreateTimeOffDto): Promise<TimeOffResponse> {
    const startsAt = DateTime.fromISO(dto.startsAt).toJSDate();
    const endsAt = DateTime.fromISO(dto.endsAt).toJSDate();
    if (endsAt <= startsAt) throw new Unprocessable(THERAPIST_PROBLEMS['time-off-order'], 'Time off ends after it starts.');
    if (endsAt.getTime() - startsAt.getTime() > MAX_DAYS * 86_400_000) {
      throw new Unprocessable(THERAPIST_PROBLEMS['time-off-length'], `Enter time off of at most ${MAX_DAYS} days at once.`);
    }
    return this.db.transaction(async (tx) => {
      await this.therapists.assertCalendarReachable(tx, actor, therapistId);
      const busyTimeId = await this.busyTime.reserve(tx, therapistId, { startsAt, endsAt }, 'time_off');
      const [row] = await rows(
        tx,
        timeOffQueries.insert({ therapist_id: therapistId, busy_time_id: busyTimeId, starts_at: startsAt, ends_at: endsAt, reason: dto.reason || null, created_by: actor.id }),
      );
      return this.toResponse(row);
    });
  }

  /** Time off not yet over, soonest first. */
  async list(actor: UserActor, therapistId: string, query: PageQuery): Promise<Page<TimeOffResponse>> {
    await this.therapists.assertCalendarReachable(this.db, actor, therapistId);
    const found = await rows(this.db, timeOffQueries.current(therapistId, query));
    return TIME_OFF_ORDER.page(found, query.limit, (r) => this.toResponse(r));
  }

  /** Withdraws time off: its busy time is freed, the row stays as history. */
  async remove(actor: UserActor, therapistId: string, timeOffId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.therapists.assertCalendarReachable(tx, actor, therapistId);
      const row = await first(tx, timeOffQueries.release(timeOffId, therapistId));
      if (!row) throw new NotFound('time off');
      await this.busyTime.release(tx, row.busy_time_id);
    });
  }

  private toResponse(r: TimeOffRow): TimeOffResponse {
    const zone = this.config.get('CLINIC_TIME_ZONE', { infer: true });
    return { id: r.id, therapistId: r.therapist_id, startsAt: inZone(r.starts_at, zone), endsAt: inZone(r.ends_at, zone), reason: r.reason, createdAt: r.created_at };
  }
}
