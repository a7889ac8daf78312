import { AccessScope } from '../common/access/access-scope';
import { keyset, KeyedRow } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE, SAMPLE_TIME, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { ACTIVE_THERAPIST } from '../users/users.queries';
import { ListConnectionCallsQuery } from './dto/staff.dto';
import { Interval, WeeklyWindow } from './slots';

/** A `connection_calls` row (alias `c`) with its therapist's name and email. */
export type CallRow = Pick<
  Row<'connection_calls'>,
  | 'id'
  | 'therapist_id'
  | 'busy_time_id'
  | 'starts_at'
  | 'ends_at'
  | 'modality'
  | 'status'
  | 'name'
  | 'email'
  | 'phone'
  | 'message'
  | 'staff_notes'
  | 'client_id'
  | 'cancelled_at'
  | 'created_at'
> & { therapist_name: Row<'users'>['display_name']; therapist_email: Row<'users'>['email'] };

const CALL_COLUMNS = `c.id, c.therapist_id, t.display_name AS therapist_name, t.email AS therapist_email, c.busy_time_id,
  c.starts_at, c.ends_at, c.modality, c.status, c.name, c.email, c.phone, c.message, c.staff_notes, c.client_id,
  c.cancelled_at, c.created_at`;

/** A new booking, as stored. */
export type NewCall = Pick<
  Row<'connection_calls'>,
  'therapist_id' | 'busy_time_id' | 'starts_at' | 'ends_at' | 'modality' | 'name' | 'email' | 'phone' | 'message' | 'manage_token_hash' | 'booked_by_key_id' | 'requester_hash'
>;

/** One bookable therapist's week, and busy time as "start,end,…" milliseconds (see slots.ts parseBusy). */
export type CalendarRow = Pick<Row<'users'>, 'id'> & { windows: WeeklyWindow[]; busy: string | null };

/** With the recent load that decides who takes a booking. */
export type LoadRow = CalendarRow &
  Pick<Row<'users'>, 'display_name' | 'email'> & { upcoming: number; last_booked_at: Row<'connection_calls'>['created_at'] | null };

/** The staff list: by start, then id. */
export const STAFF_CALL_ORDER = keyset({ column: 'c.starts_at', type: 'timestamptz' }, { column: 'c.id', type: 'uuid' });

/**
 * Windows and busy time within `range` of every bookable therapist (or one), in one statement;
 * with `load`, also names and recent load. Busy time comes merged (range_agg joins overlapping and
 * touching ranges) and sorted, as "start,end,…" milliseconds: a year of busy calendars is tens of
 * thousands of ranges, and JSON objects per range cost more to build in PostgreSQL and to parse in
 * Node than the slots themselves. Without an excepted id the busy ranges are read from the
 * exclusion constraint's index alone.
 */
function calendars(range: Interval, therapistId: string | undefined, exceptBusyTimeId: string | undefined, load: boolean): { text: string; values: unknown[] } {
  const params: unknown[] = [new Date(range.start), new Date(range.end), therapistId ?? null];
  let except = '';
  if (exceptBusyTimeId) {
    params.push(exceptBusyTimeId);
    except = 'AND b.id <> $4::uuid';
  }
  const text = `SELECT u.id,
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
        WHERE ${ACTIVE_THERAPIST('u')} AND p.takes_connection_calls AND ($3::uuid IS NULL OR u.id = $3::uuid)
        ORDER BY u.id`;
  return { text, values: params };
}

const SAMPLE_RANGE: Interval = { start: SAMPLE_TIME.from.getTime(), end: SAMPLE_TIME.to.getTime() };
const SAMPLE_HASH = Buffer.alloc(32);

/**
 * Connection calls: the public side (availability, booking, the manage link, which selects by the
 * hash of its secret token) and the staff side (in the caller's connection-call scope).
 */
export const connectionCallQueries = queryModule(
  'connection-calls',
  {
    // Availability and booking.

    /** Every bookable therapist's week and busy time, for free slots. */
    bookableCalendars(range: Interval, therapistId?: string) {
      const { text, values } = calendars(range, therapistId, undefined, false);
      return statement<CalendarRow>(text, values);
    },

    /** The same, with names and load, to choose who takes a booking (`exceptBusyTimeId`: the call being moved). */
    bookableLoads(range: Interval, therapistId?: string, exceptBusyTimeId?: string) {
      const { text, values } = calendars(range, therapistId, exceptBusyTimeId, true);
      return statement<LoadRow>(text, values, 'public-booking');
    },

    /** Serialises bookings of one email, so the cap on open bookings holds under concurrency. */
    lockEmail(email: string) {
      return statement('SELECT pg_advisory_xact_lock(hashtext($1))', [`connection-call-email:${email}`]);
    },

    /** Upcoming calls of an email: those this requester booked, and all of them. */
    openBookings(email: string, requesterHash: Buffer) {
      return statement<{ mine: number; all: number }>(
        `SELECT count(*) FILTER (WHERE requester_hash = $2)::int AS mine, count(*)::int AS all
         FROM connection_calls WHERE email = $1 AND status = 'booked' AND starts_at > now()`,
        [email, requesterHash],
        'public-booking',
      );
    },

    insertCall(call: NewCall) {
      return statement<CallRow>(
        `WITH c AS (
           INSERT INTO connection_calls (therapist_id, busy_time_id, starts_at, ends_at, modality, name, email, phone, message, manage_token_hash, booked_by_key_id, requester_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *)
         SELECT ${CALL_COLUMNS} FROM c JOIN users t ON t.id = c.therapist_id`,
        [
          call.therapist_id,
          call.busy_time_id,
          call.starts_at,
          call.ends_at,
          call.modality,
          call.name,
          call.email,
          call.phone,
          call.message,
          call.manage_token_hash,
          call.booked_by_key_id,
          call.requester_hash,
        ],
        'public-booking',
      );
    },

    /** A new manage link for a replayed booking: the one issued before stops working. */
    replaceManageToken(callId: string, tokenHash: Buffer) {
      return statement('UPDATE connection_calls SET manage_token_hash = $1, updated_at = now() WHERE id = $2', [tokenHash, callId], 'public-booking');
    },

    // The manage link.

    managedCall(tokenHash: Buffer) {
      const p = new SqlParams();
      return statement<CallRow>(
        `SELECT ${CALL_COLUMNS} FROM connection_calls c JOIN users t ON t.id = c.therapist_id WHERE c.manage_token_hash = ${p.add(tokenHash)}`,
        p,
        'bearer-token',
      );
    },

    lockManagedCall(tokenHash: Buffer) {
      return statement<CallRow>(
        `SELECT ${CALL_COLUMNS} FROM connection_calls c JOIN users t ON t.id = c.therapist_id WHERE c.manage_token_hash = $1 FOR UPDATE OF c`,
        [tokenHash],
        'bearer-token',
      );
    },

    /** After lockManagedCall. */
    cancelCall(callId: string) {
      return statement<Pick<Row<'connection_calls'>, 'status' | 'cancelled_at'>>(
        `UPDATE connection_calls SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = $1 RETURNING status, cancelled_at`,
        [callId],
        'after-scoped-check',
      );
    },

    /** After lockManagedCall. */
    moveCall(callId: string, startsAt: Date, endsAt: Date) {
      return statement('UPDATE connection_calls SET starts_at = $2, ends_at = $3, updated_at = now() WHERE id = $1', [callId, startsAt, endsAt], 'after-scoped-check');
    },

    // The staff side.

    staffCalls(scope: AccessScope, query: ListConnectionCallsQuery) {
      const p = new SqlParams();
      const where = [scope.connectionCalls(p)];
      if (query.status) where.push(`c.status = ${p.add(query.status)}`);
      if (query.from) where.push(`c.starts_at >= ${p.add(query.from)}::timestamptz`);
      if (query.to) where.push(`c.starts_at < ${p.add(query.to)}::timestamptz`);
      where.push(STAFF_CALL_ORDER.after(query.cursor, p));
      return statement<CallRow & KeyedRow>(
        `SELECT ${CALL_COLUMNS}, ${STAFF_CALL_ORDER.key} FROM connection_calls c JOIN users t ON t.id = c.therapist_id
      WHERE ${where.join(' AND ')} ORDER BY ${STAFF_CALL_ORDER.orderBy} LIMIT ${STAFF_CALL_ORDER.limit(query.limit)}`,
        p,
      );
    },

    staffCall(scope: AccessScope, callId: string) {
      const p = new SqlParams();
      return statement<CallRow>(
        `SELECT ${CALL_COLUMNS} FROM connection_calls c JOIN users t ON t.id = c.therapist_id
      WHERE c.id = ${p.add(callId)} AND ${scope.connectionCalls(p)}`,
        p,
      );
    },

    lockStaffCall(scope: AccessScope, callId: string) {
      const p = new SqlParams();
      return statement<CallRow>(
        `SELECT ${CALL_COLUMNS} FROM connection_calls c JOIN users t ON t.id = c.therapist_id
        WHERE c.id = ${p.add(callId)} AND ${scope.connectionCalls(p)} FOR UPDATE OF c`,
        p,
      );
    },

    /** After lockStaffCall. */
    recordOutcome(callId: string, status: Row<'connection_calls'>['status'], staffNotes: string | null) {
      return statement('UPDATE connection_calls SET status = $2, staff_notes = $3, updated_at = now() WHERE id = $1', [callId, status, staffNotes], 'after-scoped-check');
    },

    /** After lockStaffCall: the client record made from the call, on its therapist's caseload. */
    clientFromCall(call: Pick<CallRow, 'name' | 'email' | 'phone' | 'therapist_id'>, dateOfBirth: string) {
      return statement<Pick<Row<'clients'>, 'id'>>(
        `INSERT INTO clients (legal_name, email, phone, date_of_birth, primary_therapist_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [call.name, call.email, call.phone, dateOfBirth, call.therapist_id],
        'after-scoped-check',
      );
    },

    /** After lockStaffCall. */
    linkClient(callId: string, clientId: string) {
      return statement('UPDATE connection_calls SET client_id = $2, updated_at = now() WHERE id = $1', [callId, clientId], 'after-scoped-check');
    },
  },
  {
    bookableCalendars: [[SAMPLE_RANGE], [SAMPLE_RANGE, SAMPLE_ID.therapist]],
    bookableLoads: [[SAMPLE_RANGE, SAMPLE_ID.therapist], [SAMPLE_RANGE, SAMPLE_ID.therapist, SAMPLE_ID.other]],
    lockEmail: [['sam.rivera@example.com']],
    openBookings: [['sam.rivera@example.com', SAMPLE_HASH]],
    insertCall: [
      [
        {
          therapist_id: SAMPLE_ID.therapist,
          busy_time_id: SAMPLE_ID.other,
          starts_at: SAMPLE_TIME.from,
          ends_at: SAMPLE_TIME.to,
          modality: 'video',
          name: 'Sam Rivera',
          email: 'sam.rivera@example.com',
          phone: null,
          message: null,
          manage_token_hash: SAMPLE_HASH,
          booked_by_key_id: null,
          requester_hash: SAMPLE_HASH,
        },
      ],
    ],
    replaceManageToken: [[SAMPLE_ID.call, SAMPLE_HASH]],
    managedCall: [[SAMPLE_HASH]],
    lockManagedCall: [[SAMPLE_HASH]],
    cancelCall: [[SAMPLE_ID.call]],
    moveCall: [[SAMPLE_ID.call, SAMPLE_TIME.from, SAMPLE_TIME.to]],
    staffCalls: [
      [SAMPLE_SCOPE.admin, { limit: 20 }],
      [SAMPLE_SCOPE.therapist, { limit: 20, status: 'booked', from: '2026-03-01T09:00:00-05:00', to: '2026-04-01T10:00:00-04:00', cursor: sampleCursor('2026-03-02 09:00:00-05', SAMPLE_ID.call) }],
    ],
    staffCall: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.call]],
    lockStaffCall: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.call]],
    recordOutcome: [[SAMPLE_ID.call, 'completed', 'Booked a first session.']],
    clientFromCall: [[{ name: 'Sam Rivera', email: 'sam.rivera@example.com', phone: null, therapist_id: SAMPLE_ID.therapist }, '1988-04-02']],
    linkClient: [[SAMPLE_ID.call, SAMPLE_ID.client]],
  },
);
