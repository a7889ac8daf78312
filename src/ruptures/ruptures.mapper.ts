import { UserActor } from '../common/auth/roles';
import { instrument } from '../outcomes/instruments';
import { RepairSummaryResponse } from './dto/repair-summary.response';
import { RuptureDetailResponse, RupturePersonResponse, RuptureResponse } from './dto/rupture.response';
import { SummaryRow } from './repair-summary.queries';
import { PersonJson, RuptureDetailRow, RuptureRow } from './ruptures.queries';

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

const num = (v: string | null) => (v === null ? null : Number(v));

export function toRepairSummaryResponse(r: SummaryRow, timeZone: string): RepairSummaryResponse {
  return {
    coupleId: r.id,
    total: r.total,
    completed: r.completed,
    openByStage: r.open_by_stage.map((s) => ({ stage: s.stage, count: s.count, oldestAgeDays: s.oldest_age_days })),
    openByAge: { under7Days: r.under_7, days7To29: r.days_7_to_29, days30To89: r.days_30_to_89, days90OrMore: r.days_90_or_more },
    repairRate: { overall: num(r.rate_overall), last90Days: num(r.rate_last_90_days) },
    medianHoursToRecognition: num(r.median_hours_to_recognition),
    medianHoursToCompletion: num(r.median_hours_to_completion),
    attemptsPerCompletedRepair: num(r.attempts_per_completed_repair),
    recurringThemes: r.recurring_themes.map((t) => ({ theme: t.theme, count: t.count, lastSeen: new Date(t.last_seen), repaired: t.repaired })),
    months: r.months,
    satisfaction: r.satisfaction.map((series) => ({
      instrument: series.instrument,
      cutoff: instrument(series.instrument).cutoff,
      months: series.months.map((m) => {
        const partnerA = m.partner_a && { total: m.partner_a.total, belowCutoff: m.partner_a.below_cutoff, isYou: r.caller_client_id === r.partner_a_id };
        const partnerB = m.partner_b && { total: m.partner_b.total, belowCutoff: m.partner_b.below_cutoff, isYou: r.caller_client_id === r.partner_b_id };
        return {
          month: m.month,
          partnerA,
          partnerB,
          gap: partnerA && partnerB ? Math.abs(partnerA.total - partnerB.total) : null,
          rupturesReported: m.reported,
          repairsCompleted: m.completed,
          medianHoursToRepair: num(m.median_hours_to_completion),
        };
      }),
    })),
    timeZone,
    generatedAt: r.generated_at,
  };
}
