import { AccessScope } from '../common/access/access-scope';
import { KeyedRow, keyset } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE, SAMPLE_TIME, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { isActiveTherapist } from '../users/users.queries';
import { ListTherapySessionsQuery } from './dto/list-therapy-sessions.query';
import { MAX_SESSION_HOURS, Modality } from './therapy-session.entity';

/** A `therapy_sessions` row with what its answer needs: its therapist's name, its clients, and its time as two instants. */
export type TherapySessionRow = Omit<Row<'therapy_sessions'>, 'during' | 'modality' | 'created_by'> & {
  /** The column's check allows these two only, within a wider rule on the place. */
  modality: Modality;
  therapist_name: Row<'users'>['display_name'];
  client_ids: string[];
  starts_at: Date;
  ends_at: Date;
};

/**
 * The clients a session `s` concerns: its client, or both partners of its couple, read for this session
 * alone (a join of the couples let PostgreSQL read every couple of the clinic for a page of sessions).
 */
export const SESSION_CLIENT_IDS = `CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id]
    ELSE (SELECT ARRAY[sk.partner_a_id, sk.partner_b_id] FROM couples sk WHERE sk.id = s.couple_id) END`;

/**
 * Sessions `s` a client takes part in: their own, and their couples' (`client` is a uuid placeholder).
 * Both halves are index lookups, the couples named first as an array.
 */
export const sessionsOfClient = (client: string): string =>
  `(s.client_id = ${client} OR s.couple_id = ANY (ARRAY(SELECT cm.couple_id FROM couple_memberships cm WHERE cm.client_id = ${client})))`;

const SESSION_COLUMNS = `s.id, s.therapist_id, u.display_name AS therapist_name, s.couple_id, s.client_id,
    ${SESSION_CLIENT_IDS} AS client_ids,
    lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url, s.status,
    s.attended_client_ids, s.series_id, s.busy_time_id, s.completed_at, s.cancelled_at, s.cancelled_by,
    s.cancellation_reason, s.late_cancellation, s.created_at, s.updated_at`;

/** A session `s` with its therapist `u`: one row per session, no note. */
const SESSION_FROM = `FROM therapy_sessions s
  JOIN users u ON u.id = s.therapist_id`;

const SESSION_SELECT = `SELECT ${SESSION_COLUMNS}
  ${SESSION_FROM}`;

/**
 * A start bound for sessions `s` that end after `instant` (a timestamptz placeholder): a session lasts
 * at most MAX_SESSION_HOURS, so it starts no earlier than that before. Beside the test on its end, this
 * lets an index on the start begin at the window rather than read all the earlier history.
 */
export const startsNearEnd = (instant: string) => `lower(s.during) >= ${instant} - interval '${MAX_SESSION_HOURS} hours'`;

/** Sessions by start, then id. */
export const SESSION_ORDER = keyset({ column: 'lower(s.during)', type: 'timestamptz' }, { column: 's.id', type: 'uuid' });

/** A new session's time, its reserved busy time, and who books it for whom. */
export interface NewSessions {
  therapistId: string;
  coupleId: string | null;
  clientId: string | null;
  modality: Modality;
  location: string | null;
  videoUrl: string | null;
  seriesId: string | null;
  createdBy: string;
  /** One per occurrence, in order. */
  occurrences: { startsAt: Date; endsAt: Date; busyTimeId: string }[];
}

/** Who booked, for whom, and the therapist whose caseload they must be on. */
export interface SessionParty {
  therapistId: string;
  coupleId?: string;
  clientId?: string;
}

export const therapySessionQueries = queryModule(
  'therapy-sessions',
  {
    /** One page of the sessions in the caller's reach, filtered. */
    list(scope: AccessScope, query: ListTherapySessionsQuery) {
      const p = new SqlParams();
      const where = [scope.sessions(p, 's')];
      if (query.therapistId) where.push(`s.therapist_id = ${p.add(query.therapistId)}`);
      if (query.coupleId) where.push(`s.couple_id = ${p.add(query.coupleId)}`);
      if (query.clientId) where.push(sessionsOfClient(`${p.add(query.clientId)}::uuid`));
      if (query.status) where.push(`s.status = ${p.add(query.status)}`);
      if (query.from || query.to) {
        const from = `${p.add(query.from ?? null)}::timestamptz`;
        const to = `${p.add(query.to ?? null)}::timestamptz`;
        where.push(`s.during && tstzrange(${from}, ${to}, '[)')`);
        // The starts the overlap allows, so the index range is the window's.
        if (query.from) where.push(startsNearEnd(from));
        if (query.to) where.push(`lower(s.during) < ${to}`);
      }
      where.push(SESSION_ORDER.after(query.cursor, p));
      return statement<TherapySessionRow & KeyedRow>(
        `SELECT ${SESSION_COLUMNS}, ${SESSION_ORDER.key}
  ${SESSION_FROM} WHERE ${where.join(' AND ')} ORDER BY ${SESSION_ORDER.orderBy} LIMIT ${SESSION_ORDER.limit(query.limit)}`,
        p,
      );
    },

    /** One session in the caller's reach. */
    one(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<TherapySessionRow>(`${SESSION_SELECT} WHERE s.id = ${p.add(id)} AND ${scope.sessions(p, 's')}`, p);
    },

    /** One session in the caller's reach, locked for a change. */
    lockOne(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<TherapySessionRow>(`${SESSION_SELECT} WHERE s.id = ${p.add(id)} AND ${scope.sessions(p, 's')} FOR UPDATE OF s`, p);
    },

    /**
     * The clients of the couple or client a session is booked for, when it is within the caller's
     * reach, on the caseload of the session's therapist, no client of it archived, and that therapist is active.
     */
    caseloadParty(scope: AccessScope, party: SessionParty) {
      const p = new SqlParams();
      const therapist = p.add(party.therapistId);
      const activeTherapist = isActiveTherapist(therapist);
      const text = party.coupleId
        ? `SELECT ARRAY[k.partner_a_id, k.partner_b_id] AS client_ids FROM couples k
          WHERE k.id = ${p.add(party.coupleId)} AND k.status <> 'ended' AND k.therapist_id = ${therapist}
            AND NOT EXISTS (SELECT 1 FROM clients ac WHERE ac.id IN (k.partner_a_id, k.partner_b_id) AND ac.archived_at IS NOT NULL)
            AND ${scope.couples(p, 'k')} AND ${activeTherapist}`
        : `SELECT ARRAY[c.id] AS client_ids FROM clients c
          WHERE c.id = ${p.add(party.clientId)} AND c.archived_at IS NULL
            AND ${scope.clients(p, 'c')}
            AND ${scope.caseloadOf(party.therapistId, p, 'c')} AND ${activeTherapist}`;
      return statement<{ client_ids: string[] }>(text, p);
    },

    /** Creates the sessions, one per occurrence in order; follows the scoped check of their party. */
    create(s: NewSessions) {
      const p = new SqlParams();
      return statement<Pick<Row<'therapy_sessions'>, 'id'>>(
        `INSERT INTO therapy_sessions (therapist_id, couple_id, client_id, during, busy_time_id, modality, location, video_url, series_id, created_by)
         SELECT ${p.add(s.therapistId)}::uuid, ${p.add(s.coupleId)}::uuid, ${p.add(s.clientId)}::uuid,
                tstzrange(r.starts_at, r.ends_at, '[)'), r.busy_time_id, ${p.add(s.modality)}, ${p.add(s.location)},
                ${p.add(s.videoUrl)}, ${p.add(s.seriesId)}::uuid, ${p.add(s.createdBy)}::uuid
           FROM unnest(${p.add(s.occurrences.map((o) => o.startsAt))}::timestamptz[], ${p.add(s.occurrences.map((o) => o.endsAt))}::timestamptz[],
                       ${p.add(s.occurrences.map((o) => o.busyTimeId))}::uuid[]) WITH ORDINALITY AS r(starts_at, ends_at, busy_time_id, n)
          ORDER BY r.n
         RETURNING id`,
        p,
        'after-scoped-check',
      );
    },

    /** Sessions just created in this transaction, by start. */
    created(ids: string[]) {
      return statement<TherapySessionRow>(`${SESSION_SELECT} WHERE s.id = ANY($1::uuid[]) ORDER BY lower(s.during)`, [ids], 'after-scoped-check');
    },

    /** A session after a change in this transaction. */
    changed(id: string) {
      return statement<TherapySessionRow>(`${SESSION_SELECT} WHERE s.id = $1`, [id], 'after-scoped-check');
    },

    /** Moves a locked session, or changes its modality and place. */
    reschedule(id: string, startsAt: Date, endsAt: Date, place: { modality: Modality; location: string | null; videoUrl: string | null }) {
      return statement(
        `UPDATE therapy_sessions SET during = tstzrange($2, $3, '[)'), modality = $4, location = $5, video_url = $6, updated_at = now() WHERE id = $1`,
        [id, startsAt, endsAt, place.modality, place.location, place.videoUrl],
        'after-scoped-check',
      );
    },

    /** A locked session took place, with who attended. */
    complete(id: string, completedAt: Date, attended: string[]) {
      return statement(
        `UPDATE therapy_sessions SET status = 'completed', completed_at = $2, attended_client_ids = $3::uuid[], updated_at = now() WHERE id = $1`,
        [id, completedAt, attended],
        'after-scoped-check',
      );
    },

    /** A locked session is cancelled. */
    cancel(id: string, cancellation: { at: Date; by: Row<'therapy_sessions'>['cancelled_by']; reason: string | null; late: boolean }) {
      return statement(
        `UPDATE therapy_sessions SET status = 'cancelled', cancelled_at = $2, cancelled_by = $3, cancellation_reason = $4, late_cancellation = $5, updated_at = now()
          WHERE id = $1`,
        [id, cancellation.at, cancellation.by, cancellation.reason, cancellation.late],
        'after-scoped-check',
      );
    },

    /** The clients of a locked session did not come. */
    noShow(id: string) {
      return statement(`UPDATE therapy_sessions SET status = 'no_show', updated_at = now() WHERE id = $1`, [id], 'after-scoped-check');
    },
  },
  {
    list: [
      [SAMPLE_SCOPE.therapist, { limit: 20 }],
      [SAMPLE_SCOPE.client, { limit: 20, clientId: SAMPLE_ID.client, status: 'scheduled', from: SAMPLE_TIME.from.toISOString(), to: SAMPLE_TIME.to.toISOString() }],
      [SAMPLE_SCOPE.admin, { limit: 20, therapistId: SAMPLE_ID.therapist, coupleId: SAMPLE_ID.couple, cursor: sampleCursor('2026-03-01 14:00:00+00', SAMPLE_ID.session) }],
    ],
    one: [[SAMPLE_SCOPE.client, SAMPLE_ID.session]],
    lockOne: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.session]],
    caseloadParty: [
      [SAMPLE_SCOPE.therapist, { therapistId: SAMPLE_ID.therapist, coupleId: SAMPLE_ID.couple }],
      [SAMPLE_SCOPE.admin, { therapistId: SAMPLE_ID.therapist, clientId: SAMPLE_ID.client }],
    ],
    create: [
      [
        {
          therapistId: SAMPLE_ID.therapist,
          coupleId: SAMPLE_ID.couple,
          clientId: null,
          modality: 'online',
          location: null,
          videoUrl: 'https://video.example.ca/room',
          seriesId: SAMPLE_ID.other,
          createdBy: SAMPLE_ID.therapist,
          occurrences: [{ startsAt: SAMPLE_TIME.from, endsAt: SAMPLE_TIME.to, busyTimeId: SAMPLE_ID.other }],
        },
      ],
    ],
    created: [[[SAMPLE_ID.session]]],
    changed: [[SAMPLE_ID.session]],
    reschedule: [[SAMPLE_ID.session, SAMPLE_TIME.from, SAMPLE_TIME.to, { modality: 'in_person', location: 'Room 2', videoUrl: null }]],
    complete: [[SAMPLE_ID.session, SAMPLE_TIME.to, [SAMPLE_ID.client]]],
    cancel: [[SAMPLE_ID.session, { at: SAMPLE_TIME.from, by: 'client', reason: 'Ill', late: false }]],
    noShow: [[SAMPLE_ID.session]],
  },
);
