import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toClientResponse } from '../clients/clients.mapper';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Page } from '../common/pagination/pagination';
import { Conflict, Forbidden, InvalidRequest, NotFound, Unprocessable } from '../common/problem/problem';
import { ConsentsService } from '../consents/consents.service';
import { first, rows } from '../database/statement';
import { toCoupleResponse } from './couples.mapper';
import { COUPLE_PROBLEMS } from './couples.problems';
import { COUPLE_ORDER, couplesQueries, CoupleRow } from './couples.queries';
import { CreateCoupleDto, UpdateCoupleDto } from './dto/create-couple.dto';
import { CoupleRecordExportResponse, CoupleResponse } from './dto/couple.response';
import { ListCouplesQuery } from './dto/list-couples.query';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { lockTherapistHandedTo } from '../users/therapist-handover';

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
    const select = couplesQueries.list(this.access.scope(actor), query);
    return this.audit.readPage(actor, select, COUPLE_ORDER, query.limit, { action: 'list', resourceType: 'couple', clientIds: PARTNERS }, toCoupleResponse);
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
    if (dto.partnerAId === dto.partnerBId) throw new Unprocessable(COUPLE_PROBLEMS['same-partner'], 'A couple is two different clients.');
    // Both partners must be within the caller's reach and not archived; the therapist an active therapist (locked).
    const insert = couplesQueries.create(this.access.scope(actor), { ...dto, therapistId });
    return this.idempotency.run(idempotent, dto, { stored: (c) => ({ id: c.id }), replay: (c) => this.get(actor, c.id) }, async (tx) => {
      await lockTherapistHandedTo(tx, therapistId, 'therapistId');
      const created = await first(tx, insert);
      if (!created) throw new Unprocessable(COUPLE_PROBLEMS['unknown-partner'], 'Both partners must be clients within your reach and not archived.');
      await this.audit.record(tx, actor, { action: 'create', resourceType: 'couple', resourceId: created.id, clientIds: [dto.partnerAId, dto.partnerBId] });
      const [row] = await rows(tx, couplesQueries.written(created.id));
      return toCoupleResponse(row);
    });
  }

  async update(actor: UserActor, id: string, dto: UpdateCoupleDto): Promise<CoupleResponse> {
    if (dto.therapistId !== undefined && actor.role !== 'admin') throw new Forbidden('Only an admin hands a couple to another therapist.');
    if (!dto.status && !dto.endedOn && !dto.therapistId && !dto.billingPayer && dto.partnerAShareBasisPoints === undefined) throw new InvalidRequest('The request changes nothing.');
    if ((dto.billingPayer === 'split') !== (dto.partnerAShareBasisPoints !== undefined)) {
      const field = dto.billingPayer === 'split' ? 'partnerAShareBasisPoints' : 'billingPayer';
      throw new InvalidRequest(`The request has 1 invalid field: ${field}.`, [{ field, message: 'a share goes with billingPayer split, and split needs partnerAShareBasisPoints' }]);
    }
    const update = couplesQueries.update(this.access.scope(actor), id, dto);
    return this.db.transaction(async (tx) => {
      if (dto.therapistId) await lockTherapistHandedTo(tx, dto.therapistId, 'therapistId');
      const updated = await first(tx, update);
      if (!updated) throw new NotFound('couple');
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'couple', resourceId: id, clientIds: [updated.partner_a_id, updated.partner_b_id] });
      const [row] = await rows(tx, couplesQueries.written(id));
      return toCoupleResponse(row);
    });
  }

  /**
   * Releases the joint record. It belongs to both partners, so both must currently consent to
   * its release (`joint_record_release`); otherwise 409 naming whose consent is missing.
   */
  async exportRecord(actor: UserActor, id: string): Promise<CoupleRecordExportResponse> {
    return this.db.transaction(async (tx) => {
      const couple = await first(tx, couplesQueries.couple(this.access.scope(actor), id));
      if (!couple) throw new NotFound('couple');
      const partners = [couple.partner_a_id, couple.partner_b_id];
      const missing = await this.consents.withoutConsent(tx, partners, 'joint_record_release');
      if (missing.length) {
        const names = missing.map((m) => (m === couple.partner_a_id ? couple.a_preferred_name ?? couple.a_legal_name : couple.b_preferred_name ?? couple.b_legal_name));
        throw new Conflict(COUPLE_PROBLEMS['joint-consent-missing'], `Releasing the joint record needs both partners' consent; missing from: ${names.join(' and ')}.`, {
          missingConsentFrom: missing,
        });
      }
      const clients = await rows(tx, couplesQueries.partnerRecords(partners, partners[0]));
      await this.audit.record(tx, actor, { action: 'export', resourceType: 'couple', resourceId: id, clientIds: partners });
      return { couple: toCoupleResponse(couple), partners: clients.map(toClientResponse), exportedAt: new Date() };
    });
  }

  private async readOne(actor: UserActor, id: string): Promise<CoupleRow> {
    const select = couplesQueries.couple(this.access.scope(actor), id);
    const row = await this.audit.readOne(actor, select, { action: 'read', resourceType: 'couple', resourceId: 'rows.id', clientIds: PARTNERS });
    if (!row) throw new NotFound('couple');
    return row;
  }
}
