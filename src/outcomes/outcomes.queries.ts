import { AccessScope } from '../common/access/access-scope';
import { UserActor } from '../common/auth/roles';
import { keyset, KeyedRow } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ACTOR, SAMPLE_ID, SAMPLE_SCOPE, SAMPLE_TIME, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { Instrument } from './instruments';
import { OutcomeSchedule } from './outcome-schedule';

/** An assignment with its couple's partners and the sessions the couple completed since it was made. */
export type AssignmentRow = Row<'outcome_assignments'> &
  Pick<Row<'couples'>, 'partner_a_id' | 'partner_b_id'> & {
    completed_sessions: number;
    /** The caller's answered occasions, for a partner; empty for staff. */
    my_occasions: number[];
  };

/** The assignment as locked for an answer, with which partner the caller is (null for staff). */
export type LockedAssignment = AssignmentRow & { caller_client_id: string | null };

/** A response as the caller may see it: `answers` only for the therapist and the partner who gave them. */
export type ResponseRow = Omit<Row<'outcome_responses'>, 'answers' | 'answered_by_user_id'> &
  Pick<Row<'couples'>, 'partner_a_id' | 'partner_b_id'> & { answers: Record<string, number> | null; corrected_by_id: string | null; is_you: boolean };

/** A scheduled assignment the notice sweep looks at. */
export type ScheduledRow = Pick<Row<'outcome_assignments'>, 'id' | 'schedule_kind' | 'every' | 'assigned_at'> & { completed_sessions: number; noticed: number };

/** A partner to tell that a questionnaire waits. */
export type RecipientRow = { client_id: string; email: string };

/** What an outcome's audit events list as the clients concerned: both partners of the joint record. */
export const AUDITED_PARTNERS = 'ARRAY[rows.partner_a_id, rows.partner_b_id]';

/** Assignments: newest first. */
export const ASSIGNMENT_ORDER = keyset({ column: 'a.assigned_at', type: 'timestamptz', descending: true }, { column: 'a.id', type: 'uuid', descending: true });

/** Responses: newest first. */
export const RESPONSE_ORDER = keyset({ column: 'o.answered_at', type: 'timestamptz', descending: true }, { column: 'o.id', type: 'uuid', descending: true });

/**
 * Sessions of the couple `k` completed since the assignment `a` was made, up to `now`, counted for a
 * schedule by sessions only (0 for the others, which do not use it): counted for every scheduled
 * questionnaire, they were most of the notice sweep's time.
 */
const completedSessions = (now: string) => `CASE WHEN a.schedule_kind = 'sessions' THEN (SELECT count(*)::int FROM therapy_sessions s
    WHERE s.couple_id = k.id AND s.status = 'completed' AND s.completed_at >= a.assigned_at AND s.completed_at <= ${now}) ELSE 0 END`;

/**
 * A partner's first answer to an occasion (`r` a response): every answered occasion has one, and a
 * correction keeps the occasion of the answer it corrects, so the occasions answered are those of
 * first answers. Said in a statement, it lets PostgreSQL read them from the once-per-occasion index
 * (`outcome_responses_once_key`) instead of every response of the clinic.
 */
const FIRST_ANSWER = (r: string) => `${r}.corrects_id IS NULL`;

const ASSIGNMENT_COLUMNS = (now: string, callerPartner: string) => `a.id, a.couple_id, a.instrument, a.schedule_kind, a.every, a.shares_totals,
    a.assigned_by_user_id, a.assigned_at, k.partner_a_id, k.partner_b_id, ${completedSessions(now)} AS completed_sessions,
    coalesce((SELECT array_agg(DISTINCT m.occasion ORDER BY m.occasion) FROM outcome_responses m
               WHERE m.assignment_id = a.id AND m.client_id = ${callerPartner} AND ${FIRST_ANSWER('m')}), '{}') AS my_occasions`;

/** The columns of a response `o` of assignment `a` and couple `k`; answers only where `answersVisible` holds. */
const RESPONSE_COLUMNS = (answersVisible: string, callerPartner: string) => `o.id, o.assignment_id, o.couple_id, o.client_id, o.instrument, o.instrument_version,
    o.occasion, CASE WHEN ${answersVisible} THEN o.answers END AS answers, o.total, o.below_cutoff, o.corrects_id, o.answered_at,
    (SELECT c.id FROM outcome_responses c WHERE c.corrects_id = o.id) AS corrected_by_id,
    coalesce(o.client_id = ${callerPartner}, false) AS is_you, k.partner_a_id, k.partner_b_id`;

const RESPONSE_FROM = `
  FROM outcome_responses o
  JOIN outcome_assignments a ON a.id = o.assignment_id
  JOIN couples k ON k.id = o.couple_id`;

/**
 * Outcome measures. Every statement starts from the caller's scope (outcomeAssignments,
 * outcomeAnswers, outcomeTotals) or follows a scoped lock of the assignment in the same transaction,
 * except the notice sweep, which is background work.
 */
export const outcomeQueries = queryModule(
  'outcomes',
  {
    /** A new assignment of a couple in the caller's reach; no row otherwise. */
    assign(scope: AccessScope, actor: UserActor, coupleId: string, instrument: Instrument['code'], schedule: OutcomeSchedule, sharesTotals: boolean) {
      const p = new SqlParams();
      return statement<AssignmentRow>(
        `WITH a AS (
           INSERT INTO outcome_assignments (couple_id, instrument, schedule_kind, every, shares_totals, assigned_by_user_id)
           SELECT k.id, ${p.add(instrument)}, ${p.add(schedule.kind)}, ${p.add(schedule.every)}::int, ${p.add(sharesTotals)}, ${p.add(actor.id)}
             FROM couples k WHERE k.id = ${p.add(coupleId)} AND ${scope.outcomeAssignments(p, 'k')}
           RETURNING *)
         SELECT a.*, k.partner_a_id, k.partner_b_id, 0 AS completed_sessions, '{}'::int[] AS my_occasions
           FROM a JOIN couples k ON k.id = a.couple_id`,
        p,
      );
    },

    /** A page of a couple's assignments in ASSIGNMENT_ORDER, with the caller's answered occasions. */
    list(scope: AccessScope, coupleId: string, now: Date, limit: number, cursor: string | undefined) {
      const p = new SqlParams();
      const columns = ASSIGNMENT_COLUMNS(`${p.add(now)}::timestamptz`, scope.callerPartner(p, 'k'));
      return statement<AssignmentRow & KeyedRow>(
        `SELECT ${columns}, ${ASSIGNMENT_ORDER.key}
           FROM outcome_assignments a JOIN couples k ON k.id = a.couple_id
          WHERE a.couple_id = ${p.add(coupleId)} AND ${scope.outcomeAssignments(p, 'k')} AND ${ASSIGNMENT_ORDER.after(cursor, p)}
          ORDER BY ${ASSIGNMENT_ORDER.orderBy} LIMIT ${ASSIGNMENT_ORDER.limit(limit)}`,
        p,
      );
    },

    /** One assignment in the caller's reach. */
    assignment(scope: AccessScope, id: string, now: Date) {
      const p = new SqlParams();
      const columns = ASSIGNMENT_COLUMNS(`${p.add(now)}::timestamptz`, scope.callerPartner(p, 'k'));
      return statement<AssignmentRow>(
        `SELECT ${columns} FROM outcome_assignments a JOIN couples k ON k.id = a.couple_id
          WHERE a.id = ${p.add(id)} AND ${scope.outcomeAssignments(p, 'k')}`,
        p,
      );
    },

    /** Locks an assignment in the caller's reach for an answer or a change, with which partner the caller is. */
    lockAssignment(scope: AccessScope, id: string, now: Date) {
      const p = new SqlParams();
      const caller = scope.callerPartner(p, 'k');
      const columns = ASSIGNMENT_COLUMNS(`${p.add(now)}::timestamptz`, caller);
      return statement<LockedAssignment>(
        `SELECT ${columns}, ${caller} AS caller_client_id
           FROM outcome_assignments a JOIN couples k ON k.id = a.couple_id
          WHERE a.id = ${p.add(id)} AND ${scope.outcomeAssignments(p, 'k')}
          FOR UPDATE OF a`,
        p,
      );
    },

    /** Whether the therapist shows each partner the other's totals, on an assignment locked in scope. */
    shareTotals(assignmentId: string, sharesTotals: boolean) {
      return statement<Record<string, unknown>>(
        `UPDATE outcome_assignments SET shares_totals = $2 WHERE id = $1`,
        [assignmentId, sharesTotals],
        'after-scoped-check',
      );
    },

    /** The caller's own response that a correction names, not yet corrected, on the assignment locked in scope. */
    correctable(assignmentId: string, clientId: string, responseId: string) {
      return statement<Pick<Row<'outcome_responses'>, 'id' | 'occasion'>>(
        `SELECT o.id, o.occasion FROM outcome_responses o
          WHERE o.id = $1 AND o.assignment_id = $2 AND o.client_id = $3
            AND NOT EXISTS (SELECT 1 FROM outcome_responses c WHERE c.corrects_id = o.id)`,
        [responseId, assignmentId, clientId],
        'after-scoped-check',
      );
    },

    /** A partner's scored answers to an occasion of the assignment locked in scope. */
    recordResponse(
      assignment: Pick<AssignmentRow, 'id' | 'couple_id'>,
      clientId: string,
      actor: UserActor,
      on: Pick<Instrument, 'code' | 'version'>,
      occasion: number,
      answers: Record<string, number>,
      scored: { total: number; belowCutoff: boolean },
      correctsId: string | null,
    ) {
      return statement<{ id: string }>(
        `INSERT INTO outcome_responses (assignment_id, couple_id, client_id, answered_by_user_id, instrument, instrument_version,
                                        occasion, answers, total, below_cutoff, corrects_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11) RETURNING id`,
        [assignment.id, assignment.couple_id, clientId, actor.id, on.code, on.version, occasion, JSON.stringify(answers), scored.total, scored.belowCutoff, correctsId],
        'after-scoped-check',
      );
    },

    /** A page of a couple's responses the caller may see: totals per outcomeTotals, answers per outcomeAnswers. */
    responses(scope: AccessScope, coupleId: string, limit: number, cursor: string | undefined) {
      const p = new SqlParams();
      const columns = RESPONSE_COLUMNS(scope.outcomeAnswers(p, 'o', 'k'), scope.callerPartner(p, 'k'));
      return statement<ResponseRow & KeyedRow>(
        `SELECT ${columns}, ${RESPONSE_ORDER.key}${RESPONSE_FROM}
          WHERE o.couple_id = ${p.add(coupleId)} AND ${scope.outcomeTotals(p, 'o', 'a', 'k')} AND ${RESPONSE_ORDER.after(cursor, p)}
          ORDER BY ${RESPONSE_ORDER.orderBy} LIMIT ${RESPONSE_ORDER.limit(limit)}`,
        p,
      );
    },

    /** One response with its answers: the couple's therapist and the partner who gave it only. */
    response(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<ResponseRow>(`SELECT ${RESPONSE_COLUMNS('TRUE', scope.callerPartner(p, 'k'))}${RESPONSE_FROM} WHERE o.id = ${p.add(id)} AND ${scope.outcomeAnswers(p, 'o', 'k')}`, p);
    },

    /** The couple, if the caller may see its assignments (so an empty list is told from one out of reach). */
    assignableCouple(scope: AccessScope, coupleId: string) {
      const p = new SqlParams();
      return statement<Record<string, unknown>>(`SELECT 1 FROM couples k WHERE k.id = ${p.add(coupleId)} AND ${scope.outcomeAssignments(p, 'k')}`, p);
    },

    /** The couple, if the caller may read its responses (so an empty list is told from one out of reach). */
    coupleInReach(scope: AccessScope, coupleId: string) {
      const p = new SqlParams();
      return statement<Record<string, unknown>>(
        `SELECT 1 FROM couples k WHERE k.id = ${p.add(coupleId)} AND ${scope.outcomeResponsesOf(p, 'k')}`,
        p,
      );
    },

    /** Scheduled assignments of active couples, with sessions completed by `now` and the last occasion noticed. */
    scheduled(now: Date) {
      return statement<ScheduledRow>(
        `SELECT a.id, a.schedule_kind, a.every, a.assigned_at, ${completedSessions('$1::timestamptz')} AS completed_sessions,
                coalesce((SELECT max(n.occasion) FROM outcome_notices n WHERE n.assignment_id = a.id), -1) AS noticed
           FROM outcome_assignments a JOIN couples k ON k.id = a.couple_id AND k.status = 'active'
          WHERE a.schedule_kind <> 'once' AND a.assigned_at <= $1`,
        [now],
        'worker',
      );
    },

    /** Claims the notice of an occasion; no row when it was already sent. */
    claimNotice(assignmentId: string, occasion: number, exemption: 'worker' | 'after-scoped-check') {
      return statement<{ occasion: number }>(
        `INSERT INTO outcome_notices (assignment_id, occasion) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING occasion`,
        [assignmentId, occasion],
        exemption,
      );
    },

    /** The partners with an email address who have not answered the occasion yet; consent is checked by the caller. */
    recipients(assignmentId: string, occasion: number, exemption: 'worker' | 'after-scoped-check') {
      return statement<RecipientRow>(
        `SELECT c.id AS client_id, c.email
           FROM outcome_assignments a JOIN couples k ON k.id = a.couple_id
           JOIN clients c ON c.id IN (k.partner_a_id, k.partner_b_id)
          WHERE a.id = $1 AND c.email IS NOT NULL AND c.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM outcome_responses o WHERE o.assignment_id = a.id AND o.client_id = c.id AND o.occasion = $2 AND ${FIRST_ANSWER('o')})`,
        [assignmentId, occasion],
        exemption,
      );
    },
  },
  {
    assign: [[SAMPLE_SCOPE.therapist, SAMPLE_ACTOR.therapist, SAMPLE_ID.couple, 'csi-4', { kind: 'weeks', every: 4 }, false]],
    list: [
      [SAMPLE_SCOPE.client, SAMPLE_ID.couple, SAMPLE_TIME.to, 20, undefined],
      [SAMPLE_SCOPE.therapist, SAMPLE_ID.couple, SAMPLE_TIME.to, 20, sampleCursor('2026-03-15 10:00:00.123456+00', SAMPLE_ID.other)],
    ],
    assignment: [[SAMPLE_SCOPE.client, SAMPLE_ID.other, SAMPLE_TIME.to]],
    lockAssignment: [[SAMPLE_SCOPE.client, SAMPLE_ID.other, SAMPLE_TIME.to]],
    shareTotals: [[SAMPLE_ID.other, true]],
    correctable: [[SAMPLE_ID.other, SAMPLE_ID.client, SAMPLE_ID.rupture]],
    recordResponse: [
      [{ id: SAMPLE_ID.other, couple_id: SAMPLE_ID.couple }, SAMPLE_ID.client, SAMPLE_ACTOR.client, { code: 'csi-4', version: 1 }, 0, { '1': 3, '2': 3, '3': 2, '4': 4 }, { total: 12, belowCutoff: true }, null],
    ],
    responses: [
      [SAMPLE_SCOPE.client, SAMPLE_ID.couple, 20, undefined],
      [SAMPLE_SCOPE.therapist, SAMPLE_ID.couple, 20, sampleCursor('2026-03-15 10:00:00.123456+00', SAMPLE_ID.other)],
    ],
    response: [[SAMPLE_SCOPE.client, SAMPLE_ID.other]],
    coupleInReach: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.couple]],
    assignableCouple: [[SAMPLE_SCOPE.client, SAMPLE_ID.couple]],
    scheduled: [[SAMPLE_TIME.to]],
    claimNotice: [[SAMPLE_ID.other, 1, 'worker']],
    recipients: [[SAMPLE_ID.other, 1, 'worker']],
  },
);
