import { UserActor } from '../common/auth/roles';
import { InstrumentResponse, OutcomeAssignmentResponse, OutcomeResultResponse } from './dto/outcome.response';
import { Instrument, instrument, instrumentRef } from './instruments';
import { currentOccasion, isDue } from './outcome-schedule';
import { AssignmentRow, ResponseRow } from './outcomes.queries';

export const CSI_SOURCE = 'Funk, J. L., & Rogge, R. D. (2007). Testing the ruler with item response theory: Increasing precision of measurement for relationship satisfaction with the Couples Satisfaction Index. Journal of Family Psychology, 21(4), 572–583.';

export function toInstrumentResponse(i: Instrument): InstrumentResponse {
  return {
    code: i.code,
    version: i.version,
    ref: instrumentRef(i),
    title: i.title,
    instructions: i.instructions,
    items: i.items.map((item) => ({ number: item.number, text: item.text, options: item.options.map((o) => ({ label: o.label, score: o.score })) })),
    cutoff: i.cutoff,
    minTotal: i.minTotal,
    maxTotal: i.maxTotal,
    source: CSI_SOURCE,
  };
}

/** The occasion an assignment is at, by the clock's `now`. */
export const occasionOf = (a: AssignmentRow, now: Date) =>
  currentOccasion({ kind: a.schedule_kind, every: a.every }, a.assigned_at, now, a.completed_sessions);

export function toAssignmentResponse(reader: UserActor, a: AssignmentRow, now: Date): OutcomeAssignmentResponse {
  const occasion = occasionOf(a, now);
  return {
    id: a.id,
    coupleId: a.couple_id,
    instrument: a.instrument,
    schedule: a.schedule_kind,
    every: a.every,
    sharesTotals: a.shares_totals,
    assignedAt: a.assigned_at,
    currentOccasion: occasion,
    dueForYou: reader.role === 'client' ? isDue(occasion, a.my_occasions) : null,
  };
}

export function toResultResponse(r: ResponseRow): OutcomeResultResponse {
  return {
    id: r.id,
    assignmentId: r.assignment_id,
    coupleId: r.couple_id,
    clientId: r.client_id,
    isYou: r.is_you,
    instrument: instrumentRef({ code: r.instrument, version: r.instrument_version }),
    occasion: r.occasion,
    total: r.total,
    cutoff: instrument(r.instrument, r.instrument_version).cutoff,
    belowCutoff: r.below_cutoff,
    answers: r.answers,
    corrects: r.corrects_id,
    correctedBy: r.corrected_by_id,
    answeredAt: r.answered_at,
  };
}
