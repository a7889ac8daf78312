import { AttemptStatus, RepairStage, TransitionEvent } from './repair-stages';
import { ImagoStep, RepairApproach } from './repair-attempt.entity';
import { RuptureActorRole, RuptureKind, RuptureSeverity } from './rupture.entity';
import { UserActor } from '../common/auth/roles';
import { RuptureDetailResponse, RupturePersonResponse, RuptureResponse } from './dto/rupture.response';

export interface RuptureRow {
  id: string;
  couple_id: string;
  occurred_at: Date;
  /** occurred_at to the microsecond, for the keyset cursor. */
  occurred_key: string;
  reported_by: PersonJson;
  description: string;
  severity: RuptureSeverity;
  kind: RuptureKind;
  themes: string[];
  session_id: string | null;
  stage: RepairStage;
  recognized_at: Date | null;
  initiated_at: Date | null;
  completed_at: Date | null;
  recurrence_of_id: string | null;
  recurring_themes: string[];
  created_at: Date;
  updated_at: Date;
  partner_a_id: string;
  partner_b_id: string;
}

/** Someone who acted, as the SQL names them: the user id only to tell the reader apart, never sent. */
interface PersonJson {
  role: RuptureActorRole;
  user_id: string | null;
  name: string;
}

/** JSON rows of the timeline: timestamps arrive as ISO strings. */
interface RecognitionJson {
  id: string;
  by: PersonJson;
  statement: string | null;
  at: string;
}

interface ConfirmationJson {
  id: string;
  partner: PersonJson;
  feels_repaired: boolean;
  comment: string | null;
  at: string;
}

interface AttemptJson {
  id: string;
  sequence: number;
  initiator: PersonJson;
  recorded_by: PersonJson;
  approach: RepairApproach;
  imago_steps: ImagoStep[];
  requests: string[];
  notes: string | null;
  status: AttemptStatus;
  started_at: string;
  closed_at: string | null;
  confirmations: ConfirmationJson[];
}

interface TransitionJson {
  event: TransitionEvent;
  from_stage: RepairStage | null;
  to_stage: RepairStage;
  attempt_id: string | null;
  actor: PersonJson;
  at: string;
}

export interface RuptureDetailRow extends RuptureRow {
  recognitions: RecognitionJson[];
  attempts: AttemptJson[];
  transitions: TransitionJson[];
}

/**
 * A person acting on a rupture by role and name, as the access log shows them: a partner by their
 * preferred (or legal) name, the therapist by their display name. The user id (a partner's portal
 * account) only tells the reader apart from the others and is never sent.
 */
const person = (role: string, userId: string, clientId: string) => `json_build_object('role', ${role},
    'user_id', CASE WHEN ${clientId} IS NULL THEN ${userId} ELSE (SELECT pc.portal_user_id FROM clients pc WHERE pc.id = ${clientId}) END,
    'name', CASE WHEN ${clientId} IS NULL THEN (SELECT pu.display_name FROM users pu WHERE pu.id = ${userId})
                 ELSE (SELECT coalesce(pc.preferred_name, pc.legal_name) FROM clients pc WHERE pc.id = ${clientId}) END)`;

/** A rupture `r` of its couple `k`, with the partners' ids for the audit trail. */
export const RUPTURE_SELECT = `SELECT r.id, r.couple_id, r.occurred_at,
    to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_key,
    ${person('r.reported_by_role', 'r.reported_by_user_id', 'r.reported_by_client_id')} AS reported_by, r.description, r.severity, r.kind, r.themes,
    r.session_id, r.stage, r.recognized_at, r.initiated_at, r.completed_at, r.recurrence_of_id, r.recurring_themes,
    r.created_at, r.updated_at, k.partner_a_id, k.partner_b_id
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

export const RUPTURE_DETAIL_SELECT = RUPTURE_SELECT.replace('\n  FROM ruptures r', `${TIMELINE}\n  FROM ruptures r`);

const toPerson = (reader: UserActor, p: PersonJson): RupturePersonResponse => ({ role: p.role, name: p.name, isYou: p.user_id === reader.id });

export function toRuptureResponse(reader: UserActor, r: RuptureRow): RuptureResponse {
  return {
    id: r.id,
    coupleId: r.couple_id,
    occurredAt: r.occurred_at,
    reportedBy: toPerson(reader, r.reported_by),
    description: r.description,
    severity: r.severity,
    kind: r.kind,
    themes: r.themes,
    sessionId: r.session_id,
    stage: r.stage,
    recognizedAt: r.recognized_at,
    initiatedAt: r.initiated_at,
    completedAt: r.completed_at,
    recurrenceOf: r.recurrence_of_id,
    recurringThemes: r.recurring_themes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const date = (iso: string) => new Date(iso);

export function toRuptureDetailResponse(reader: UserActor, r: RuptureDetailRow): RuptureDetailResponse {
  return {
    ...toRuptureResponse(reader, r),
    recognitions: r.recognitions.map((g) => ({
      id: g.id,
      recognizedBy: toPerson(reader, g.by),
      statement: g.statement,
      recognizedAt: date(g.at),
    })),
    attempts: r.attempts.map((a) => ({
      id: a.id,
      sequence: a.sequence,
      initiator: toPerson(reader, a.initiator),
      recordedBy: toPerson(reader, a.recorded_by),
      approach: a.approach,
      imagoSteps: a.imago_steps,
      requests: a.requests,
      notes: a.notes,
      status: a.status,
      startedAt: date(a.started_at),
      closedAt: a.closed_at ? date(a.closed_at) : null,
      confirmations: a.confirmations.map((c) => ({ id: c.id, partner: toPerson(reader, c.partner), feelsRepaired: c.feels_repaired, comment: c.comment, confirmedAt: date(c.at) })),
    })),
    transitions: r.transitions.map((t) => ({
      event: t.event,
      fromStage: t.from_stage,
      toStage: t.to_stage,
      attemptId: t.attempt_id,
      actor: toPerson(reader, t.actor),
      occurredAt: date(t.at),
    })),
  };
}
