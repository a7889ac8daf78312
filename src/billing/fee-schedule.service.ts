import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Page } from '../common/pagination/pagination';
import { NotFound } from '../common/problem/problem';
import type { AppConfig } from '../config/environment';
import { first, rows } from '../database/statement';
import { toServiceTypeResponse } from './billing.mapper';
import { CreateServicePriceDto, CreateServiceTypeDto, ListFeeScheduleQuery, ServiceTypeResponse, UpdateServiceTypeDto } from './dto/fee-schedule.dto';
import { feeScheduleQueries, SERVICE_TYPE_ORDER } from './fee-schedule.queries';

/** The fee schedule: admins add service types and effective-dated prices; staff read it. */
@Injectable()
export class FeeScheduleService {
  private readonly zone: string;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
    config: ConfigService<AppConfig, true>,
  ) {
    this.zone = config.get('CLINIC_TIME_ZONE', { infer: true });
  }

  async list(query: ListFeeScheduleQuery): Promise<Page<ServiceTypeResponse>> {
    const found = await rows(this.db, feeScheduleQueries.list(this.zone, query));
    return SERVICE_TYPE_ORDER.page(found, query.limit, toServiceTypeResponse);
  }

  async get(id: string): Promise<ServiceTypeResponse> {
    const row = await first(this.db, feeScheduleQueries.serviceType(this.zone, id));
    if (!row) throw new NotFound('service type');
    return toServiceTypeResponse(row);
  }

  async create(actor: UserActor, dto: CreateServiceTypeDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<ServiceTypeResponse>> {
    const type = { code: dto.code, name: dto.name, kind: dto.kind, party: dto.party ?? null, durationMinutes: dto.durationMinutes ?? null, taxTreatment: dto.taxTreatment };
    const price = { effectiveFrom: dto.effectiveFrom, unitPriceCents: dto.unitPriceCents };
    return this.idempotency.run(idempotent, dto, { stored: (t) => ({ id: t.id }), replay: (s) => this.get(s.id) }, async (tx) => {
      const { id } = (await first(tx, feeScheduleQueries.create(type, price, actor.id))) as { id: string };
      await this.audit.record(tx, actor, { action: 'create', resourceType: 'service_type', resourceId: id, clientIds: [] });
      return toServiceTypeResponse((await first(tx, feeScheduleQueries.serviceType(this.zone, id)))!);
    });
  }

  /** A new price from a date on; earlier prices stay for the services before it. */
  async addPrice(actor: UserActor, id: string, dto: CreateServicePriceDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<ServiceTypeResponse>> {
    return this.idempotency.run(idempotent, dto, { stored: (t) => ({ id: t.id }), replay: (s) => this.get(s.id) }, async (tx) => {
      const added = await first(tx, feeScheduleQueries.addPrice(id, dto, actor.id));
      if (!added) throw new NotFound('service type');
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'service_type', resourceId: id, clientIds: [] });
      return toServiceTypeResponse((await first(tx, feeScheduleQueries.serviceType(this.zone, id)))!);
    });
  }

  async update(actor: UserActor, id: string, dto: UpdateServiceTypeDto): Promise<ServiceTypeResponse> {
    return this.db.transaction(async (tx) => {
      const updated = await first(tx, feeScheduleQueries.setActive(id, dto.active));
      if (!updated) throw new NotFound('service type');
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'service_type', resourceId: id, clientIds: [] });
      return toServiceTypeResponse((await first(tx, feeScheduleQueries.serviceType(this.zone, id)))!);
    });
  }
}
