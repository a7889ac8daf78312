import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { NotFound } from '../common/problem/problem';
import { first, rows } from '../database/statement';
import { CONSENT_PURPOSES, ConsentPurpose } from './consent.entity';
import { toConsentEntry } from './consents.mapper';
import { consentsQueries } from './consents.queries';
import { RecordConsentDto } from './dto/consent.dto';
import { ConsentEntryResponse, ConsentLedgerResponse } from './dto/consent.response';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { ConsentNotifications } from '../notifications/consent-notifications';

/** The consent ledger: rows are only ever added; the current state is the latest per purpose. */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
    private readonly notifications: ConsentNotifications,
  ) {}

  async ledger(actor: UserActor, clientId: string): Promise<ConsentLedgerResponse> {
    const select = consentsQueries.ledger(this.access.scope(actor), clientId);
    const row = await this.audit.readOne(actor, select, {
      action: 'read',
      resourceType: 'consent_ledger',
      resourceId: 'rows.id',
      clientIds: 'ARRAY[rows.id]',
    });
    if (!row) throw new NotFound('client');
    const entries = row.entries.map(toConsentEntry);
    const current = CONSENT_PURPOSES.map((purpose) => {
      const latest = entries.find((e) => e.purpose === purpose);
      return { purpose, granted: latest?.decision === 'granted', since: latest?.recordedAt ?? null };
    });
    return { clientId, current, entries };
  }

  async record(actor: UserActor, clientId: string, dto: RecordConsentDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<ConsentEntryResponse>> {
    const insert = consentsQueries.record(this.access.scope(actor), clientId, dto, actor.id);
    const replay = async (e: { id: string }) => {
      const entry = (await this.ledger(actor, clientId)).entries.find((x) => x.id === e.id);
      if (!entry) throw new NotFound('consent');
      return entry;
    };
    return this.idempotency.run(idempotent, dto, { stored: (e) => ({ id: e.id }), replay }, async (tx) => {
      const row = await first(tx, insert);
      if (!row) throw new NotFound('client');
      await this.audit.record(tx, actor, { action: 'consent', resourceType: 'consent', resourceId: row.id, clientIds: [clientId] });
      await this.notifications.recorded(tx, clientId, row.purpose, row.decision);
      return toConsentEntry(row);
    });
  }

  /** The clients among `clientIds` whose latest `purpose` entry is not a grant. */
  async withoutConsent(manager: EntityManager, clientIds: string[], purpose: ConsentPurpose): Promise<string[]> {
    const found = await rows(manager, consentsQueries.withoutConsent(clientIds, purpose));
    return found.map((r) => r.id);
  }
}
