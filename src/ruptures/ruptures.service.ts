import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Page } from '../common/pagination/pagination';
import { Forbidden, InvalidRequest, NotFound, Unprocessable } from '../common/problem/problem';
import { AppConfig } from '../config/environment';
import { RepairNotices } from '../notifications/repair-notices';
import { first, rows } from '../database/statement';
import { ConfirmRepairDto } from './dto/confirm-repair.dto';
import { CreateRepairAttemptDto } from './dto/create-repair-attempt.dto';
import { CreateRuptureDto } from './dto/create-rupture.dto';
import { ListRupturesQuery } from './dto/list-ruptures.query';
import { RecognizeRuptureDto } from './dto/recognize-rupture.dto';
import { RepairSummaryResponse } from './dto/repair-summary.response';
import { RuptureDetailResponse, RuptureResponse } from './dto/rupture.response';
import { confirm, recognize, startAttempt } from './repair-stages';
import { repairSummaryQueries } from './repair-summary.queries';
import { toRepairSummaryResponse, toRuptureDetailResponse, toRuptureResponse } from './ruptures.mapper';
import { RUPTURE_PROBLEMS } from './ruptures.problems';
import { AUDITED_PARTNERS, LockedRupture, RUPTURE_ORDER, ruptureQueries, TransitionRecord } from './ruptures.queries';

/** A client's clock may run a little fast; a rupture further in the future than this is a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

@Injectable()
export class RupturesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly notices: RepairNotices,
  ) {}

  async list(actor: UserActor, coupleId: string, query: ListRupturesQuery): Promise<Page<RuptureResponse>> {
    const select = ruptureQueries.list(this.access.scope(actor), coupleId, query);
    const page = await this.audit.readPage(actor, select, RUPTURE_ORDER, query.limit, { action: 'list', resourceType: 'rupture', clientIds: AUDITED_PARTNERS }, (r) =>
      toRuptureResponse(actor, r),
    );
    // No rows either means none match or the couple is out of reach; only the latter is a 404.
    if (!page.data.length) await this.assertCoupleInReach(actor, coupleId);
    return page;
  }

  async get(actor: UserActor, id: string): Promise<RuptureDetailResponse> {
    const select = ruptureQueries.detail(this.access.scope(actor), id);
    const row = await this.audit.readOne(actor, select, { action: 'read', resourceType: 'rupture', resourceId: 'rows.id', clientIds: AUDITED_PARTNERS });
    if (!row) throw new NotFound('rupture');
    return toRuptureDetailResponse(actor, row);
  }

  async create(actor: UserActor, coupleId: string, dto: CreateRuptureDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<RuptureDetailResponse>> {
    if (Date.parse(dto.occurredAt) > Date.now() + FUTURE_TOLERANCE_MS) {
      throw new InvalidRequest('A rupture is recorded after it happened.', [{ field: 'occurredAt', message: 'occurredAt must not be in the future' }]);
    }
    const insert = ruptureQueries.report(this.access.scope(actor), actor, coupleId, dto);
    return this.idempotency.run(idempotent, dto, { stored: (r) => ({ id: r.id }), replay: (r) => this.get(actor, r.id) }, async (tx) => {
      const created = await first(tx, insert);
      if (!created) {
        await this.assertCoupleInReach(actor, coupleId);
        throw new Unprocessable(RUPTURE_PROBLEMS['session-not-of-couple'], 'The session named is not one of this couple’s sessions.');
      }
      await this.writeTransition(tx, actor, created.id, created.reported_by_client_id, { event: 'reported', from: null, to: 'reported' }, null);
      await this.notices.ruptureRecorded(tx, created.id, created.reported_by_client_id);
      return this.finish(tx, actor, created.id, 'create');
    });
  }

  async recognize(actor: UserActor, id: string, dto: RecognizeRuptureDto): Promise<RuptureDetailResponse> {
    return this.db.transaction(async (tx) => {
      const rupture = await this.lock(tx, actor, id);
      const [{ already }] = await rows(tx, ruptureQueries.recognizedBy(id, actor.id));
      const move = recognize(rupture.stage, already);
      await rows(tx, ruptureQueries.recordRecognition(id, actor, rupture.caller_client_id, dto.statement ?? null));
      if (move.transition) {
        await rows(tx, ruptureQueries.markRecognized(id, move.stage));
        await this.writeTransition(tx, actor, id, rupture.caller_client_id, move.transition, null);
      }
      return this.finish(tx, actor, id, 'update', rupture);
    });
  }

  async startAttempt(actor: UserActor, id: string, dto: CreateRepairAttemptDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<RuptureDetailResponse>> {
    return this.idempotency.run(idempotent, dto, { stored: (r) => ({ id: r.id }), replay: (r) => this.get(actor, r.id) }, async (tx) => {
      const rupture = await this.lock(tx, actor, id);
      const initiator = this.initiatorOf(rupture, dto.initiatorClientId);
      const [{ open }] = await rows(tx, ruptureQueries.hasOpenAttempt(id));
      const move = startAttempt(rupture.stage, open);
      const [attempt] = await rows(tx, ruptureQueries.startAttempt(id, initiator, actor, dto));
      await rows(tx, ruptureQueries.markInitiated(id, move.stage));
      await this.writeTransition(tx, actor, id, rupture.caller_client_id, move.transition, attempt.id);
      await this.notices.repairAwaitsConfirmation(tx, id, rupture.caller_client_id);
      return this.finish(tx, actor, id, 'update', rupture);
    });
  }

  /**
   * A partner's own answer on an attempt. The rupture row is locked first, so two partners
   * answering at the same moment are taken one after the other and complete it exactly once.
   */
  async confirm(actor: UserActor, id: string, attemptId: string, dto: ConfirmRepairDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<RuptureDetailResponse>> {
    return this.idempotency.run(idempotent, dto, { stored: (r) => ({ id: r.id }), replay: (r) => this.get(actor, r.id) }, async (tx) => {
      const rupture = await this.lock(tx, actor, id);
      const me = rupture.caller_client_id;
      if (actor.role !== 'client' || !me) throw new Forbidden('Only a partner says whether they feel repaired, and only for themself.');
      const attempt = await first(tx, ruptureQueries.attemptAnswers(id, attemptId, me));
      if (!attempt) throw new NotFound('repair attempt');
      const move = confirm({ stage: rupture.stage, attempt: attempt.status, alreadyConfirmedByCaller: attempt.mine !== null, otherPartnerFeelsRepaired: attempt.other }, dto.feelsRepaired);
      await rows(tx, ruptureQueries.recordConfirmation(attemptId, me, actor.id, dto));
      if (move.attempt !== 'open') await rows(tx, ruptureQueries.closeAttempt(attemptId, move.attempt));
      if (move.stage === 'completed') await rows(tx, ruptureQueries.markCompleted(id));
      if (move.transition) await this.writeTransition(tx, actor, id, me, move.transition, attemptId);
      return this.finish(tx, actor, id, 'update', rupture);
    });
  }

  async summary(actor: UserActor, coupleId: string): Promise<RepairSummaryResponse> {
    const timeZone = this.config.get('CLINIC_TIME_ZONE', { infer: true });
    const select = repairSummaryQueries.summary(this.access.scope(actor), coupleId, timeZone);
    const row = await this.audit.readOne(actor, select, { action: 'read', resourceType: 'repair_summary', resourceId: 'rows.id', clientIds: AUDITED_PARTNERS });
    if (!row) throw new NotFound('couple');
    return toRepairSummaryResponse(row, timeZone);
  }

  /** Locks the rupture for a change, within the caller's reach, or 404. */
  private async lock(tx: EntityManager, actor: UserActor, id: string): Promise<LockedRupture> {
    const row = await first(tx, ruptureQueries.lockForChange(this.access.scope(actor), id));
    if (!row) throw new NotFound('rupture');
    return row;
  }

  /** A partner initiates for themself; the therapist names which partner did. */
  private initiatorOf(rupture: LockedRupture, named: string | undefined): string {
    if (rupture.caller_client_id) {
      if (named && named !== rupture.caller_client_id) {
        throw new Unprocessable(RUPTURE_PROBLEMS['initiator-not-caller'], 'A partner records their own move toward the other; the therapist may record the other partner’s.');
      }
      return rupture.caller_client_id;
    }
    if (!named) throw new InvalidRequest('Name the partner who initiated the repair.', [{ field: 'initiatorClientId', message: 'initiatorClientId is required when the therapist records an attempt' }]);
    if (named !== rupture.partner_a_id && named !== rupture.partner_b_id) throw new Unprocessable(RUPTURE_PROBLEMS['initiator-not-partner'], 'The initiator must be one of the couple’s partners.');
    return named;
  }

  private async writeTransition(
    tx: EntityManager,
    actor: UserActor,
    ruptureId: string,
    actorClientId: string | null,
    transition: TransitionRecord,
    attemptId: string | null,
  ): Promise<void> {
    await rows(tx, ruptureQueries.recordTransition(ruptureId, transition, attemptId, actor, actorClientId));
  }

  /** Audits the write and answers with the rupture as it now stands. */
  private async finish(tx: EntityManager, actor: UserActor, id: string, action: 'create' | 'update', rupture?: LockedRupture): Promise<RuptureDetailResponse> {
    const [row] = await rows(tx, ruptureQueries.changed(id));
    const partners = rupture ? [rupture.partner_a_id, rupture.partner_b_id] : [row.partner_a_id, row.partner_b_id];
    await this.audit.record(tx, actor, { action, resourceType: 'rupture', resourceId: id, clientIds: partners });
    return toRuptureDetailResponse(actor, row);
  }

  private async assertCoupleInReach(actor: UserActor, coupleId: string): Promise<void> {
    const row = await first(this.db, ruptureQueries.coupleInReach(this.access.scope(actor), coupleId));
    if (!row) throw new NotFound('couple');
  }
}
