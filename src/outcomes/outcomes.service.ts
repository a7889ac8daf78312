import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Page, PageQuery } from '../common/pagination/pagination';
import { Conflict, Forbidden, InvalidRequest, NotFound, Unprocessable } from '../common/problem/problem';
import { ConsentsService } from '../consents/consents.service';
import { first, rows } from '../database/statement';
import { Outbox } from '../outbox/outbox.service';
import { AnswerOutcomeDto } from './dto/answer-outcome.dto';
import { AssignOutcomeDto, UpdateOutcomeAssignmentDto } from './dto/assign-outcome.dto';
import { InstrumentResponse, OutcomeAssignmentResponse, OutcomeResultResponse } from './dto/outcome.response';
import { instrument, INSTRUMENT_CODES, score } from './instruments';
import { OutcomeClock } from './outcome-clock';
import { questionnaireDue } from './outcome-emails';
import { currentOccasion, OutcomeSchedule } from './outcome-schedule';
import { occasionOf, toAssignmentResponse, toInstrumentResponse, toResultResponse } from './outcomes.mapper';
import { OUTCOME_PROBLEMS } from './outcomes.problems';
import { ASSIGNMENT_ORDER, AUDITED_PARTNERS, LockedAssignment, outcomeQueries, RESPONSE_ORDER } from './outcomes.queries';

/**
 * Outcome measures: the couple's therapist assigns a questionnaire, each partner answers for
 * themself, the server scores. Item answers reach the therapist and the partner who gave them;
 * totals reach the other partner only when the therapist shares them (docs/outcomes.md).
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly consents: ConsentsService,
    private readonly clock: OutcomeClock,
    private readonly idempotency: Idempotency,
  ) {}

  /** The current version of each instrument, with its items and options in printed order. */
  instruments(): InstrumentResponse[] {
    return INSTRUMENT_CODES.map((code) => toInstrumentResponse(instrument(code)));
  }

  async assign(actor: UserActor, coupleId: string, dto: AssignOutcomeDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<OutcomeAssignmentResponse>> {
    if (dto.sharesTotals) sharingIsTheTherapists(actor);
    const schedule = scheduleOf(dto);
    const insert = outcomeQueries.assign(this.access.scope(actor), actor, coupleId, dto.instrument, schedule, dto.sharesTotals ?? false);
    return this.idempotency.run(idempotent, dto, { stored: (a) => ({ id: a.id }), replay: (a) => this.assignment(actor, a.id) }, async (tx) => {
      const row = await first(tx, insert);
      if (!row) throw new NotFound('couple');
      await this.audit.record(tx, actor, { action: 'create', resourceType: 'outcome_assignment', resourceId: row.id, clientIds: [row.partner_a_id, row.partner_b_id] });
      // Due at intake: the partners are told now, in the same transaction.
      await this.notify(tx, row.id, 0, 'after-scoped-check');
      return toAssignmentResponse(actor, row, this.clock.now());
    });
  }

  /** One assignment as the caller sees it now (a replayed assignment), audited; 404 when out of reach. */
  private async assignment(actor: UserActor, id: string): Promise<OutcomeAssignmentResponse> {
    const now = this.clock.now();
    const select = outcomeQueries.assignment(this.access.scope(actor), id, now);
    const row = await this.audit.readOne(actor, select, { action: 'read', resourceType: 'outcome_assignment', resourceId: 'rows.id', clientIds: AUDITED_PARTNERS });
    if (!row) throw new NotFound('outcome assignment');
    return toAssignmentResponse(actor, row, now);
  }

  async list(actor: UserActor, coupleId: string, query: PageQuery): Promise<Page<OutcomeAssignmentResponse>> {
    const now = this.clock.now();
    const select = outcomeQueries.list(this.access.scope(actor), coupleId, now, query.limit, query.cursor);
    const page = await this.audit.readPage(actor, select, ASSIGNMENT_ORDER, query.limit, { action: 'list', resourceType: 'outcome_assignment', clientIds: AUDITED_PARTNERS }, (r) =>
      toAssignmentResponse(actor, r, now),
    );
    if (!page.data.length && !(await first(this.db, outcomeQueries.assignableCouple(this.access.scope(actor), coupleId)))) throw new NotFound('couple');
    return page;
  }

  async update(actor: UserActor, id: string, dto: UpdateOutcomeAssignmentDto): Promise<OutcomeAssignmentResponse> {
    if (dto.sharesTotals) sharingIsTheTherapists(actor);
    return this.db.transaction(async (tx) => {
      const row = await this.lock(tx, actor, id);
      await rows(tx, outcomeQueries.shareTotals(id, dto.sharesTotals));
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'outcome_assignment', resourceId: id, clientIds: [row.partner_a_id, row.partner_b_id] });
      return toAssignmentResponse(actor, { ...row, shares_totals: dto.sharesTotals }, this.clock.now());
    });
  }

  /**
   * A partner's own answers to the occasion now open, or a correction of one of their own earlier
   * responses (a new response; the original is kept). The assignment is locked first, so a partner
   * answering twice at once stores one response.
   */
  async answer(actor: UserActor, assignmentId: string, dto: AnswerOutcomeDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<OutcomeResultResponse>> {
    return this.idempotency.run(idempotent, dto, { stored: (r) => ({ id: r.id }), replay: (r) => this.response(actor, r.id) }, async (tx) => {
      const assignment = await this.lock(tx, actor, assignmentId);
      const me = assignment.caller_client_id;
      if (actor.role !== 'client' || !me) throw new Forbidden('Only a partner answers a questionnaire, and only for themself.');
      const on = instrument(assignment.instrument);
      const scored = score(on, dto.answers);
      if (!scored.ok) throw new InvalidRequest(`The answers do not fit ${on.title}.`, scored.problems);
      let occasion = occasionOf(assignment, this.clock.now());
      if (dto.corrects) {
        const corrected = await first(tx, outcomeQueries.correctable(assignmentId, me, dto.corrects));
        if (!corrected) throw new Unprocessable(OUTCOME_PROBLEMS['correction-not-found'], 'A correction names one of your own responses to this questionnaire that has not been corrected yet.');
        occasion = corrected.occasion;
      } else if (assignment.my_occasions.includes(occasion)) {
        throw new Conflict(OUTCOME_PROBLEMS['occasion-answered'], 'You have answered this questionnaire for now; to change an answer, send a correction naming your response.');
      }
      const [created] = await rows(tx, outcomeQueries.recordResponse(assignment, me, actor, on, occasion, dto.answers, scored, dto.corrects ?? null));
      await this.audit.record(tx, actor, {
        action: dto.corrects ? 'correct' : 'create',
        resourceType: 'outcome_response',
        resourceId: created.id,
        clientIds: [assignment.partner_a_id, assignment.partner_b_id],
      });
      const row = await first(tx, outcomeQueries.response(this.access.scope(actor), created.id));
      return toResultResponse(row!);
    });
  }

  async responses(actor: UserActor, coupleId: string, query: PageQuery): Promise<Page<OutcomeResultResponse>> {
    const select = outcomeQueries.responses(this.access.scope(actor), coupleId, query.limit, query.cursor);
    const page = await this.audit.readPage(actor, select, RESPONSE_ORDER, query.limit, { action: 'list', resourceType: 'outcome_response', clientIds: AUDITED_PARTNERS }, toResultResponse);
    if (!page.data.length && !(await first(this.db, outcomeQueries.coupleInReach(this.access.scope(actor), coupleId)))) throw new NotFound('couple');
    return page;
  }

  async response(actor: UserActor, id: string): Promise<OutcomeResultResponse> {
    const select = outcomeQueries.response(this.access.scope(actor), id);
    const row = await this.audit.readOne(actor, select, { action: 'read', resourceType: 'outcome_response', resourceId: 'rows.id', clientIds: AUDITED_PARTNERS });
    if (!row) throw new NotFound('outcome response');
    return toResultResponse(row);
  }

  /**
   * Tells the partners of each scheduled assignment whose next occasion has come (by `now`), once
   * per occasion. Background work; the sweep passes the clock's time, tests their own.
   */
  async sendDueNotices(now: Date = this.clock.now()): Promise<number> {
    let sent = 0;
    for (const a of await rows(this.db, outcomeQueries.scheduled(now))) {
      const occasion = currentOccasion({ kind: a.schedule_kind, every: a.every }, a.assigned_at, now, a.completed_sessions);
      if (occasion <= a.noticed) continue;
      sent += await this.db.transaction((tx) => this.notify(tx, a.id, occasion, 'worker'));
    }
    return sent;
  }

  /** Claims the occasion's notice and queues a content-free email to each partner who consents to reminders and has not answered. */
  private async notify(tx: EntityManager, assignmentId: string, occasion: number, exemption: 'worker' | 'after-scoped-check'): Promise<number> {
    if (!(await first(tx, outcomeQueries.claimNotice(assignmentId, occasion, exemption)))) return 0;
    const recipients = await rows(tx, outcomeQueries.recipients(assignmentId, occasion, exemption));
    if (!recipients.length) return 0;
    const declined = new Set(await this.consents.withoutConsent(tx, recipients.map((r) => r.client_id), 'reminders'));
    const messages = recipients.filter((r) => !declined.has(r.client_id)).map((r) => questionnaireDue(r.email));
    await this.outbox.enqueue(tx, messages);
    return messages.length;
  }

  /** Locks the assignment in the caller's reach, or 404. */
  private async lock(tx: EntityManager, actor: UserActor, id: string): Promise<LockedAssignment> {
    const row = await first(tx, outcomeQueries.lockAssignment(this.access.scope(actor), id, this.clock.now()));
    if (!row) throw new NotFound('outcome assignment');
    return row;
  }
}

/**
 * Showing a partner the other's totals is a clinical choice, the couple's therapist's: an admin
 * assigns questionnaires (clinic operations) and may stop sharing, but never starts it.
 */
function sharingIsTheTherapists(actor: UserActor): void {
  if (actor.role !== 'therapist') throw new Forbidden('Only the couple’s therapist chooses to show each partner the other’s totals.');
}

/** `every` goes with `sessions` and `weeks` only, and is required there. */
function scheduleOf(dto: AssignOutcomeDto): OutcomeSchedule {
  if (dto.schedule === 'once') {
    if (dto.every !== undefined) throw new InvalidRequest('A one-off questionnaire does not repeat.', [{ field: 'every', message: 'every goes with schedule sessions or weeks only' }]);
    return { kind: 'once', every: null };
  }
  if (dto.every === undefined) throw new InvalidRequest('Say how often it repeats.', [{ field: 'every', message: `every is required with schedule ${dto.schedule}` }]);
  return { kind: dto.schedule, every: dto.every };
}
