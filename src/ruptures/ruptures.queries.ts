import { AccessScope } from '../common/access/access-scope';
import { UserActor } from '../common/auth/roles';
import { keyset, KeyedRow } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ACTOR, SAMPLE_ID, SAMPLE_SCOPE, SAMPLE_TIME, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { ConfirmRepairDto } from './dto/confirm-repair.dto';
import { CreateRepairAttemptDto } from './dto/create-repair-attempt.dto';
import { CreateRuptureDto } from './dto/create-rupture.dto';
import { ListRupturesQuery } from './dto/list-ruptures.query';
import { ImagoStep } from './repair-attempt.entity';
import { AttemptStatus, RepairStage, Transition } from './repair-stages';
import { RuptureActorRole } from './rupture.entity';

/** Someone who acted, as the statements name them: the user id only tells the reader apart, never sent. */
export interface PersonJson {
  role: RuptureActorRole;
  user_id: string | null;
  name: string;
}

/** A rupture of its couple, with the partners' ids for the audit trail. */
export type RuptureRow = Omit<Row<'ruptures'>, 'reported_by_user_id' | 'reported_by_role' | 'reported_by_client_id'> &
  Pick<Row<'couples'>, 'partner_a_id' | 'partner_b_id'> & { reported_by: PersonJson };

/** JSON rows of the timeline: timestamps arrive as ISO strings. */
type RecognitionJson = Pick<Row<'rupture_recognitions'>, 'id' | 'statement'> & { by: PersonJson; at: string };

type ConfirmationJson = Pick<Row<'repair_confirmations'>, 'id' | 'feels_repaired' | 'comment'> & { partner: PersonJson; at: string };

type AttemptJson = Pick<Row<'repair_attempts'>, 'id' | 'sequence' | 'approach' | 'requests' | 'notes'> & {
  initiator: PersonJson;
  recorded_by: PersonJson;
  imago_steps: ImagoStep[];
  status: AttemptStatus;
  started_at: string;
  closed_at: string | null;
  confirmations: ConfirmationJson[];
};

type TransitionJson = Pick<Row<'rupture_transitions'>, 'event' | 'to_stage' | 'attempt_id'> & { from_stage: RepairStage | null; actor: PersonJson; at: string };

export type RuptureDetailRow = RuptureRow & {
  recognitions: RecognitionJson[];
  attempts: AttemptJson[];
  transitions: TransitionJson[];
};

/** The rupture as locked for a change, with which partner the caller is (null for the therapist). */
export type LockedRupture = Pick<Row<'ruptures'>, 'id' | 'stage'> & Pick<Row<'couples'>, 'partner_a_id' | 'partner_b_id'> & { caller_client_id: string | null };

/** What a rupture's audit events list as the clients concerned: both partners. */
export const AUDITED_PARTNERS = 'ARRAY[rows.partner_a_id, rows.partner_b_id]';

/** The ruptures list: newest first, by when they occurred. */
export const RUPTURE_ORDER = keyset({ column: 'r.occurred_at', type: 'timestamptz', descending: true }, { column: 'r.id', type: 'uuid', descending: true });

/**
 * A person acting on a rupture by role and name, as the access log shows them: a partner by their
 * preferred (or legal) name, the therapist by their display name. The user id (a partner's portal
 * account) only tells the reader apart from the others and is never sent.
 */
const person = (role: string, userId: string, clientId: string) => `json_build_object('role', ${role},
    'user_id', CASE WHEN ${clientId} IS NULL THEN ${userId} ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = ${clientId}) END,
    'name', CASE WHEN ${clientId} IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = ${userId})
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = ${clientId}) END)`;

/** The columns of a rupture `r` of its couple `k`. */
const RUPTURE_COLUMNS = `r.id, r.couple_id, r.occurred_at,
    ${person('r.reported_by_role', 'r.reported_by_user_id', 'r.reported_by_client_id')} AS reported_by, r.description, r.severity, r.kind, r.themes,
    r.session_id, r.stage, r.recognized_at, r.initiated_at, r.completed_at, r.recurrence_of_id, r.recurring_themes,
    r.created_at, r.updated_at, k.partner_a_id, k.partner_b_id`;

const RUPTURE_FROM = `
  FROM ruptures r
  JOIN couples k ON k.id = r.couple_id`;

/** The timeline of `r`, each part in the order it happened. */
const TIMELINE = `,
  coalesce((SELECT json_agg(json_build_object('id', g.id, 'by', ${person('g.role', 'g.recognized_by_user_id', 'g.client_id')},
      'statement', g.statement, 'at', g.recognized_at) ORDER BY g.recognized_at, g.id)
    FROM rupture_recognitions g WHERE g.rupture_id = r.id), '[]') AS recognitions,
  coalesce((SELECT json_agg(json_build_object('id', a.id, 'sequence', a.sequence, 'initiator', ${person("'client'", 'NULL', 'a.initiator_client_id')},
      'recorded_by', ${person('a.recorded_by_role', 'a.recorded_by_user_id', "CASE WHEN a.recorded_by_role = 'client' THEN a.initiator_client_id END")}, 'approach', a.approach, 'imago_steps', a.imago_steps,
      'requests', a.requests, 'notes', a.notes, 'status', a.status, 'started_at', a.started_at, 'closed_at', a.closed_at,
      'confirmations', coalesce((SELECT json_agg(json_build_object('id', c.id, 'partner', ${person("'client'", 'NULL', 'c.client_id')}, 'feels_repaired', c.feels_repaired,
          'comment', c.comment, 'at', c.confirmed_at) ORDER BY c.confirmed_at, c.id)
        FROM repair_confirmations c WHERE c.attempt_id = a.id), '[]')) ORDER BY a.sequence)
    FROM repair_attempts a WHERE a.rupture_id = r.id), '[]') AS attempts,
  coalesce((SELECT json_agg(json_build_object('event', t.event, 'from_stage', t.from_stage, 'to_stage', t.to_stage,
      'attempt_id', t.attempt_id, 'actor', ${person('t.actor_role', 't.actor_user_id', 't.actor_client_id')}, 'at', t.occurred_at) ORDER BY t.seq)
    FROM rupture_transitions t WHERE t.rupture_id = r.id), '[]') AS transitions`;

const RUPTURE_DETAIL_SELECT = `SELECT ${RUPTURE_COLUMNS}${TIMELINE}${RUPTURE_FROM}`;

/** A step of the repair, as the transition log records it (the first has no stage before it). */
export type TransitionRecord = Omit<Transition, 'from'> & { from: RepairStage | null };

/**
 * Ruptures and their repair: reported, recognised by each person, repair attempts and the partners'
 * confirmations. Ruptures are read in the caller's rupture scope; the writes of a change follow the
 * scoped lock of the rupture (`lockForChange`) in the same transaction.
 */
export const ruptureQueries = queryModule(
  'ruptures',
  {
    /** A page of a couple's ruptures, filtered, in RUPTURE_ORDER. */
    list(scope: AccessScope, coupleId: string, query: ListRupturesQuery) {
      const p = new SqlParams();
      const where = [`r.couple_id = ${p.add(coupleId)}`, scope.ruptures(p, 'k')];
      if (query.stage) where.push(`r.stage = ${p.add(query.stage)}`);
      if (query.severity) where.push(`r.severity = ${p.add(query.severity)}`);
      if (query.theme) where.push(`r.themes @> ARRAY[${p.add(query.theme)}]::varchar[]`);
      if (query.from) where.push(`r.occurred_at >= ${p.add(query.from)}::timestamptz`);
      if (query.to) where.push(`r.occurred_at < ${p.add(query.to)}::timestamptz`);
      where.push(RUPTURE_ORDER.after(query.cursor, p));
      return statement<RuptureRow & KeyedRow>(
        `SELECT ${RUPTURE_COLUMNS}, ${RUPTURE_ORDER.key}${RUPTURE_FROM} WHERE ${where.join(' AND ')} ORDER BY ${RUPTURE_ORDER.orderBy} LIMIT ${RUPTURE_ORDER.limit(query.limit)}`,
        p,
      );
    },

    /** One rupture with its timeline, in the caller's reach. */
    detail(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<RuptureDetailRow>(`${RUPTURE_DETAIL_SELECT} WHERE r.id = ${p.add(id)} AND ${scope.ruptures(p, 'k')}`, p);
    },

    /** The rupture as it stands after a change, within the change's transaction. */
    changed(id: string) {
      return statement<RuptureDetailRow>(`${RUPTURE_DETAIL_SELECT} WHERE r.id = $1`, [id], 'after-scoped-check');
    },

    /** Whether the couple's ruptures are in the caller's reach: tells an empty list from a couple out of reach. */
    coupleInReach(scope: AccessScope, coupleId: string) {
      const p = new SqlParams();
      return statement<Record<string, unknown>>(`SELECT 1 FROM couples k WHERE k.id = ${p.add(coupleId)} AND ${scope.ruptures(p, 'k')}`, p);
    },

    /**
     * Records a rupture of a couple in the caller's reach; no row when the couple is out of reach or
     * the session named is not one of the couple's. Earlier = occurred before this one; recurrence
     * links to the latest such rupture sharing a theme.
     */
    report(scope: AccessScope, actor: UserActor, coupleId: string, dto: CreateRuptureDto) {
      const p = new SqlParams();
      const themes = `${p.add(dto.themes ?? [])}::varchar[]`;
      const occurredAt = `${p.add(dto.occurredAt)}::timestamptz`;
      const sessionId = p.add(dto.sessionId ?? null);
      return statement<Pick<Row<'ruptures'>, 'id' | 'reported_by_client_id'>>(
        `INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, reported_by_client_id,
        description, severity, kind, themes, session_id, recurrence_of_id, recurring_themes)
      SELECT k.id, ${occurredAt}, ${p.add(actor.id)}, ${p.add(actor.role)}, ${scope.callerPartner(p)},
        ${p.add(dto.description)}, ${p.add(dto.severity)}, ${p.add(dto.kind)}, ${themes}, ${sessionId}::uuid,
        (SELECT e.id FROM ruptures e WHERE e.couple_id = k.id AND e.themes && ${themes} AND e.occurred_at < ${occurredAt}
          ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1),
        ARRAY(SELECT u.theme FROM unnest(${themes}) WITH ORDINALITY AS u(theme, n)
               WHERE EXISTS (SELECT 1 FROM ruptures e WHERE e.couple_id = k.id AND e.themes @> ARRAY[u.theme] AND e.occurred_at < ${occurredAt})
               ORDER BY u.n)
        FROM couples k WHERE k.id = ${p.add(coupleId)} AND ${scope.ruptures(p, 'k')}
         AND (${sessionId}::uuid IS NULL OR EXISTS (SELECT 1 FROM therapy_sessions s WHERE s.id = ${sessionId}::uuid AND s.couple_id = k.id))
      RETURNING id, reported_by_client_id`,
        p,
      );
    },

    /** Locks the rupture for a change, within the caller's reach, with which partner the caller is. */
    lockForChange(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<LockedRupture>(
        `SELECT r.id, r.stage, k.partner_a_id, k.partner_b_id, ${scope.callerPartner(p)} AS caller_client_id
         FROM ruptures r JOIN couples k ON k.id = r.couple_id
        WHERE r.id = ${p.add(id)} AND ${scope.ruptures(p, 'k')}
        FOR UPDATE OF r`,
        p,
      );
    },

    /** Whether this person has already recognised the rupture. */
    recognizedBy(ruptureId: string, userId: string) {
      return statement<{ already: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM rupture_recognitions WHERE rupture_id = $1 AND recognized_by_user_id = $2) AS already',
        [ruptureId, userId],
        'after-scoped-check',
      );
    },

    recordRecognition(ruptureId: string, actor: UserActor, clientId: string | null, recognition: string | null) {
      return statement(
        `INSERT INTO rupture_recognitions (rupture_id, recognized_by_user_id, role, client_id, statement) VALUES ($1, $2, $3, $4, $5)`,
        [ruptureId, actor.id, actor.role, clientId, recognition],
        'after-scoped-check',
      );
    },

    markRecognized(ruptureId: string, stage: RepairStage) {
      return statement(`UPDATE ruptures SET stage = $2, recognized_at = now(), updated_at = now() WHERE id = $1`, [ruptureId, stage], 'after-scoped-check');
    },

    /** Whether an attempt of the rupture is still open. */
    hasOpenAttempt(ruptureId: string) {
      return statement<{ open: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM repair_attempts WHERE rupture_id = $1 AND status = 'open') AS open`,
        [ruptureId],
        'after-scoped-check',
      );
    },

    /** The rupture's next attempt, numbered after the last. */
    startAttempt(ruptureId: string, initiatorClientId: string, actor: UserActor, dto: CreateRepairAttemptDto) {
      return statement<Pick<Row<'repair_attempts'>, 'id'>>(
        `INSERT INTO repair_attempts (rupture_id, sequence, initiator_client_id, recorded_by_user_id, recorded_by_role, approach, imago_steps, requests, notes)
         SELECT $1, coalesce(max(sequence), 0) + 1, $2, $3, $4, $5, $6::varchar[], $7::varchar[], $8 FROM repair_attempts WHERE rupture_id = $1
         RETURNING id`,
        [ruptureId, initiatorClientId, actor.id, actor.role, dto.approach, dto.imagoSteps ?? [], dto.requests ?? [], dto.notes ?? null],
        'after-scoped-check',
      );
    },

    markInitiated(ruptureId: string, stage: RepairStage) {
      return statement(
        `UPDATE ruptures SET stage = $2, initiated_at = coalesce(initiated_at, now()), updated_at = now() WHERE id = $1`,
        [ruptureId, stage],
        'after-scoped-check',
      );
    },

    /** An attempt of the rupture with how this partner and the other have answered it (null: not yet). */
    attemptAnswers(ruptureId: string, attemptId: string, clientId: string) {
      return statement<{ status: AttemptStatus; mine: Row<'repair_confirmations'>['feels_repaired'] | null; other: Row<'repair_confirmations'>['feels_repaired'] | null }>(
        `SELECT a.status,
            (SELECT c.feels_repaired FROM repair_confirmations c WHERE c.attempt_id = a.id AND c.client_id = $3) AS mine,
            (SELECT c.feels_repaired FROM repair_confirmations c WHERE c.attempt_id = a.id AND c.client_id <> $3) AS other
           FROM repair_attempts a WHERE a.id = $1 AND a.rupture_id = $2`,
        [attemptId, ruptureId, clientId],
        'after-scoped-check',
      );
    },

    recordConfirmation(attemptId: string, clientId: string, userId: string, dto: ConfirmRepairDto) {
      return statement(
        `INSERT INTO repair_confirmations (attempt_id, client_id, confirmed_by_user_id, feels_repaired, comment) VALUES ($1, $2, $3, $4, $5)`,
        [attemptId, clientId, userId, dto.feelsRepaired, dto.comment ?? null],
        'after-scoped-check',
      );
    },

    closeAttempt(attemptId: string, status: Exclude<AttemptStatus, 'open'>) {
      return statement(`UPDATE repair_attempts SET status = $2, closed_at = now() WHERE id = $1`, [attemptId, status], 'after-scoped-check');
    },

    markCompleted(ruptureId: string) {
      return statement(`UPDATE ruptures SET stage = 'completed', completed_at = now(), updated_at = now() WHERE id = $1`, [ruptureId], 'after-scoped-check');
    },

    /** One step of the rupture's transition log, by whom (and as which partner). */
    recordTransition(ruptureId: string, transition: TransitionRecord, attemptId: string | null, actor: UserActor, actorClientId: string | null) {
      return statement(
        `INSERT INTO rupture_transitions (rupture_id, event, from_stage, to_stage, attempt_id, actor_user_id, actor_role, actor_client_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [ruptureId, transition.event, transition.from, transition.to, attemptId, actor.id, actor.role, actorClientId],
        'after-scoped-check',
      );
    },
  },
  {
    list: [
      [SAMPLE_SCOPE.therapist, SAMPLE_ID.couple, { limit: 20 }],
      [
        SAMPLE_SCOPE.client,
        SAMPLE_ID.couple,
        {
          limit: 20,
          stage: 'recognized',
          severity: 'major',
          theme: 'chores',
          from: SAMPLE_TIME.from.toISOString(),
          to: SAMPLE_TIME.to.toISOString(),
          cursor: sampleCursor('2026-03-15 10:00:00.123456+00', SAMPLE_ID.rupture),
        },
      ],
    ],
    detail: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.rupture]],
    changed: [[SAMPLE_ID.rupture]],
    coupleInReach: [[SAMPLE_SCOPE.client, SAMPLE_ID.couple]],
    report: [
      [
        SAMPLE_SCOPE.client,
        SAMPLE_ACTOR.client,
        SAMPLE_ID.couple,
        { occurredAt: SAMPLE_TIME.from.toISOString(), description: 'Left the room', severity: 'moderate', kind: 'withdrawal', themes: ['chores'], sessionId: SAMPLE_ID.session },
      ],
      [SAMPLE_SCOPE.therapist, SAMPLE_ACTOR.therapist, SAMPLE_ID.couple, { occurredAt: SAMPLE_TIME.from.toISOString(), description: 'Left the room', severity: 'minor', kind: 'other' }],
    ],
    lockForChange: [
      [SAMPLE_SCOPE.client, SAMPLE_ID.rupture],
      [SAMPLE_SCOPE.therapist, SAMPLE_ID.rupture],
    ],
    recognizedBy: [[SAMPLE_ID.rupture, SAMPLE_ID.clientUser]],
    recordRecognition: [[SAMPLE_ID.rupture, SAMPLE_ACTOR.client, SAMPLE_ID.client, 'I raised my voice.']],
    markRecognized: [[SAMPLE_ID.rupture, 'recognized']],
    hasOpenAttempt: [[SAMPLE_ID.rupture]],
    startAttempt: [[SAMPLE_ID.rupture, SAMPLE_ID.client, SAMPLE_ACTOR.therapist, { approach: 'imago_dialogue', imagoSteps: ['mirroring'] }]],
    markInitiated: [[SAMPLE_ID.rupture, 'initiated']],
    attemptAnswers: [[SAMPLE_ID.rupture, SAMPLE_ID.other, SAMPLE_ID.client]],
    recordConfirmation: [[SAMPLE_ID.other, SAMPLE_ID.client, SAMPLE_ID.clientUser, { feelsRepaired: true }]],
    closeAttempt: [[SAMPLE_ID.other, 'completed']],
    markCompleted: [[SAMPLE_ID.rupture]],
    recordTransition: [[SAMPLE_ID.rupture, { event: 'recognized', from: 'reported', to: 'recognized' }, null, SAMPLE_ACTOR.client, SAMPLE_ID.client]],
  },
);
