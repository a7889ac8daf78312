import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLIENT_COLUMNS, ClientRow, toClientResponse } from '../clients/clients.sql';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { decodeCursor, Page, toPage } from '../common/pagination/pagination';
import { Conflict, Forbidden, InvalidRequest, NotFound, Unprocessable } from '../common/problem/problem';
import { ConsentsService } from '../consents/consents.service';
import { SqlParams, updateReturning } from '../database/sql-params';
import { COUPLE_SELECT, CoupleRow, toCoupleResponse } from './couples.sql';
import { CreateCoupleDto, UpdateCoupleDto } from './dto/create-couple.dto';
import { CoupleRecordExportResponse, CoupleResponse } from './dto/couple.response';
import { ListCouplesQuery } from './dto/list-couples.query';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';

const PARTNERS = 'ARRAY[rows.partner_a_id, rows.partner_b_id]';

@Injectable()
export class CouplesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
    private readonly consents: ConsentsService,
  ) {}

  async list(actor: UserActor, query: ListCouplesQuery): Promise<Page<CoupleResponse>> {
    const p = new SqlParams();
    const where = [this.access.couplePredicate(actor, p, 'k')];
    if (query.status) where.push(`k.status = ${p.add(query.status)}`);
    if (query.therapistId) where.push(`k.therapist_id = ${p.add(query.therapistId)}`);
    if (query.clientId) where.push(`${p.add(query.clientId)}::uuid IN (k.partner_a_id, k.partner_b_id)`);
    if (query.cursor) {
      const [startedOn, id] = decodeCursor(query.cursor, 2);
      where.push(`(k.started_on, k.id) < (${p.add(startedOn)}::date, ${p.add(id)}::uuid)`);
    }
    const select = `${COUPLE_SELECT} WHERE ${where.join(' AND ')} ORDER BY k.started_on DESC, k.id DESC LIMIT ${query.limit + 1}`;
    const rows = await this.audit.read<CoupleRow>(actor, select, p, {
      action: 'list',
      resourceType: 'couple',
      clientIds: PARTNERS,
      limit: query.limit,
      orderBy: 'started_on DESC, id DESC',
    });
    return toPage(rows, query.limit, (r) => [r.started_on, r.id], toCoupleResponse);
  }

  async get(actor: UserActor, id: string): Promise<CoupleResponse> {
    return toCoupleResponse(await this.readOne(actor, id));
  }

  async create(actor: UserActor, dto: CreateCoupleDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<CoupleResponse>> {
    const therapistId = actor.role === 'therapist' ? actor.id : dto.therapistId;
    if (actor.role === 'therapist' && dto.therapistId && dto.therapistId !== actor.id) {
      throw new Forbidden('Therapists add couples to their own caseload.');
    }
    if (!therapistId) throw new InvalidRequest('Name the couple’s therapist.', [{ field: 'therapistId', message: 'therapistId is required for admins' }]);
    if (dto.partnerAId === dto.partnerBId) throw new Unprocessable('same-partner', 'A couple is two different clients.');
    const p = new SqlParams();
    const a = p.add(dto.partnerAId);
    const b = p.add(dto.partnerBId);
    const therapist = p.add(therapistId);
    const startedOn = p.add(dto.startedOn ?? null);
    // Both partners must be within the caller's reach, and the therapist an active therapist.
    const insert = `INSERT INTO couples (partner_a_id, partner_b_id, therapist_id, started_on)
      SELECT ${a}::uuid, ${b}::uuid, ${therapist}::uuid, coalesce(${startedOn}::date, current_date)
       WHERE (SELECT count(*) FROM clients c WHERE c.id IN (${a}::uuid, ${b}::uuid) AND ${this.access.clientPredicate(actor, p, 'c')}) = 2
         AND EXISTS (SELECT 1 FROM users u WHERE u.id = ${therapist}::uuid AND u.role = 'therapist' AND u.active)
      RETURNING id`;
    return this.idempotency.run(idempotent, dto, { stored: (c) => ({ id: c.id }), replay: (c) => this.get(actor, c.id) }, async (tx) => {
      const [created]: { id: string }[] = await tx.query(insert, p.values);
      if (!created) throw new Unprocessable('unknown-partner', 'Both partners must be clients within your reach, and the therapist an active therapist.');
      await this.audit.record(tx, actor, { action: 'create', resourceType: 'couple', resourceId: created.id, clientIds: [dto.partnerAId, dto.partnerBId] });
      const [row]: CoupleRow[] = await tx.query(`${COUPLE_SELECT} WHERE k.id = $1`, [created.id]);
      return toCoupleResponse(row);
    });
  }

  async update(actor: UserActor, id: string, dto: UpdateCoupleDto): Promise<CoupleResponse> {
    if (dto.therapistId !== undefined && actor.role !== 'admin') throw new Forbidden('Only an admin hands a couple to another therapist.');
    const p = new SqlParams();
    const sets: string[] = [];
    if (dto.status) sets.push(`status = ${p.add(dto.status)}`);
    if (dto.status === 'ended' || dto.endedOn) sets.push(`ended_on = coalesce(${p.add(dto.endedOn ?? null)}::date, k.ended_on, current_date)`);
    else if (dto.status) sets.push('ended_on = NULL');
    if (dto.therapistId) sets.push(`therapist_id = ${p.add(dto.therapistId)}`);
    if (!sets.length) throw new InvalidRequest('The request changes nothing.');
    const where = `k.id = ${p.add(id)} AND ${this.access.couplePredicate(actor, p, 'k')}`;
    return this.db.transaction(async (tx) => {
      const [updated] = await updateReturning<{ id: string; partner_a_id: string; partner_b_id: string }>(
        tx,
        `UPDATE couples k SET ${sets.join(', ')}, updated_at = now() WHERE ${where} RETURNING k.id, k.partner_a_id, k.partner_b_id`,
        p.values,
      );
      if (!updated) throw new NotFound('couple');
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'couple', resourceId: id, clientIds: [updated.partner_a_id, updated.partner_b_id] });
      const [row]: CoupleRow[] = await tx.query(`${COUPLE_SELECT} WHERE k.id = $1`, [id]);
      return toCoupleResponse(row);
    });
  }

  /**
   * Releases the joint record. It belongs to both partners, so both must currently consent to
   * its release (`joint_record_release`); otherwise 409 naming whose consent is missing.
   */
  async exportRecord(actor: UserActor, id: string): Promise<CoupleRecordExportResponse> {
    return this.db.transaction(async (tx) => {
      const p = new SqlParams();
      const [couple]: CoupleRow[] = await tx.query(
        `${COUPLE_SELECT} WHERE k.id = ${p.add(id)} AND ${this.access.couplePredicate(actor, p, 'k')}`,
        p.values,
      );
      if (!couple) throw new NotFound('couple');
      const partners = [couple.partner_a_id, couple.partner_b_id];
      const missing = await this.consents.withoutConsent(tx, partners, 'joint_record_release');
      if (missing.length) {
        const names = missing.map((m) => (m === couple.partner_a_id ? couple.a_preferred_name ?? couple.a_legal_name : couple.b_preferred_name ?? couple.b_legal_name));
        throw new Conflict('joint-consent-missing', `Releasing the joint record needs both partners' consent; missing from: ${names.join(' and ')}.`, {
          missingConsentFrom: missing,
        });
      }
      const clients: ClientRow[] = await tx.query(`SELECT ${CLIENT_COLUMNS} FROM clients c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id = $2 DESC`, [partners, partners[0]]);
      await this.audit.record(tx, actor, { action: 'export', resourceType: 'couple', resourceId: id, clientIds: partners });
      return { couple: toCoupleResponse(couple), partners: clients.map(toClientResponse), exportedAt: new Date() };
    });
  }

  private async readOne(actor: UserActor, id: string): Promise<CoupleRow> {
    const p = new SqlParams();
    const select = `${COUPLE_SELECT} WHERE k.id = ${p.add(id)} AND ${this.access.couplePredicate(actor, p, 'k')}`;
    const [row] = await this.audit.read<CoupleRow>(actor, select, p, { action: 'read', resourceType: 'couple', resourceId: 'rows.id', clientIds: PARTNERS });
    if (!row) throw new NotFound('couple');
    return row;
  }
}
