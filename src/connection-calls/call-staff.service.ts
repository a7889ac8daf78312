import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Page } from '../common/pagination/pagination';
import { Conflict, InvalidRequest, NotFound } from '../common/problem/problem';
import type { AppConfig } from '../config/environment';
import { affected, first, rows } from '../database/statement';
import { CallNotifications } from './call-notifications';
import { toCallResponse } from './connection-calls.mapper';
import { CALL_PROBLEMS } from './connection-calls.problems';
import { CallRow, connectionCallQueries, STAFF_CALL_ORDER } from './connection-calls.queries';
import { ConnectionCallResponse } from './dto/connection-call.response';
import { ConvertConnectionCallDto, ListConnectionCallsQuery, UpdateConnectionCallDto } from './dto/staff.dto';

/** The staff side of connection calls: a therapist's own, every call for admins (AccessScope.connectionCalls). */
@Injectable()
export class CallStaffService {
  constructor(
    private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly access: AccessService,
    private readonly notifications: CallNotifications,
    private readonly audit: AuditTrail,
  ) {}

  private get zone(): string {
    return this.config.get('CLINIC_TIME_ZONE', { infer: true });
  }

  async list(actor: UserActor, query: ListConnectionCallsQuery): Promise<Page<ConnectionCallResponse>> {
    const select = connectionCallQueries.staffCalls(this.access.scope(actor), query);
    return this.audit.readPage(actor, select, STAFF_CALL_ORDER, query.limit, { action: 'list', resourceType: 'connection_call', clientIds: 'ARRAY[rows.client_id]' }, (r) =>
      toCallResponse(r, this.zone),
    );
  }

  async get(actor: UserActor, id: string): Promise<ConnectionCallResponse> {
    const row = await this.audit.readOne(actor, connectionCallQueries.staffCall(this.access.scope(actor), id), {
      action: 'read',
      resourceType: 'connection_call',
      resourceId: 'rows.id',
      clientIds: 'array_remove(ARRAY[rows.client_id], NULL)',
    });
    if (!row) throw new NotFound('connection call');
    return toCallResponse(row, this.zone);
  }

  /** Records how the call went (completed, no-show) and staff notes. */
  async update(actor: UserActor, id: string, dto: UpdateConnectionCallDto): Promise<ConnectionCallResponse> {
    if (dto.status === undefined && dto.staffNotes === undefined) throw new InvalidRequest('The request changes nothing.');
    return this.db.transaction(async (tx) => {
      const row = await this.lock(tx, actor, id);
      if (dto.status && dto.status !== row.status) {
        if (row.status === 'cancelled') throw new Conflict(CALL_PROBLEMS['call-cancelled'], 'A cancelled connection call cannot be marked completed or no-show.');
        if (row.starts_at.getTime() > Date.now()) {
          throw new Conflict(CALL_PROBLEMS['call-not-started'], 'A connection call can be marked completed or no-show only once it has started.');
        }
      }
      const status = dto.status ?? row.status;
      const staffNotes = dto.staffNotes === undefined ? row.staff_notes : dto.staffNotes || null;
      await affected(tx, connectionCallQueries.recordOutcome(id, status, staffNotes));
      const next = { ...row, status, staff_notes: staffNotes };
      if (status === 'completed' && row.status !== 'completed') await this.notifications.send(tx, 'connection_call.completed', next);
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'connection_call', resourceId: id, clientIds: row.client_id ? [row.client_id] : [] });
      return toCallResponse(next, this.zone);
    });
  }

  /** Makes a client record from the call, on the call's therapist's caseload, and links them. */
  async convert(actor: UserActor, id: string, dto: ConvertConnectionCallDto): Promise<ConnectionCallResponse> {
    return this.db.transaction(async (tx) => {
      const row = await this.lock(tx, actor, id);
      if (row.client_id) throw new Conflict(CALL_PROBLEMS['already-converted'], 'This connection call has already been converted into a client record.');
      const [client] = await rows(tx, connectionCallQueries.clientFromCall(row, dto.dateOfBirth));
      await affected(tx, connectionCallQueries.linkClient(id, client.id));
      await this.audit.record(tx, actor, { action: 'create', resourceType: 'client', resourceId: client.id, clientIds: [client.id] });
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'connection_call', resourceId: id, clientIds: [client.id] });
      return toCallResponse({ ...row, client_id: client.id }, this.zone);
    });
  }

  private async lock(tx: EntityManager, actor: UserActor, id: string): Promise<CallRow> {
    const row = await first(tx, connectionCallQueries.lockStaffCall(this.access.scope(actor), id));
    if (!row) throw new NotFound('connection call');
    return row;
  }
}
