import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { BusyTimeService } from '../busy-time/busy-time.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { hashToken, newSecretToken } from '../common/auth/secret-token';
import { Actor, RequestOrigin, UserActor } from '../common/auth/roles';
import { decodeCursor, Page, toPage } from '../common/pagination/pagination';
import { Conflict, InvalidRequest, NotFound, Problem, TooManyRequests, Unprocessable } from '../common/problem/problem';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import type { AppConfig } from '../config/environment';
import { SqlParams, updateReturning } from '../database/sql-params';
import { Outbox, OutboxEntry } from '../outbox/outbox.service';
import { normaliseEmail } from '../users/email';
import { inZone } from '../common/time/in-zone';
import { CALL_COLUMNS, CallRow, toCallResponse, toManagedResponse } from './connection-calls.sql';
import { AvailabilityQuery } from './dto/availability.query';
import { BookConnectionCallDto, RescheduleConnectionCallDto } from './dto/book-connection-call.dto';
import {
  AvailabilityResponse,
  BookedConnectionCallResponse,
  ConnectionCallResponse,
  ManagedConnectionCallResponse,
} from './dto/connection-call.response';
import { ConvertConnectionCallDto, ListConnectionCallsQuery, UpdateConnectionCallDto } from './dto/staff.dto';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { auditedCaller } from './request-origin';
import { BusyList, freeSlots, Interval, parseBusy, SlotGrid, SlotRules, WeeklyWindow } from './slots';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const MAX_RANGE_DAYS = 31;
const MANAGE_TOKEN = /^mt_[A-Za-z0-9_-]{43}$/;

/** One bookable therapist's week and busy time (sorted, disjoint), loaded for all therapists at once. */
interface TherapistCalendar {
  id: string;
  windows: WeeklyWindow[];
  busy: BusyList;
}

/** With the recent load that decides who takes a booking. */
interface TherapistLoad extends TherapistCalendar {
  display_name: string;
  email: string;
  upcoming: number;
  last_booked_at: Date | null;
}

const slotTaken = () => new Conflict('slot-taken', 'This time is no longer available; choose another slot.');
const isBusy = (error: unknown) =>
  (error instanceof Problem && error.code === 'therapist-busy') ||
  (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23P01');

@Injectable()
export class ConnectionCallsService {
  constructor(
    private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly busyTime: BusyTimeService,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly limiter: RateLimiter,
    private readonly idempotency: Idempotency,
  ) {}

  private get zone(): string {
    return this.config.get('CLINIC_TIME_ZONE', { infer: true });
  }

  private get rules(): SlotRules {
    return {
      zone: this.zone,
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
    const calendars = await this.calendars(this.db.manager, { start: from - buffer, end: to + buffer }, { therapistId: query.therapistId });
    const grid = new SlotGrid({ start: from, end: to }, now, rules);
    const slots = freeSlots(grid, calendars).map((s) => ({ startsAt: grid.iso(s.start), endsAt: grid.iso(s.end), therapistIds: s.therapistIds }));
    return { timeZone: rules.zone, callMinutes: rules.callMinutes, slots };
  }

  /** Books a call once per Idempotency-Key; the answer is 201 or its replay. */
  async book(actor: Actor | undefined, dto: BookConnectionCallDto, idempotent: IdempotentRequest | undefined, origin: RequestOrigin): Promise<IdempotentAnswer<BookedConnectionCallResponse>> {
    if (!dto.inOntario) {
      throw new Unprocessable(
        'outside-ontario',
        'The clinic’s therapists practise with Ontario residents only, so connection calls are for people who are in Ontario.',
      );
    }
    // The manage link is a secret: stored without it, and re-issued to the caller who replays.
    const write = {
      stored: ({ manageUrl: _secret, ...answer }: BookedConnectionCallResponse) => answer,
      replay: (answer: Omit<BookedConnectionCallResponse, 'manageUrl'>) => this.reissueManageLink(answer),
      // Outside the transaction: the counters take a connection of their own, and a booking holds one already.
      before: () => this.limitRate(actor, requesterHash(actor, origin, normaliseEmail(dto.email)), origin),
    };
    return this.idempotency.run(idempotent, dto, write, (tx) => this.bookOnce(tx, actor, dto, origin));
  }

  /** A fresh manage link for a booking; the one issued before stops working. */
  private async reissueManageLink(answer: Omit<BookedConnectionCallResponse, 'manageUrl'>): Promise<BookedConnectionCallResponse> {
    const token = newSecretToken('mt_');
    await this.db.query('UPDATE connection_calls SET manage_token_hash = $1, updated_at = now() WHERE id = $2', [hashToken(token), answer.id]);
    return { ...answer, manageUrl: this.manageUrl(token) };
  }

  private manageUrl(token: string): string {
    return `${this.config.get('PUBLIC_BASE_URL', { infer: true })}/api/v1/connection-calls/manage/${token}`;
  }

  private async bookOnce(tx: EntityManager, actor: Actor | undefined, dto: BookConnectionCallDto, origin: RequestOrigin): Promise<BookedConnectionCallResponse> {
    const email = normaliseEmail(dto.email);
    const requester = requesterHash(actor, origin, email);
    const rules = this.rules;
    const start = DateTime.fromISO(dto.startsAt).toMillis();
    const end = start + rules.callMinutes * MINUTE;
    const free = await this.freeTherapists(tx, start, dto.therapistId);
    const token = newSecretToken('mt_');
    const manageUrl = this.manageUrl(token);
    // Serialises bookings of one email, so the cap on open bookings holds under concurrency.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`connection-call-email:${email}`]);
    const max = this.config.get('BOOKING_MAX_OPEN_PER_EMAIL', { infer: true });
    // The answer depends only on what this requester booked for the email, never on the email's
    // other bookings (that would tell anyone that the person sought care); the person hears of
    // every booking in their name by email.
    const [{ mine, all }]: { mine: number; all: number }[] = await tx.query(
      `SELECT count(*) FILTER (WHERE requester_hash = $2)::int AS mine, count(*)::int AS all
         FROM connection_calls WHERE email = $1 AND status = 'booked' AND starts_at > now()`,
      [email, requester],
    );
    if (mine >= max) {
      throw new Conflict('too-many-open-bookings', `You already booked ${mine} upcoming connection calls for this email; cancel one with its manage link before booking another.`);
    }
    for (const therapist of free) {
      let busyTimeId: string;
      try {
        busyTimeId = await this.busyTime.reserve(tx, therapist.id, { startsAt: new Date(start), endsAt: new Date(end) }, 'connection_call');
      } catch (error) {
        if (isBusy(error)) continue; // lost the race for this therapist: try the next one who was free
        throw error;
      }
      const [row]: CallRow[] = await tx.query(
        `WITH c AS (
           INSERT INTO connection_calls (therapist_id, busy_time_id, starts_at, ends_at, modality, name, email, phone, message, manage_token_hash, booked_by_key_id, requester_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *)
         SELECT ${CALL_COLUMNS} FROM c JOIN users t ON t.id = c.therapist_id`,
        [
          therapist.id,
          busyTimeId,
          new Date(start),
          new Date(end),
          dto.modality,
          dto.name,
          email,
          dto.phone ?? null,
          dto.message || null,
          hashToken(token),
          actor?.kind === 'apiKey' ? actor.id : null,
          requester,
        ],
      );
      await this.outbox.enqueue(tx, this.messages('connection_call.booked', row, { manageUrl, upcomingCalls: all + 1 }));
      await this.audit.record(tx, auditedCaller(actor, origin), { action: 'create', resourceType: 'connection_call', resourceId: row.id, clientIds: [] });
      return {
        id: row.id,
        startsAt: inZone(row.starts_at, this.zone),
        endsAt: inZone(row.ends_at, this.zone),
        modality: row.modality,
        status: row.status,
        therapist: { id: row.therapist_id, displayName: row.therapist_name },
        manageUrl,
      };
    }
    throw slotTaken();
  }

  /** The holder of a manage link sees their booking: times, modality, therapist, status. */
  async viewManaged(token: string, origin: RequestOrigin): Promise<ManagedConnectionCallResponse> {
    const p = new SqlParams();
    const select = `SELECT ${CALL_COLUMNS} FROM connection_calls c JOIN users t ON t.id = c.therapist_id WHERE c.manage_token_hash = ${p.add(this.tokenHash(token))}`;
    const [row] = await this.audit.read<CallRow>(auditedCaller(undefined, origin), select, p, {
      action: 'read',
      resourceType: 'connection_call',
      resourceId: 'rows.id',
      clientIds: 'array_remove(ARRAY[rows.client_id], NULL)',
    });
    if (!row) throw new NotFound('connection call');
    return toManagedResponse(row, this.zone);
  }

  /** Cancels and frees the time. A second cancel is a 409 (`already-cancelled`). */
  async cancelManaged(token: string, origin: RequestOrigin): Promise<ManagedConnectionCallResponse> {
    return this.db.transaction(async (tx) => {
      const row = await this.lockManaged(tx, token);
      if (row.status === 'cancelled') throw new Conflict('already-cancelled', 'This connection call is already cancelled.');
      this.assertChangeable(row);
      const [cancelled] = await updateReturning<{ status: CallRow['status']; cancelled_at: Date }>(
        tx,
        `UPDATE connection_calls SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = $1 RETURNING status, cancelled_at`,
        [row.id],
      );
      await this.busyTime.release(tx, row.busy_time_id);
      const next = { ...row, ...cancelled };
      await this.outbox.enqueue(tx, this.messages('connection_call.cancelled', next));
      await this.audit.record(tx, auditedCaller(undefined, origin), { action: 'update', resourceType: 'connection_call', resourceId: row.id, clientIds: [] });
      return toManagedResponse(next, this.zone);
    });
  }

  /** Moves the call to another free slot of the same therapist; the old time is freed only if the new one is taken. */
  async rescheduleManaged(token: string, dto: RescheduleConnectionCallDto, origin: RequestOrigin): Promise<ManagedConnectionCallResponse> {
    const start = DateTime.fromISO(dto.startsAt).toMillis();
    const end = start + this.rules.callMinutes * MINUTE;
    return this.db.transaction(async (tx) => {
      const row = await this.lockManaged(tx, token);
      if (row.status === 'cancelled') throw new Conflict('call-cancelled', 'A cancelled connection call cannot be rescheduled; book a new one.');
      this.assertChangeable(row);
      await this.freeTherapists(tx, start, row.therapist_id, row.busy_time_id);
      try {
        await this.busyTime.move(tx, row.busy_time_id, row.therapist_id, { startsAt: new Date(start), endsAt: new Date(end) });
      } catch (error) {
        if (isBusy(error)) throw slotTaken();
        throw error;
      }
      await tx.query('UPDATE connection_calls SET starts_at = $2, ends_at = $3, updated_at = now() WHERE id = $1', [row.id, new Date(start), new Date(end)]);
      const next = { ...row, starts_at: new Date(start), ends_at: new Date(end) };
      await this.outbox.enqueue(tx, this.messages('connection_call.rescheduled', next, { previousStartsAt: inZone(row.starts_at, this.zone) }));
      await this.audit.record(tx, auditedCaller(undefined, origin), { action: 'update', resourceType: 'connection_call', resourceId: row.id, clientIds: [] });
      return toManagedResponse(next, this.zone);
    });
  }

  async list(actor: UserActor, query: ListConnectionCallsQuery): Promise<Page<ConnectionCallResponse>> {
    const p = new SqlParams();
    const where = [this.scope(actor, p)];
    if (query.status) where.push(`c.status = ${p.add(query.status)}`);
    if (query.from) where.push(`c.starts_at >= ${p.add(query.from)}::timestamptz`);
    if (query.to) where.push(`c.starts_at < ${p.add(query.to)}::timestamptz`);
    if (query.cursor) {
      const [startsAt, id] = decodeCursor(query.cursor, 2);
      where.push(`(c.starts_at, c.id) > (${p.add(startsAt)}::timestamptz, ${p.add(id)}::uuid)`);
    }
    const select = `SELECT ${CALL_COLUMNS} FROM connection_calls c JOIN users t ON t.id = c.therapist_id
      WHERE ${where.join(' AND ')} ORDER BY c.starts_at, c.id LIMIT ${query.limit + 1}`;
    const rows = await this.audit.read<CallRow>(actor, select, p, {
      action: 'list',
      resourceType: 'connection_call',
      clientIds: 'ARRAY[rows.client_id]',
      limit: query.limit,
      orderBy: 'starts_at, id',
    });
    return toPage(rows, query.limit, (r) => [r.starts_at.toISOString(), r.id], (r) => toCallResponse(r, this.zone));
  }

  async get(actor: UserActor, id: string): Promise<ConnectionCallResponse> {
    const p = new SqlParams();
    const select = `SELECT ${CALL_COLUMNS} FROM connection_calls c JOIN users t ON t.id = c.therapist_id
      WHERE c.id = ${p.add(id)} AND ${this.scope(actor, p)}`;
    const [row] = await this.audit.read<CallRow>(actor, select, p, {
      action: 'read',
      resourceType: 'connection_call',
      resourceId: 'rows.id',
      clientIds: 'array_remove(ARRAY[rows.client_id], NULL)',
    });
    if (!row) throw new NotFound('connection call');
    return toCallResponse(row, this.zone);
  }

  /** Records how the call went (completed, no-show) and staff notes. */
  async update(actor: UserActor, id: string, dto: UpdateConnectionCallDto): Promise<ConnectionCallResponse> {
    if (dto.status === undefined && dto.staffNotes === undefined) throw new InvalidRequest('The request changes nothing.');
    return this.db.transaction(async (tx) => {
      const row = await this.lockForStaff(tx, actor, id);
      if (dto.status && dto.status !== row.status) {
        if (row.status === 'cancelled') throw new Conflict('call-cancelled', 'A cancelled connection call cannot be marked completed or no-show.');
        if (row.starts_at.getTime() > Date.now()) throw new Conflict('call-not-started', 'A connection call can be marked completed or no-show only once it has started.');
      }
      const status = dto.status ?? row.status;
      const staffNotes = dto.staffNotes === undefined ? row.staff_notes : dto.staffNotes || null;
      await tx.query('UPDATE connection_calls SET status = $2, staff_notes = $3, updated_at = now() WHERE id = $1', [id, status, staffNotes]);
      const next = { ...row, status, staff_notes: staffNotes };
      if (status === 'completed' && row.status !== 'completed') await this.outbox.enqueue(tx, this.messages('connection_call.completed', next));
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'connection_call', resourceId: id, clientIds: row.client_id ? [row.client_id] : [] });
      return toCallResponse(next, this.zone);
    });
  }

  /** Makes a client record from the call, on the call's therapist's caseload, and links them. */
  async convert(actor: UserActor, id: string, dto: ConvertConnectionCallDto): Promise<ConnectionCallResponse> {
    return this.db.transaction(async (tx) => {
      const row = await this.lockForStaff(tx, actor, id);
      if (row.client_id) throw new Conflict('already-converted', 'This connection call has already been converted into a client record.');
      const [client]: { id: string }[] = await tx.query(
        `INSERT INTO clients (legal_name, email, phone, date_of_birth, primary_therapist_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [row.name, row.email, row.phone, dto.dateOfBirth, row.therapist_id],
      );
      await tx.query('UPDATE connection_calls SET client_id = $2, updated_at = now() WHERE id = $1', [id, client.id]);
      await this.audit.record(tx, actor, { action: 'create', resourceType: 'client', resourceId: client.id, clientIds: [client.id] });
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'connection_call', resourceId: id, clientIds: [client.id] });
      return toCallResponse({ ...row, client_id: client.id }, this.zone);
    });
  }

  /** Admins see every call; a therapist only their own. Clients never reach here (403). */
  private scope(actor: UserActor, p: SqlParams): string {
    return actor.role === 'admin' ? 'TRUE' : `c.therapist_id = ${p.add(actor.id)}`;
  }

  private async lockForStaff(tx: EntityManager, actor: UserActor, id: string): Promise<CallRow> {
    const p = new SqlParams();
    const [row]: CallRow[] = await tx.query(
      `SELECT ${CALL_COLUMNS} FROM connection_calls c JOIN users t ON t.id = c.therapist_id
        WHERE c.id = ${p.add(id)} AND ${this.scope(actor, p)} FOR UPDATE OF c`,
      p.values,
    );
    if (!row) throw new NotFound('connection call');
    return row;
  }

  private async lockManaged(tx: EntityManager, token: string): Promise<CallRow> {
    const [row]: CallRow[] = await tx.query(
      `SELECT ${CALL_COLUMNS} FROM connection_calls c JOIN users t ON t.id = c.therapist_id WHERE c.manage_token_hash = $1 FOR UPDATE OF c`,
      [this.tokenHash(token)],
    );
    if (!row) throw new NotFound('connection call');
    return row;
  }

  /** A malformed token can match nothing; it is answered like an unknown one. */
  private tokenHash(token: string): Buffer {
    if (!MANAGE_TOKEN.test(token)) throw new NotFound('connection call');
    return hashToken(token);
  }

  private assertChangeable(row: CallRow): void {
    if (row.status !== 'booked') throw new Conflict('call-finished', 'This connection call has already taken place.');
    if (row.starts_at.getTime() <= Date.now()) throw new Conflict('call-started', 'This connection call has already started; it can no longer be changed.');
  }

  /**
   * Therapists free to take a call starting at `start`, fairest first (fewest calls in the next 30
   * days, then the one booked least recently). 422 when `start` is not an offered slot (outside
   * every window, too soon, too far ahead), 409 when it is but nobody is free any more.
   */
  private async freeTherapists(manager: EntityManager, start: number, therapistId?: string, exceptBusyTimeId?: string): Promise<TherapistLoad[]> {
    const rules = this.rules;
    const buffer = rules.bufferMinutes * MINUTE;
    const slot = { start, end: start + rules.callMinutes * MINUTE };
    const now = Date.now();
    const calendars = await this.calendars(manager, { start: slot.start - buffer, end: slot.end + buffer }, { therapistId, exceptBusyTimeId, load: true });
    if (therapistId && !calendars.length) throw new Unprocessable('unknown-therapist', 'No therapist with this id takes connection calls.');
    const grid = new SlotGrid(slot, now, rules);
    const offers = (c: TherapistCalendar, busy: BusyList) => grid.freeStarts(c.windows, busy).includes(start);
    const offered = calendars.filter((c) => offers(c, []));
    if (!offered.length) {
      throw new Unprocessable('slot-not-offered', 'This start time is not an offered slot; pick one from GET /connection-calls/availability.');
    }
    const free = offered.filter((c) => offers(c, c.busy));
    if (!free.length) throw slotTaken();
    return free.sort((a, b) => a.upcoming - b.upcoming || (a.last_booked_at?.getTime() ?? 0) - (b.last_booked_at?.getTime() ?? 0));
  }

  /**
   * Windows and busy time within `range` of every bookable therapist (or one), in one query; with
   * `load`, also names and recent load (for choosing who takes a booking). Busy time comes merged
   * (range_agg joins overlapping and touching ranges) and sorted, as "start,end,…" milliseconds:
   * a year of busy calendars is tens of thousands of ranges, and JSON objects per range cost more
   * to build in PostgreSQL and to parse in Node than the slots themselves.
   */
  private calendars(manager: EntityManager, range: Interval, options: { therapistId?: string; exceptBusyTimeId?: string; load: true }): Promise<TherapistLoad[]>;
  private calendars(manager: EntityManager, range: Interval, options: { therapistId?: string }): Promise<TherapistCalendar[]>;
  private async calendars(
    manager: EntityManager,
    range: Interval,
    { therapistId, exceptBusyTimeId, load }: { therapistId?: string; exceptBusyTimeId?: string; load?: boolean },
  ): Promise<TherapistCalendar[]> {
    const params: unknown[] = [new Date(range.start), new Date(range.end), therapistId ?? null];
    // Without an excepted id the busy ranges are read from the exclusion constraint's index alone.
    let except = '';
    if (exceptBusyTimeId) {
      params.push(exceptBusyTimeId);
      except = 'AND b.id <> $4::uuid';
    }
    const rows: (Omit<TherapistCalendar, 'busy'> & { busy: string | null })[] = await manager.query(
      `SELECT u.id,
              coalesce((SELECT json_agg(json_build_object('weekday', w.weekday, 'start', to_char(w.starts_at, 'HH24:MI'), 'end', to_char(w.ends_at, 'HH24:MI')))
                          FROM availability_windows w WHERE w.therapist_id = u.id), '[]') AS windows,
              (SELECT string_agg((extract(epoch FROM lower(r)) * 1000)::bigint || ',' || (extract(epoch FROM upper(r)) * 1000)::bigint, ',')
                 FROM unnest((SELECT range_agg(b.during) FROM busy_times b
                               WHERE b.therapist_id = u.id AND b.released_at IS NULL ${except}
                                 AND b.during && tstzrange($1, $2, '[)'))) r) AS busy${
                load
                  ? `,
              u.display_name, u.email,
              (SELECT count(*)::int FROM connection_calls c
                WHERE c.therapist_id = u.id AND c.status <> 'cancelled' AND c.starts_at >= now() AND c.starts_at < now() + interval '30 days') AS upcoming,
              (SELECT max(c.created_at) FROM connection_calls c WHERE c.therapist_id = u.id) AS last_booked_at`
                  : ''
              }
         FROM users u JOIN therapist_profiles p ON p.user_id = u.id
        WHERE u.role = 'therapist' AND u.active AND p.takes_connection_calls AND ($3::uuid IS NULL OR u.id = $3::uuid)
        ORDER BY u.id`,
      params,
    );
    return rows.map((row) => ({ ...row, busy: parseBusy(row.busy) }));
  }

  private async limitRate(actor: Actor | undefined, requester: Buffer, origin: RequestOrigin): Promise<void> {
    // An integration books for many people from one address: its key skips the per-address limit.
    const integration = actor?.kind === 'apiKey' && actor.scopes.includes('bookings:write');
    if (!integration) {
      const limit = this.config.get('BOOKING_RATE_PER_HOUR_PER_ADDRESS', { infer: true });
      const address = await this.limiter.consume(`booking-address:${origin.sourceAddress ?? 'unknown'}`, limit, 3600);
      if (!address.allowed) throw new TooManyRequests(address.retryAfterSeconds, 'Too many bookings from your address; try again later.');
    }
    const perDay = this.config.get('BOOKING_RATE_PER_DAY_PER_EMAIL', { infer: true });
    // Counted per email and requester: a stranger's attempts never use up the person's own.
    const byEmail = await this.limiter.consume(`booking-email:${requester.toString('base64url')}`, perDay, 86_400);
    if (!byEmail.allowed) throw new TooManyRequests(byEmail.retryAfterSeconds, 'Too many booking attempts for this email today; try again later.');
  }

  /**
   * The messages of a change: an email to the person, a notice to the therapist (never the
   * person's message text) and a webhook with ids and times only.
   */
  private messages(event: string, row: CallRow, personOnly: { manageUrl?: string; previousStartsAt?: string; upcomingCalls?: number } = {}): OutboxEntry[] {
    const times = { startsAt: inZone(row.starts_at, this.zone), endsAt: inZone(row.ends_at, this.zone), modality: row.modality };
    const previous = personOnly.previousStartsAt ? { previousStartsAt: personOnly.previousStartsAt } : {};
    // Field names follow src/outbox/email-templates.ts; `recipient` picks the wording.
    const person: OutboxEntry = {
      channel: 'email',
      event,
      payload: { recipient: 'person', to: row.email, name: row.name, therapistName: row.therapist_name, ...times, ...personOnly },
    };
    const therapist: OutboxEntry = {
      channel: 'email',
      event,
      payload: {
        recipient: 'therapist',
        to: row.therapist_email,
        name: row.therapist_name,
        therapistName: row.therapist_name,
        callId: row.id,
        personName: row.name,
        personEmail: row.email,
        personPhone: row.phone,
        ...times,
        ...previous,
      },
    };
    const webhook: OutboxEntry = { channel: 'webhook', event, payload: { callId: row.id, therapistId: row.therapist_id, ...times, ...previous } };
    // A completion is marked by the therapist: no notice to them about it.
    return event === 'connection_call.completed' ? [person, webhook] : [person, therapist, webhook];
  }
}

/** Who asks for a booking for `email`: the integration key, or else the source address; hashed, never stored in clear. */
function requesterHash(actor: Actor | undefined, origin: RequestOrigin, email: string): Buffer {
  const requester = actor?.kind === 'apiKey' ? `key:${actor.id}` : `address:${origin.sourceAddress ?? 'unknown'}`;
  return hashToken(`${email}\n${requester}`);
}
