import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { decodeCursor, Page, toPage } from '../common/pagination/pagination';
import { Forbidden, InvalidRequest, NotFound, Unprocessable } from '../common/problem/problem';
import { AppConfig } from '../config/environment';
import { SqlParams } from '../database/sql-params';
import { ConfirmRepairDto } from './dto/confirm-repair.dto';
import { CreateRepairAttemptDto } from './dto/create-repair-attempt.dto';
import { CreateRuptureDto } from './dto/create-rupture.dto';
import { ListRupturesQuery } from './dto/list-ruptures.query';
import { RecognizeRuptureDto } from './dto/recognize-rupture.dto';
import { RuptureDetailResponse, RuptureResponse } from './dto/rupture.response';
import { RepairSummaryResponse } from './dto/repair-summary.response';
import { AttemptStatus, confirm, recognize, RepairStage, startAttempt, Transition } from './repair-stages';
import { REPAIR_SUMMARY_SQL, SummaryRow, toRepairSummaryResponse } from './repair-summary.sql';
import { RUPTURE_DETAIL_SELECT, RUPTURE_SELECT, RuptureDetailRow, RuptureRow, toRuptureDetailResponse, toRuptureResponse } from './ruptures.sql';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';

const PARTNERS = 'ARRAY[rows.partner_a_id, rows.partner_b_id]';

/** A client's clock may run a little fast; a rupture further in the future than this is a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** The rupture as locked for a change, with which partner the caller is (null for the therapist). */
interface LockedRupture {
  id: string;
  stage: RepairStage;
  partner_a_id: string;
  partner_b_id: string;
  caller_client_id: string | null;
}

@Injectable()
export class RupturesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async list(actor: UserActor, coupleId: string, query: ListRupturesQuery): Promise<Page<RuptureResponse>> {
    const p = new SqlParams();
    const where = [`r.couple_id = ${p.add(coupleId)}`, this.access.rupturePredicate(actor, p, 'k')];
    if (query.stage) where.push(`r.stage = ${p.add(query.stage)}`);
    if (query.severity) where.push(`r.severity = ${p.add(query.severity)}`);
    if (query.theme) where.push(`r.themes @> ARRAY[${p.add(query.theme)}]::varchar[]`);
    if (query.from) where.push(`r.occurred_at >= ${p.add(query.from)}::timestamptz`);
    if (query.to) where.push(`r.occurred_at < ${p.add(query.to)}::timestamptz`);
    if (query.cursor) {
      const [occurredAt, id] = decodeCursor(query.cursor, 2);
      where.push(`(r.occurred_at, r.id) < (${p.add(occurredAt)}::timestamptz, ${p.add(id)}::uuid)`);
    }
    const select = `${RUPTURE_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.occurred_at DESC, r.id DESC LIMIT ${query.limit + 1}`;
    const rows = await this.audit.read<RuptureRow>(actor, select, p, {
      action: 'list',
      resourceType: 'rupture',
      clientIds: PARTNERS,
      limit: query.limit,
      orderBy: 'occurred_at DESC, id DESC',
    });
    // No rows either means none match or the couple is out of reach; only the latter is a 404.
    if (!rows.length) await this.assertCoupleInReach(actor, coupleId);
    return toPage(rows, query.limit, (r) => [r.occurred_key, r.id], (r) => toRuptureResponse(actor, r));
  }

  async get(actor: UserActor, id: string): Promise<RuptureDetailResponse> {
    const p = new SqlParams();
    const select = `${RUPTURE_DETAIL_SELECT} WHERE r.id = ${p.add(id)} AND ${this.access.rupturePredicate(actor, p, 'k')}`;
    const [row] = await this.audit.read<RuptureDetailRow>(actor, select, p, { action: 'read', resourceType: 'rupture', resourceId: 'rows.id', clientIds: PARTNERS });
    if (!row) throw new NotFound('rupture');
    return toRuptureDetailResponse(actor, row);
  }

  async create(actor: UserActor, coupleId: string, dto: CreateRuptureDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<RuptureDetailResponse>> {
    if (Date.parse(dto.occurredAt) > Date.now() + FUTURE_TOLERANCE_MS) {
      throw new InvalidRequest('A rupture is recorded after it happened.', [{ field: 'occurredAt', message: 'occurredAt must not be in the future' }]);
    }
    const p = new SqlParams();
    const themes = `${p.add(dto.themes ?? [])}::varchar[]`;
    const occurredAt = `${p.add(dto.occurredAt)}::timestamptz`;
    const sessionId = p.add(dto.sessionId ?? null);
    // Earlier = occurred before this one; recurrence links to the latest such rupture sharing a theme.
    const insert = `INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, reported_by_client_id,
        description, severity, kind, themes, session_id, recurrence_of_id, recurring_themes)
      SELECT k.id, ${occurredAt}, ${p.add(actor.id)}, ${p.add(actor.role)}, ${this.callerClient(actor, p)},
        ${p.add(dto.description)}, ${p.add(dto.severity)}, ${p.add(dto.kind)}, ${themes}, ${sessionId}::uuid,
        (SELECT e.id FROM ruptures e WHERE e.couple_id = k.id AND e.themes && ${themes} AND e.occurred_at < ${occurredAt}
          ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1),
        ARRAY(SELECT u.theme FROM unnest(${themes}) WITH ORDINALITY AS u(theme, n)
               WHERE EXISTS (SELECT 1 FROM ruptures e WHERE e.couple_id = k.id AND e.themes @> ARRAY[u.theme] AND e.occurred_at < ${occurredAt})
               ORDER BY u.n)
        FROM couples k WHERE k.id = ${p.add(coupleId)} AND ${this.access.rupturePredicate(actor, p, 'k')}
         AND (${sessionId}::uuid IS NULL OR EXISTS (SELECT 1 FROM therapy_sessions s WHERE s.id = ${sessionId}::uuid AND s.couple_id = k.id))
      RETURNING id, reported_by_client_id`;
    return this.idempotency.run(idempotent, dto, { stored: (r) => ({ id: r.id }), replay: (r) => this.get(actor, r.id) }, async (tx) => {
      const [created]: { id: string; reported_by_client_id: string | null }[] = await tx.query(insert, p.values);
      if (!created) {
        await this.assertCoupleInReach(actor, coupleId);
        throw new Unprocessable('session-not-of-couple', 'The session named is not one of this couple’s sessions.');
      }
      await this.writeTransition(tx, actor, created.id, created.reported_by_client_id, { event: 'reported', from: null, to: 'reported' }, null);
      return this.finish(tx, actor, created.id, 'create');
    });
  }

  async recognize(actor: UserActor, id: string, dto: RecognizeRuptureDto): Promise<RuptureDetailResponse> {
    return this.db.transaction(async (tx) => {
      const rupture = await this.lock(tx, actor, id);
      const [{ already }]: { already: boolean }[] = await tx.query(
        'SELECT EXISTS (SELECT 1 FROM rupture_recognitions WHERE rupture_id = $1 AND recognized_by_user_id = $2) AS already',
        [id, actor.id],
      );
      const move = recognize(rupture.stage, already);
      await tx.query(
        `INSERT INTO rupture_recognitions (rupture_id, recognized_by_user_id, role, client_id, statement) VALUES ($1, $2, $3, $4, $5)`,
        [id, actor.id, actor.role, rupture.caller_client_id, dto.statement ?? null],
      );
      if (move.transition) {
        await tx.query(`UPDATE ruptures SET stage = $2, recognized_at = now(), updated_at = now() WHERE id = $1`, [id, move.stage]);
        await this.writeTransition(tx, actor, id, rupture.caller_client_id, move.transition, null);
      }
      return this.finish(tx, actor, id, 'update', rupture);
    });
  }

  async startAttempt(actor: UserActor, id: string, dto: CreateRepairAttemptDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<RuptureDetailResponse>> {
    return this.idempotency.run(idempotent, dto, { stored: (r) => ({ id: r.id }), replay: (r) => this.get(actor, r.id) }, async (tx) => {
      const rupture = await this.lock(tx, actor, id);
      const initiator = this.initiatorOf(rupture, dto.initiatorClientId);
      const [{ open }]: { open: boolean }[] = await tx.query(
        `SELECT EXISTS (SELECT 1 FROM repair_attempts WHERE rupture_id = $1 AND status = 'open') AS open`,
        [id],
      );
      const move = startAttempt(rupture.stage, open);
      const [attempt]: { id: string }[] = await tx.query(
        `INSERT INTO repair_attempts (rupture_id, sequence, initiator_client_id, recorded_by_user_id, recorded_by_role, approach, imago_steps, requests, notes)
         SELECT $1, coalesce(max(sequence), 0) + 1, $2, $3, $4, $5, $6::varchar[], $7::varchar[], $8 FROM repair_attempts WHERE rupture_id = $1
         RETURNING id`,
        [id, initiator, actor.id, actor.role, dto.approach, dto.imagoSteps ?? [], dto.requests ?? [], dto.notes ?? null],
      );
      await tx.query(`UPDATE ruptures SET stage = $2, initiated_at = coalesce(initiated_at, now()), updated_at = now() WHERE id = $1`, [id, move.stage]);
      await this.writeTransition(tx, actor, id, rupture.caller_client_id, move.transition, attempt.id);
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
      const [attempt]: { status: AttemptStatus; mine: boolean | null; other: boolean | null }[] = await tx.query(
        `SELECT a.status,
            (SELECT c.feels_repaired FROM repair_confirmations c WHERE c.attempt_id = a.id AND c.client_id = $3) AS mine,
            (SELECT c.feels_repaired FROM repair_confirmations c WHERE c.attempt_id = a.id AND c.client_id <> $3) AS other
           FROM repair_attempts a WHERE a.id = $1 AND a.rupture_id = $2`,
        [attemptId, id, me],
      );
      if (!attempt) throw new NotFound('repair attempt');
      const move = confirm({ stage: rupture.stage, attempt: attempt.status, alreadyConfirmedByCaller: attempt.mine !== null, otherPartnerFeelsRepaired: attempt.other }, dto.feelsRepaired);
      await tx.query(
        `INSERT INTO repair_confirmations (attempt_id, client_id, confirmed_by_user_id, feels_repaired, comment) VALUES ($1, $2, $3, $4, $5)`,
        [attemptId, me, actor.id, dto.feelsRepaired, dto.comment ?? null],
      );
      if (move.attempt !== 'open') await tx.query(`UPDATE repair_attempts SET status = $2, closed_at = now() WHERE id = $1`, [attemptId, move.attempt]);
      if (move.stage === 'completed') await tx.query(`UPDATE ruptures SET stage = 'completed', completed_at = now(), updated_at = now() WHERE id = $1`, [id]);
      if (move.transition) await this.writeTransition(tx, actor, id, me, move.transition, attemptId);
      return this.finish(tx, actor, id, 'update', rupture);
    });
  }

  async summary(actor: UserActor, coupleId: string): Promise<RepairSummaryResponse> {
    const p = new SqlParams();
    const timeZone = this.config.get('CLINIC_TIME_ZONE', { infer: true });
    const select = REPAIR_SUMMARY_SQL(p.add(coupleId), this.access.rupturePredicate(actor, p, 'k'), p.add(timeZone));
    const [row] = await this.audit.read<SummaryRow>(actor, select, p, { action: 'read', resourceType: 'repair_summary', resourceId: 'rows.id', clientIds: PARTNERS });
    if (!row) throw new NotFound('couple');
    return toRepairSummaryResponse(row, timeZone);
  }

  /** `$n` for the partner the caller is, or NULL for the therapist: never taken from the body. */
  private callerClient(actor: UserActor, p: SqlParams, k = 'k'): string {
    if (actor.role !== 'client') return 'NULL::uuid';
    return `(SELECT pc.id FROM clients pc WHERE pc.portal_user_id = ${p.add(actor.id)} AND pc.id IN (${k}.partner_a_id, ${k}.partner_b_id))`;
  }

  /** Locks the rupture for a change, within the caller's reach, or 404. */
  private async lock(tx: EntityManager, actor: UserActor, id: string): Promise<LockedRupture> {
    const p = new SqlParams();
    const [row]: LockedRupture[] = await tx.query(
      `SELECT r.id, r.stage, k.partner_a_id, k.partner_b_id, ${this.callerClient(actor, p)} AS caller_client_id
         FROM ruptures r JOIN couples k ON k.id = r.couple_id
        WHERE r.id = ${p.add(id)} AND ${this.access.rupturePredicate(actor, p, 'k')}
        FOR UPDATE OF r`,
      p.values,
    );
    if (!row) throw new NotFound('rupture');
    return row;
  }

  /** A partner initiates for themself; the therapist names which partner did. */
  private initiatorOf(rupture: LockedRupture, named: string | undefined): string {
    if (rupture.caller_client_id) {
      if (named && named !== rupture.caller_client_id) throw new Unprocessable('initiator-not-caller', 'A partner records their own move toward the other; the therapist may record the other partner’s.');
      return rupture.caller_client_id;
    }
    if (!named) throw new InvalidRequest('Name the partner who initiated the repair.', [{ field: 'initiatorClientId', message: 'initiatorClientId is required when the therapist records an attempt' }]);
    if (named !== rupture.partner_a_id && named !== rupture.partner_b_id) throw new Unprocessable('initiator-not-partner', 'The initiator must be one of the couple’s partners.');
    return named;
  }

  private async writeTransition(
    tx: EntityManager,
    actor: UserActor,
    ruptureId: string,
    actorClientId: string | null,
    transition: Omit<Transition, 'from'> & { from: RepairStage | null },
    attemptId: string | null,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO rupture_transitions (rupture_id, event, from_stage, to_stage, attempt_id, actor_user_id, actor_role, actor_client_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [ruptureId, transition.event, transition.from, transition.to, attemptId, actor.id, actor.role, actorClientId],
    );
  }

  /** Audits the write and answers with the rupture as it now stands. */
  private async finish(tx: EntityManager, actor: UserActor, id: string, action: 'create' | 'update', rupture?: LockedRupture): Promise<RuptureDetailResponse> {
    const [row]: RuptureDetailRow[] = await tx.query(`${RUPTURE_DETAIL_SELECT} WHERE r.id = $1`, [id]);
    const partners = rupture ? [rupture.partner_a_id, rupture.partner_b_id] : [row.partner_a_id, row.partner_b_id];
    await this.audit.record(tx, actor, { action, resourceType: 'rupture', resourceId: id, clientIds: partners });
    return toRuptureDetailResponse(actor, row);
  }

  private async assertCoupleInReach(actor: UserActor, coupleId: string): Promise<void> {
    const p = new SqlParams();
    const [row] = await this.db.query(`SELECT 1 FROM couples k WHERE k.id = ${p.add(coupleId)} AND ${this.access.rupturePredicate(actor, p, 'k')}`, p.values);
    if (!row) throw new NotFound('couple');
  }
}
