import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { NotFound } from '../common/problem/problem';
import { SqlParams } from '../database/sql-params';
import { CONSENT_PURPOSES, ConsentDecision, ConsentPurpose } from './consent.entity';
import { RecordConsentDto } from './dto/consent.dto';
import { ConsentEntryResponse, ConsentLedgerResponse } from './dto/consent.response';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';

interface EntryRow {
  id: string;
  purpose: ConsentPurpose;
  decision: ConsentDecision;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

const ENTRY_JSON = `json_build_object('id', s.id, 'purpose', s.purpose, 'decision', s.decision, 'note', s.note,
  'recorded_by', s.recorded_by, 'recorded_at', s.recorded_at)`;

const toEntry = (r: EntryRow): ConsentEntryResponse => ({
  id: r.id,
  purpose: r.purpose,
  decision: r.decision,
  note: r.note,
  recordedBy: r.recorded_by,
  recordedAt: new Date(r.recorded_at),
});

/** The consent ledger: rows are only ever added; the current state is the latest per purpose. */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
  ) {}

  async ledger(actor: UserActor, clientId: string): Promise<ConsentLedgerResponse> {
    const p = new SqlParams();
    const select = `SELECT c.id,
        coalesce((SELECT json_agg(${ENTRY_JSON} ORDER BY s.recorded_at DESC, s.id) FROM consents s WHERE s.client_id = c.id), '[]') AS entries
      FROM clients c WHERE c.id = ${p.add(clientId)} AND ${this.access.clientPredicate(actor, p, 'c')}`;
    const [row] = await this.audit.read<{ id: string; entries: EntryRow[] }>(actor, select, p, {
      action: 'read',
      resourceType: 'consent_ledger',
      resourceId: 'rows.id',
      clientIds: 'ARRAY[rows.id]',
    });
    if (!row) throw new NotFound('client');
    const entries = row.entries.map(toEntry);
    const current = CONSENT_PURPOSES.map((purpose) => {
      const latest = entries.find((e) => e.purpose === purpose);
      return { purpose, granted: latest?.decision === 'granted', since: latest?.recordedAt ?? null };
    });
    return { clientId, current, entries };
  }

  async record(actor: UserActor, clientId: string, dto: RecordConsentDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<ConsentEntryResponse>> {
    const p = new SqlParams();
    const sql = `INSERT INTO consents (client_id, purpose, decision, note, recorded_by)
      SELECT c.id, ${p.add(dto.purpose)}, ${p.add(dto.decision)}, ${p.add(dto.note ?? null)}, ${p.add(actor.id)}
        FROM clients c WHERE c.id = ${p.add(clientId)} AND ${this.access.clientPredicate(actor, p, 'c')}
      RETURNING id, purpose, decision, note, recorded_by, recorded_at`;
    const replay = async (e: { id: string }) => {
      const entry = (await this.ledger(actor, clientId)).entries.find((x) => x.id === e.id);
      if (!entry) throw new NotFound('consent');
      return entry;
    };
    return this.idempotency.run(idempotent, dto, { stored: (e) => ({ id: e.id }), replay }, async (tx) => {
      const [row]: EntryRow[] = await tx.query(sql, p.values);
      if (!row) throw new NotFound('client');
      await this.audit.record(tx, actor, { action: 'consent', resourceType: 'consent', resourceId: row.id, clientIds: [clientId] });
      return toEntry(row);
    });
  }

  /** The clients among `clientIds` whose latest `purpose` entry is not a grant. */
  async withoutConsent(manager: EntityManager, clientIds: string[], purpose: ConsentPurpose): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT c.id FROM unnest($1::uuid[]) AS c(id)
        WHERE coalesce((SELECT s.decision FROM consents s WHERE s.client_id = c.id AND s.purpose = $2
                         ORDER BY s.recorded_at DESC, s.id LIMIT 1), 'withdrawn') <> 'granted'`,
      [clientIds, purpose],
    );
    return rows.map((r) => r.id);
  }
}
