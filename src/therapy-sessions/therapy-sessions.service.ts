import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BusyTimeService, TimeRange } from '../busy-time/busy-time.service';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { decodeCursor, Page, toPage } from '../common/pagination/pagination';
import { FieldError, Forbidden, InvalidRequest, NotFound, Unprocessable } from '../common/problem/problem';
import type { AppConfig } from '../config/environment';
import { SqlParams } from '../database/sql-params';
import { CreateTherapySessionDto, UpdateTherapySessionDto } from './dto/create-therapy-session.dto';
import { ListTherapySessionsQuery } from './dto/list-therapy-sessions.query';
import { CancelSessionDto, CompleteSessionDto } from './dto/session-outcome.dto';
import { ScheduledSessionsResponse, TherapySessionResponse } from './dto/therapy-session.response';
import { expandOccurrences } from './recurrence';
import { isLateCancellation, nextStatus } from './session-status';
import { MAX_SESSION_HOURS, Modality } from './therapy-session.entity';
import { SESSION_SELECT, TherapySessionRow, toTherapySessionResponse } from './therapy-sessions.sql';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';

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
    config: ConfigService<AppConfig, true>,
  ) {
    this.zone = config.get('CLINIC_TIME_ZONE', { infer: true });
    this.lateCancellationHours = config.get('LATE_CANCELLATION_HOURS', { infer: true });
  }

  async list(actor: UserActor, query: ListTherapySessionsQuery): Promise<Page<TherapySessionResponse>> {
    const p = new SqlParams();
    const where = [this.access.sessionPredicate(actor, p, 's')];
    if (query.therapistId) where.push(`s.therapist_id = ${p.add(query.therapistId)}`);
    if (query.coupleId) where.push(`s.couple_id = ${p.add(query.coupleId)}`);
    if (query.clientId) {
      const client = p.add(query.clientId);
      where.push(`(s.client_id = ${client} OR ${client}::uuid IN (k.partner_a_id, k.partner_b_id))`);
    }
    if (query.status) where.push(`s.status = ${p.add(query.status)}`);
    if (query.from || query.to) where.push(`s.during && tstzrange(${p.add(query.from ?? null)}::timestamptz, ${p.add(query.to ?? null)}::timestamptz, '[)')`);
    if (query.cursor) {
      const [startsAt, id] = decodeCursor(query.cursor, 2);
      where.push(`(lower(s.during), s.id) > (${p.add(startsAt)}::timestamptz, ${p.add(id)}::uuid)`);
    }
    const select = `${SESSION_SELECT} WHERE ${where.join(' AND ')} ORDER BY lower(s.during), s.id LIMIT ${query.limit + 1}`;
    const rows = await this.audit.read<TherapySessionRow>(actor, select, p, {
      action: 'list',
      resourceType: 'session',
      clientIds: 'rows.client_ids',
      limit: query.limit,
      orderBy: 'starts_at, id',
    });
    return toPage(rows, query.limit, (r) => [r.starts_at.toISOString(), r.id], (r) => toTherapySessionResponse(r, this.zone, actor));
  }

  async get(actor: UserActor, id: string): Promise<TherapySessionResponse> {
    const p = new SqlParams();
    const select = `${SESSION_SELECT} WHERE s.id = ${p.add(id)} AND ${this.access.sessionPredicate(actor, p, 's')}`;
    const [row] = await this.audit.read<TherapySessionRow>(actor, select, p, {
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
      const p = new SqlParams();
      const created: { id: string }[] = await tx.query(
        `INSERT INTO therapy_sessions (therapist_id, couple_id, client_id, during, busy_time_id, modality, location, video_url, series_id, created_by)
         SELECT ${p.add(therapistId)}::uuid, ${p.add(dto.coupleId ?? null)}::uuid, ${p.add(dto.clientId ?? null)}::uuid,
                tstzrange(r.starts_at, r.ends_at, '[)'), r.busy_time_id, ${p.add(dto.modality)}, ${p.add(dto.location ?? null)},
                ${p.add(dto.videoUrl ?? null)}, ${p.add(seriesId)}::uuid, ${p.add(actor.id)}::uuid
           FROM unnest(${p.add(ranges.map((r) => r.startsAt))}::timestamptz[], ${p.add(ranges.map((r) => r.endsAt))}::timestamptz[],
                       ${p.add(busyTimeIds)}::uuid[]) WITH ORDINALITY AS r(starts_at, ends_at, busy_time_id, n)
          ORDER BY r.n
         RETURNING id`,
        p.values,
      );
      for (const { id } of created) await this.audit.record(tx, actor, { action: 'create', resourceType: 'session', resourceId: id, clientIds });
      const rows: TherapySessionRow[] = await tx.query(`${SESSION_SELECT} WHERE s.id = ANY($1::uuid[]) ORDER BY lower(s.during)`, [created.map((c) => c.id)]);
      return { seriesId, sessions: rows.map((r) => toTherapySessionResponse(r, this.zone, actor)) };
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
      await tx.query(
        `UPDATE therapy_sessions SET during = tstzrange($2, $3, '[)'), modality = $4, location = $5, video_url = $6, updated_at = now() WHERE id = $1`,
        [id, startsAt, endsAt, place.modality, place.location, place.videoUrl],
      );
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
      await tx.query(`UPDATE therapy_sessions SET status = 'completed', completed_at = $2, attended_client_ids = $3::uuid[], updated_at = now() WHERE id = $1`, [
        id,
        now,
        attended,
      ]);
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
      await tx.query(
        `UPDATE therapy_sessions SET status = 'cancelled', cancelled_at = $2, cancelled_by = $3, cancellation_reason = $4, late_cancellation = $5, updated_at = now()
          WHERE id = $1`,
        [id, now, dto.cancelledBy, dto.reason, late],
      );
      await this.busyTime.release(tx, row.busy_time_id);
      return this.recorded(tx, actor, id, row.client_ids);
    });
  }

  /** The client(s) did not come. The time stays booked: it was the therapist's. */
  async noShow(actor: UserActor, id: string): Promise<TherapySessionResponse> {
    return this.db.transaction(async (tx) => {
      const row = await this.lockOne(tx, actor, id);
      nextStatus({ status: row.status, startsAt: row.starts_at }, 'no_show', new Date());
      await tx.query(`UPDATE therapy_sessions SET status = 'no_show', updated_at = now() WHERE id = $1`, [id]);
      return this.recorded(tx, actor, id, row.client_ids);
    });
  }

  /** The clients of the couple or client the session is for, when both are on the therapist's caseload and within the actor's reach. */
  private async caseloadParty(tx: EntityManager, actor: UserActor, therapistId: string, dto: CreateTherapySessionDto): Promise<string[]> {
    const p = new SqlParams();
    const therapist = p.add(therapistId);
    const activeTherapist = `EXISTS (SELECT 1 FROM users u WHERE u.id = ${therapist} AND u.role = 'therapist' AND u.active)`;
    const sql = dto.coupleId
      ? `SELECT ARRAY[k.partner_a_id, k.partner_b_id] AS client_ids FROM couples k
          WHERE k.id = ${p.add(dto.coupleId)} AND k.status <> 'ended' AND k.therapist_id = ${therapist}
            AND ${this.access.couplePredicate(actor, p, 'k')} AND ${activeTherapist}`
      : `SELECT ARRAY[c.id] AS client_ids FROM clients c
          WHERE c.id = ${p.add(dto.clientId)} AND c.archived_at IS NULL
            AND ${this.access.clientPredicate(actor, p, 'c')}
            AND ${this.access.clientPredicate({ kind: 'user', id: therapistId, role: 'therapist' }, p, 'c')} AND ${activeTherapist}`;
    const [party]: { client_ids: string[] }[] = await tx.query(sql, p.values);
    if (!party) {
      const what = dto.coupleId ? 'couple' : 'client';
      throw new Unprocessable('not-on-caseload', `The ${what} must be within your reach and on the caseload of the session's therapist, an active therapist.`);
    }
    return party.client_ids;
  }

  /** The session, locked for a change, if the actor may manage it. */
  private async lockOne(tx: EntityManager, actor: UserActor, id: string): Promise<TherapySessionRow> {
    const p = new SqlParams();
    const [row]: TherapySessionRow[] = await tx.query(
      `${SESSION_SELECT} WHERE s.id = ${p.add(id)} AND ${this.access.sessionPredicate(actor, p, 's')} FOR UPDATE OF s`,
      p.values,
    );
    if (!row) throw new NotFound('session');
    return row;
  }

  /** Audits a change and answers the session as it now is. */
  private async recorded(tx: EntityManager, actor: UserActor, id: string, clientIds: string[]): Promise<TherapySessionResponse> {
    await this.audit.record(tx, actor, { action: 'update', resourceType: 'session', resourceId: id, clientIds });
    const [row]: TherapySessionRow[] = await tx.query(`${SESSION_SELECT} WHERE s.id = $1`, [id]);
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
    throw new Unprocessable('not-a-participant', row.couple_id ? 'Only partners of the session’s couple can attend it.' : 'Only the session’s client can attend it.');
  }
  return attended;
}
