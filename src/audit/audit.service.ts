import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { AuditSealer } from './audit-sealer';
import { UserActor } from '../common/auth/roles';
import { Page, PageQuery } from '../common/pagination/pagination';
import { NotFound } from '../common/problem/problem';
import { first, rows } from '../database/statement';
import { AUDIT_ORDER, auditEventsQueries } from './audit-events.queries';
import { toAccessLogEntry, toAuditEventResponse } from './audit.mapper';
import { AccessLogEntryResponse, AuditEventResponse, AuditVerificationResponse } from './dto/audit.response';
import { ListAuditEventsQuery } from './dto/audit.dto';

@Injectable()
export class AuditService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly sealer: AuditSealer,
  ) {}

  /** Reading the trail is itself audited: who looked at whose history is history too. */
  async list(actor: UserActor, query: ListAuditEventsQuery): Promise<Page<AuditEventResponse>> {
    await this.audit.record(this.db.manager, actor, { action: 'list', resourceType: 'audit_events', resourceId: null, clientIds: query.clientId ? [query.clientId] : [] });
    const found = await rows(this.db, auditEventsQueries.events(query));
    return AUDIT_ORDER.page(found, query.limit, toAuditEventResponse);
  }

  /** Recomputes everything sealed in one pass; reports the first event that does not check out and how far sealing lags. */
  async verify(actor: UserActor): Promise<AuditVerificationResponse> {
    await this.audit.record(this.db.manager, actor, { action: 'read', resourceType: 'audit_chain', resourceId: null, clientIds: [] });
    const [result] = await rows(this.db, auditEventsQueries.checkChain());
    const { unsealed, lagSeconds } = await this.sealer.lag();
    return {
      intact: result.first_broken === null,
      checked: result.checked,
      firstBrokenSeq: result.first_broken,
      lastSeq: result.last_seq,
      lastHash: result.last_hash,
      unsealed,
      sealingLagSeconds: lagSeconds,
    };
  }

  /** Who accessed a client's record: staff by name, never other clients' ids. */
  async accessLog(actor: UserActor, clientId: string, query: PageQuery): Promise<Page<AccessLogEntryResponse>> {
    const allowed = await first(this.db, auditEventsQueries.clientReachable(this.access.scope(actor), clientId));
    if (!allowed?.ok) throw new NotFound('client');
    const found = await rows(this.db, auditEventsQueries.accessLog(clientId, actor.role === 'client' ? actor.id : null, query));
    // Recorded after the read, so this reading shows in the next one, not in its own answer.
    await this.audit.record(this.db.manager, actor, { action: 'read', resourceType: 'access_log', resourceId: clientId, clientIds: [clientId] });
    return AUDIT_ORDER.page(found, query.limit, toAccessLogEntry);
  }
}
