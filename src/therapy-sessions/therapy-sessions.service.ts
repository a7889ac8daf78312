import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BusyTimeService, TimeRange } from '../busy-time/busy-time.service';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Page } from '../common/pagination/pagination';
import { FieldError, Forbidden, InvalidRequest, NotFound, Unprocessable } from '../common/problem/problem';
import type { AppConfig } from '../config/environment';
import { first, rows } from '../database/statement';
import { CreateTherapySessionDto, UpdateTherapySessionDto } from './dto/create-therapy-session.dto';
import { ListTherapySessionsQuery } from './dto/list-therapy-sessions.query';
import { CancelSessionDto, CompleteSessionDto } from './dto/session-outcome.dto';
import { ScheduledSessionsResponse, TherapySessionResponse } from './dto/therapy-session.response';
import { expandOccurrences } from './recurrence';
import { SessionNotifications } from './session-notifications';
import { isLateCancellation, nextStatus } from './session-status';
import { MAX_SESSION_HOURS, Modality } from './therapy-session.entity';
import { toTherapySessionResponse } from './therapy-sessions.mapper';
import { SESSION_PROBLEMS } from './therapy-sessions.problems';
import { SESSION_ORDER, TherapySessionRow, therapySessionQueries } from './therapy-sessions.queries';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { SessionReminders } from '../notifications/session-reminders';

const HOUR = 3_600_000;

/** 400 unless `[startsAt, endsAt)` is a plausible session: it ends after it starts, within the maximum length. */
function checkLength({ startsAt, endsAt }: TimeRange, field = 'endsAt'): void {
  const length = endsAt.getTime() - startsAt.getTime();
  if (length <= 0) throw new InvalidRequest('A session ends after it starts.', [{ field, message: `${field} must be after startsAt` }]);
  if (length > MAX_SESSION_HOURS * HOUR) {
    throw new InvalidRequest(`A session lasts at most ${MAX_SESSION_HOURS} hours.`, [{ field, message: `a session lasts at most ${MAX_SESSION_HOURS} hours` }]);
  }
}

@Injectable()
export class TherapySessionsService {
  private readonly zone: string;
  private readonly lateCancellationHours: number;

  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
    private readonly busyTime: BusyTimeService,
    private readonly notifications: SessionNotifications,
    private readonly reminders: SessionReminders,
    config: ConfigService<AppConfig, true>,
  ) {
    this.zone = config.get('CLINIC_TIME_ZONE', { infer: true });
    this.lateCancellationHours = config.get('LATE_CANCELLATION_HOURS', { infer: true });
  }

  async list(actor: UserActor, query: ListTherapySessionsQuery): Promise<Page<TherapySessionResponse>> {
    const select = therapySessionQueries.list(this.access.scope(actor), query);
    const spec = { action: 'list', resourceType: 'session', clientIds: 'rows.client_ids' } as const;
    return this.audit.readPage(actor, select, SESSION_ORDER, query.limit, spec, (r) => toTherapySessionResponse(r, this.zone, actor));
  }

  async get(actor: UserActor, id: string): Promise<TherapySessionResponse> {
    const row = await this.audit.readOne(actor, therapySessionQueries.one(this.access.scope(actor), id), {
      action: 'read',
      resourceType: 'session',
      resourceId: 'rows.id',
      clientIds: 'rows.client_ids',
    });
    if (!row) throw new NotFound('session');
    return toTherapySessionResponse(row, this.zone, actor);
  }

  /**
   * Books a session, or every occurrence of a recurring one, in one transaction: all are free
   * and created, or none is and the 409 lists every conflicting time.
   */
  async create(actor: UserActor, dto: CreateTherapySessionDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<ScheduledSessionsResponse>> {
    if (Boolean(dto.coupleId) === Boolean(dto.clientId)) {
      throw new InvalidRequest('Book a session with either a couple or one client.', [{ field: 'coupleId', message: 'give exactly one of coupleId and clientId' }]);
    }
    if (actor.role === 'therapist' && dto.therapistId && dto.therapistId !== actor.id) throw new Forbidden('Therapists book sessions for themselves.');
    const therapistId = actor.role === 'therapist' ? actor.id : dto.therapistId;
    if (!therapistId) throw new InvalidRequest('Name the session’s therapist.', [{ field: 'therapistId', message: 'therapistId is required for admins' }]);
    const first = { startsAt: new Date(dto.startsAt), endsAt: new Date(dto.endsAt) };
    checkLength(first);
    const ranges = expandOccurrences(first.startsAt, first.endsAt, this.zone, dto.recurrence).map((o) => ({ startsAt: o.startsAt.toJSDate(), endsAt: o.endsAt.toJSDate() }));
    const seriesId = ranges.length > 1 ? randomUUID() : null;

    const write = {
      stored: (r: ScheduledSessionsResponse) => ({ seriesId: r.seriesId, ids: r.sessions.map((s) => s.id) }),
      replay: async (r: { seriesId: string | null; ids: string[] }) => ({ seriesId: r.seriesId, sessions: await Promise.all(r.ids.map((id) => this.get(actor, id))) }),
    };
    return this.idempotency.run(idempotent, dto, write, async (tx) => {
      const clientIds = await this.caseloadParty(tx, actor, therapistId, dto);
      const busyTimeIds = await this.busyTime.reserveMany(tx, therapistId, ranges, 'session');
      const created = await rows(
        tx,
        therapySessionQueries.create({
          therapistId,
          coupleId: dto.coupleId ?? null,
          clientId: dto.clientId ?? null,
          modality: dto.modality,
          location: dto.location ?? null,
          videoUrl: dto.videoUrl ?? null,
          seriesId,
          createdBy: actor.id,
          occurrences: ranges.map((r, i) => ({ ...r, busyTimeId: busyTimeIds[i] })),
        }),
      );
      for (const { id } of created) await this.audit.record(tx, actor, { action: 'create', resourceType: 'session', resourceId: id, clientIds });
      await this.reminders.plan(tx, created.map((c) => c.id));
      const sessions = await rows(tx, therapySessionQueries.created(created.map((c) => c.id)));
      await this.notifications.scheduled(tx, sessions);
      return { seriesId, sessions: sessions.map((r) => toTherapySessionResponse(r, this.zone, actor)) };
    });
  }

  /** Moves a scheduled session (re-reserving its time atomically) or changes its modality and place. */
  async update(actor: UserActor, id: string, dto: UpdateTherapySessionDto): Promise<TherapySessionResponse> {
    if (Object.values(dto).every((v) => v === undefined)) throw new InvalidRequest('The request changes nothing.');
    return this.db.transaction(async (tx) => {
      const row = await this.lockOne(tx, actor, id);
      nextStatus({ status: row.status, startsAt: row.starts_at }, 'reschedule', new Date());
      const startsAt = dto.startsAt ? new Date(dto.startsAt) : row.starts_at;
      const length = row.ends_at.getTime() - row.starts_at.getTime();
      const endsAt = dto.endsAt ? new Date(dto.endsAt) : dto.startsAt ? new Date(startsAt.getTime() + length) : row.ends_at;
      const range = { startsAt, endsAt };
      checkLength(range);
      const place = mergePlace(row, dto);
      if (startsAt.getTime() !== row.starts_at.getTime() || endsAt.getTime() !== row.ends_at.getTime()) {
        await this.busyTime.move(tx, row.busy_time_id, row.therapist_id, range);
      }
      await rows(tx, therapySessionQueries.reschedule(id, startsAt, endsAt, place));
      await this.notifications.moved(tx, row, range);
      await this.reminders.replan(tx, id);
      return this.recorded(tx, actor, id, row.client_ids);
    });
  }

  /** Records that the session took place, who came, and the clients' last contact. */
  async complete(actor: UserActor, id: string, dto: CompleteSessionDto): Promise<TherapySessionResponse> {
    return this.db.transaction(async (tx) => {
      const row = await this.lockOne(tx, actor, id);
      const now = new Date();
      nextStatus({ status: row.status, startsAt: row.starts_at }, 'complete', now);
      const attended = attendance(row, dto.attendedClientIds);
      await rows(tx, therapySessionQueries.complete(id, now, attended));
      await this.notifications.completed(tx, row, now);
      await this.reminders.withdraw(tx, id);
      return this.recorded(tx, actor, id, row.client_ids);
    });
  }

  /** Cancels and frees the time; inside the late-cancellation window it is flagged. */
  async cancel(actor: UserActor, id: string, dto: CancelSessionDto): Promise<TherapySessionResponse> {
    return this.db.transaction(async (tx) => {
      const row = await this.lockOne(tx, actor, id);
      const now = new Date();
      nextStatus({ status: row.status, startsAt: row.starts_at }, 'cancel', now);
      const late = isLateCancellation(row.starts_at, now, this.lateCancellationHours);
      await rows(tx, therapySessionQueries.cancel(id, { at: now, by: dto.cancelledBy, reason: dto.reason, late }));
      await this.busyTime.release(tx, row.busy_time_id);
      await this.notifications.cancelled(tx, row, now);
      await this.reminders.withdraw(tx, id, 'withdrawn: session cancelled');
      return this.recorded(tx, actor, id, row.client_ids);
    });
  }

  /** The client(s) did not come. The time stays booked: it was the therapist's. */
  async noShow(actor: UserActor, id: string): Promise<TherapySessionResponse> {
    return this.db.transaction(async (tx) => {
      const row = await this.lockOne(tx, actor, id);
      nextStatus({ status: row.status, startsAt: row.starts_at }, 'no_show', new Date());
      await rows(tx, therapySessionQueries.noShow(id));
      await this.reminders.withdraw(tx, id);
      return this.recorded(tx, actor, id, row.client_ids);
    });
  }

  /** The clients of the couple or client the session is for, when both are on the therapist's caseload and within the actor's reach. */
  private async caseloadParty(tx: EntityManager, actor: UserActor, therapistId: string, dto: CreateTherapySessionDto): Promise<string[]> {
    const party = await first(tx, therapySessionQueries.caseloadParty(this.access.scope(actor), { therapistId, coupleId: dto.coupleId, clientId: dto.clientId }));
    if (!party) {
      const what = dto.coupleId ? 'couple' : 'client';
      throw new Unprocessable(SESSION_PROBLEMS['not-on-caseload'], `The ${what} must be within your reach and on the caseload of the session's therapist, an active therapist, and no client of it archived.`);
    }
    return party.client_ids;
  }

  /** The session, locked for a change, if the actor may manage it. */
  private async lockOne(tx: EntityManager, actor: UserActor, id: string): Promise<TherapySessionRow> {
    const row = await first(tx, therapySessionQueries.lockOne(this.access.scope(actor), id));
    if (!row) throw new NotFound('session');
    return row;
  }

  /** Audits a change and answers the session as it now is. */
  private async recorded(tx: EntityManager, actor: UserActor, id: string, clientIds: string[]): Promise<TherapySessionResponse> {
    await this.audit.record(tx, actor, { action: 'update', resourceType: 'session', resourceId: id, clientIds });
    const [row] = await rows(tx, therapySessionQueries.changed(id));
    return toTherapySessionResponse(row, this.zone, actor);
  }
}

/** The modality, place and link after a change: each modality keeps only its own field. */
function mergePlace(row: TherapySessionRow, dto: UpdateTherapySessionDto): { modality: Modality; location: string | null; videoUrl: string | null } {
  const modality = dto.modality ?? row.modality;
  const same = modality === row.modality;
  const errors: FieldError[] = [];
  if (modality === 'online' && dto.location !== undefined) errors.push({ field: 'location', message: 'location is only for in-person sessions' });
  if (modality === 'in_person' && dto.videoUrl !== undefined) errors.push({ field: 'videoUrl', message: 'videoUrl is only for online sessions' });
  const location = modality === 'in_person' ? (dto.location ?? (same ? row.location : null)) : null;
  const videoUrl = modality === 'online' ? (dto.videoUrl ?? (same ? row.video_url : null)) : null;
  if (modality === 'in_person' && !location) errors.push({ field: 'location', message: 'location is required for in-person sessions' });
  if (modality === 'online' && !videoUrl) errors.push({ field: 'videoUrl', message: 'videoUrl is required for online sessions' });
  if (errors.length) throw new InvalidRequest('The modality and its place or link do not match.', errors);
  return { modality, location, videoUrl };
}

/** Who attended: for a couple, one or both partners (required); for one client, that client. */
function attendance(row: TherapySessionRow, given: string[] | undefined): string[] {
  if (row.couple_id && !given) {
    throw new InvalidRequest('Say which partners attended.', [{ field: 'attendedClientIds', message: 'attendedClientIds is required for couple sessions' }]);
  }
  const attended = given ?? row.client_ids;
  if (!attended.every((c) => row.client_ids.includes(c))) {
    throw new Unprocessable(SESSION_PROBLEMS['not-a-participant'], row.couple_id ? 'Only partners of the session’s couple can attend it.' : 'Only the session’s client can attend it.');
  }
  return attended;
}
