import { AttemptStatus, RepairStage, TransitionEvent } from './repair-stages';
import { ImagoStep, RepairApproach } from './repair-attempt.entity';
import { RuptureActorRole, RuptureKind, RuptureSeverity } from './rupture.entity';
import { RuptureDetailResponse, RuptureResponse } from './dto/rupture.response';

export interface RuptureRow {
  id: string;
  couple_id: string;
  occurred_at: Date;
  /** occurred_at to the microsecond, for the keyset cursor. */
  occurred_key: string;
  reported_by_user_id: string;
  reported_by_role: RuptureActorRole;
  reported_by_client_id: string | null;
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

/** JSON rows of the timeline: timestamps arrive as ISO strings. */
interface RecognitionJson {
  id: string;
  user_id: string;
  role: RuptureActorRole;
  client_id: string | null;
  statement: string | null;
  at: string;
}

interface ConfirmationJson {
  id: string;
  client_id: string;
  feels_repaired: boolean;
  comment: string | null;
  at: string;
}

interface AttemptJson {
  id: string;
  sequence: number;
  initiator_client_id: string;
  user_id: string;
  role: RuptureActorRole;
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
  user_id: string;
  role: RuptureActorRole;
  client_id: string | null;
  at: string;
}

export interface RuptureDetailRow extends RuptureRow {
  recognitions: RecognitionJson[];
  attempts: AttemptJson[];
  transitions: TransitionJson[];
}

/** A rupture `r` of its couple `k`, with the partners' ids for the audit trail. */
export const RUPTURE_SELECT = `SELECT r.id, r.couple_id, r.occurred_at,
    to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_key,
    r.reported_by_user_id, r.reported_by_role, r.reported_by_client_id, r.description, r.severity, r.kind, r.themes,
    r.session_id, r.stage, r.recognized_at, r.initiated_at, r.completed_at, r.recurrence_of_id, r.recurring_themes,
    r.created_at, r.updated_at, k.partner_a_id, k.partner_b_id
  FROM ruptures r
  JOIN couples k ON k.id = r.couple_id`;

/** The timeline of `r`, each part in the order it happened. */
const TIMELINE = `,
  coalesce((SELECT json_agg(json_build_object('id', g.id, 'user_id', g.recognized_by_user_id, 'role', g.role, 'client_id', g.client_id,
      'statement', g.statement, 'at', g.recognized_at) ORDER BY g.recognized_at, g.id)
    FROM rupture_recognitions g WHERE g.rupture_id = r.id), '[]') AS recognitions,
  coalesce((SELECT json_agg(json_build_object('id', a.id, 'sequence', a.sequence, 'initiator_client_id', a.initiator_client_id,
      'user_id', a.recorded_by_user_id, 'role', a.recorded_by_role, 'approach', a.approach, 'imago_steps', a.imago_steps,
      'requests', a.requests, 'notes', a.notes, 'status', a.status, 'started_at', a.started_at, 'closed_at', a.closed_at,
      'confirmations', coalesce((SELECT json_agg(json_build_object('id', c.id, 'client_id', c.client_id, 'feels_repaired', c.feels_repaired,
          'comment', c.comment, 'at', c.confirmed_at) ORDER BY c.confirmed_at, c.id)
        FROM repair_confirmations c WHERE c.attempt_id = a.id), '[]')) ORDER BY a.sequence)
    FROM repair_attempts a WHERE a.rupture_id = r.id), '[]') AS attempts,
  coalesce((SELECT json_agg(json_build_object('event', t.event, 'from_stage', t.from_stage, 'to_stage', t.to_stage,
      'attempt_id', t.attempt_id, 'user_id', t.actor_user_id, 'role', t.actor_role, 'client_id', t.actor_client_id, 'at', t.occurred_at) ORDER BY t.seq)
    FROM rupture_transitions t WHERE t.rupture_id = r.id), '[]') AS transitions`;

export const RUPTURE_DETAIL_SELECT = RUPTURE_SELECT.replace('\n  FROM ruptures r', `${TIMELINE}\n  FROM ruptures r`);

export function toRuptureResponse(r: RuptureRow): RuptureResponse {
  return {
    id: r.id,
    coupleId: r.couple_id,
    occurredAt: r.occurred_at,
    reportedBy: { userId: r.reported_by_user_id, role: r.reported_by_role, clientId: r.reported_by_client_id },
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

export function toRuptureDetailResponse(r: RuptureDetailRow): RuptureDetailResponse {
  return {
    ...toRuptureResponse(r),
    recognitions: r.recognitions.map((g) => ({
      id: g.id,
      recognizedBy: { userId: g.user_id, role: g.role, clientId: g.client_id },
      statement: g.statement,
      recognizedAt: date(g.at),
    })),
    attempts: r.attempts.map((a) => ({
      id: a.id,
      sequence: a.sequence,
      initiatorClientId: a.initiator_client_id,
      recordedBy: { userId: a.user_id, role: a.role, clientId: a.role === 'client' ? a.initiator_client_id : null },
      approach: a.approach,
      imagoSteps: a.imago_steps,
      requests: a.requests,
      notes: a.notes,
      status: a.status,
      startedAt: date(a.started_at),
      closedAt: a.closed_at ? date(a.closed_at) : null,
      confirmations: a.confirmations.map((c) => ({ id: c.id, clientId: c.client_id, feelsRepaired: c.feels_repaired, comment: c.comment, confirmedAt: date(c.at) })),
    })),
    transitions: r.transitions.map((t) => ({
      event: t.event,
      fromStage: t.from_stage,
      toStage: t.to_stage,
      attemptId: t.attempt_id,
      actor: { userId: t.user_id, role: t.role, clientId: t.client_id },
      occurredAt: date(t.at),
    })),
  };
}
