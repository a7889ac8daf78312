import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { BusyTimeService } from '../busy-time/busy-time.service';
import { UserActor } from '../common/auth/roles';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination/pagination';
import { NotFound, Unprocessable } from '../common/problem/problem';
import type { AppConfig } from '../config/environment';
import { inZone } from '../common/time/in-zone';
import { SqlParams, updateReturning } from '../database/sql-params';
import { CreateTimeOffDto, TimeOffResponse } from './dto/time-off.dto';

interface TimeOffRow {
  id: string;
  therapist_id: string;
  busy_time_id: string;
  starts_at: Date;
  ends_at: Date;
  reason: string | null;
  created_at: Date;
}

const MAX_DAYS = 366;

/** A therapist's time off, held as busy time so nothing (sessions, connection calls) is booked over it. */
@Injectable()
export class TimeOffService {
  constructor(
    private readonly db: DataSource,
    private readonly busyTime: BusyTimeService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async create(actor: UserActor, therapistId: string, dto: CreateTimeOffDto): Promise<TimeOffResponse> {
    const startsAt = DateTime.fromISO(dto.startsAt).toJSDate();
    const endsAt = DateTime.fromISO(dto.endsAt).toJSDate();
    if (endsAt <= startsAt) throw new Unprocessable('time-off-order', 'Time off ends after it starts.');
    if (endsAt.getTime() - startsAt.getTime() > MAX_DAYS * 86_400_000) throw new Unprocessable('time-off-length', `Enter time off of at most ${MAX_DAYS} days at once.`);
    return this.db.transaction(async (tx) => {
      await this.assertReachable(tx, actor, therapistId);
      const busyTimeId = await this.busyTime.reserve(tx, therapistId, { startsAt, endsAt }, 'time_off');
      const [row]: TimeOffRow[] = await tx.query(
        `INSERT INTO time_off (therapist_id, busy_time_id, starts_at, ends_at, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [therapistId, busyTimeId, startsAt, endsAt, dto.reason || null, actor.id],
      );
      return this.toResponse(row);
    });
  }

  /** Time off not yet over, soonest first. */
  async list(actor: UserActor, therapistId: string, query: PageQuery): Promise<Page<TimeOffResponse>> {
    await this.assertReachable(this.db.manager, actor, therapistId);
    const p = new SqlParams();
    const where = [`o.therapist_id = ${p.add(therapistId)}`, 'o.released_at IS NULL', 'o.ends_at > now()'];
    if (query.cursor) {
      const [startsAt, id] = decodeCursor(query.cursor, 2);
      where.push(`(o.starts_at, o.id) > (${p.add(startsAt)}::timestamptz, ${p.add(id)}::uuid)`);
    }
    const rows: TimeOffRow[] = await this.db.query(
      `SELECT o.* FROM time_off o WHERE ${where.join(' AND ')} ORDER BY o.starts_at, o.id LIMIT ${query.limit + 1}`,
      p.values,
    );
    return toPage(rows, query.limit, (r) => [r.starts_at.toISOString(), r.id], (r) => this.toResponse(r));
  }

  /** Withdraws time off: its busy time is freed, the row stays as history. */
  async remove(actor: UserActor, therapistId: string, timeOffId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.assertReachable(tx, actor, therapistId);
      const [row] = await updateReturning<TimeOffRow>(
        tx,
        `UPDATE time_off SET released_at = now() WHERE id = $1 AND therapist_id = $2 AND released_at IS NULL RETURNING *`,
        [timeOffId, therapistId],
      );
      if (!row) throw new NotFound('time off');
      await this.busyTime.release(tx, row.busy_time_id);
    });
  }

  /** A therapist manages their own time off; admins any therapist's. Anyone else: 404. */
  private async assertReachable(manager: EntityManager, actor: UserActor, therapistId: string): Promise<void> {
    const p = new SqlParams();
    const scope = actor.role === 'admin' ? '' : `AND u.id = ${p.add(actor.id)}`;
    const [found]: unknown[] = await manager.query(`SELECT 1 FROM users u WHERE u.id = ${p.add(therapistId)} AND u.role = 'therapist' ${scope}`, p.values);
    if (!found) throw new NotFound('therapist');
  }

  private toResponse(r: TimeOffRow): TimeOffResponse {
    const zone = this.config.get('CLINIC_TIME_ZONE', { infer: true });
    return { id: r.id, therapistId: r.therapist_id, startsAt: inZone(r.starts_at, zone), endsAt: inZone(r.ends_at, zone), reason: r.reason, createdAt: r.created_at };
  }
}
