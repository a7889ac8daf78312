import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACCOUNT_PROBLEMS } from '../auth/auth.problems';
import { InvitationResponse } from '../auth/dto/invitation.response';
import { InvitationsService } from '../auth/invitations.service';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Page } from '../common/pagination/pagination';
import { recordPurged } from '../common/problem/constraint-problems';
import { Conflict, Forbidden, InvalidRequest, NotFound, Unprocessable } from '../common/problem/problem';
import { affected, first, rows } from '../database/statement';
import { CLIENT_PROBLEMS } from './clients.problems';
import { toClientResponse } from './clients.mapper';
import { CLIENT_ORDER, clientsQueries } from './clients.queries';
import { retentionQueries } from './retention.queries';
import { ClientResponse } from './dto/client.response';
import { ClientContactDto, CreateClientDto } from './dto/create-client.dto';
import { ListClientsQuery } from './dto/list-clients.query';
import { UpdateClientDto } from './dto/update-client.dto';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { lockTherapistHandedTo } from '../users/therapist-handover';

/** What a client may change on their own record: the fields of ClientContactDto. */
const CONTACT_FIELDS = new Set<keyof ClientContactDto>(['preferredName', 'pronouns', 'email', 'phone', 'address', 'emergencyContact']);

@Injectable()
export class ClientsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
    private readonly invitations: InvitationsService,
  ) {}

  async list(actor: UserActor, query: ListClientsQuery): Promise<Page<ClientResponse>> {
    const select = clientsQueries.list(this.access.scope(actor), query);
    return this.audit.readPage(actor, select, CLIENT_ORDER, query.limit, { action: 'list', resourceType: 'client', clientIds: 'ARRAY[rows.id]' }, toClientResponse);
  }

  async get(actor: UserActor, id: string): Promise<ClientResponse> {
    const select = clientsQueries.client(this.access.scope(actor), id);
    const row = await this.audit.readOne(actor, select, { action: 'read', resourceType: 'client', resourceId: 'rows.id', clientIds: 'ARRAY[rows.id]' });
    if (!row) throw new NotFound('client');
    return toClientResponse(row);
  }

  async create(actor: UserActor, dto: CreateClientDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<ClientResponse>> {
    const therapistId = actor.role === 'therapist' ? actor.id : dto.primaryTherapistId;
    if (actor.role === 'therapist' && dto.primaryTherapistId && dto.primaryTherapistId !== actor.id) {
      throw new Forbidden('Therapists add clients to their own caseload.');
    }
    if (!therapistId) throw new InvalidRequest('Name the primary therapist.', [{ field: 'primaryTherapistId', message: 'primaryTherapistId is required for admins' }]);
    const insert = clientsQueries.create(dto, therapistId);
    return this.idempotency.run(idempotent, dto, { stored: (c) => ({ id: c.id }), replay: (c) => this.get(actor, c.id) }, async (tx) => {
      await lockTherapistHandedTo(tx, therapistId, 'primaryTherapistId');
      const [row] = await rows(tx, insert);
      await this.audit.record(tx, actor, { action: 'create', resourceType: 'client', resourceId: row.id, clientIds: [row.id] });
      return toClientResponse(row);
    });
  }

  async update(actor: UserActor, id: string, dto: UpdateClientDto): Promise<ClientResponse> {
    const fields = Object.keys(dto).filter((k) => dto[k as keyof UpdateClientDto] !== undefined);
    if (!fields.length) throw new InvalidRequest('The request changes nothing.');
    if (actor.role === 'client' && fields.some((f) => !CONTACT_FIELDS.has(f as keyof ClientContactDto))) {
      throw new Forbidden('Clients may change only their contact details.');
    }
    if (actor.role === 'therapist' && dto.primaryTherapistId !== undefined) {
      throw new Forbidden('Only an admin moves a client to another caseload.');
    }
    const update = clientsQueries.update(this.access.scope(actor), id, dto);
    return this.db.transaction(async (tx) => {
      if (dto.primaryTherapistId) await lockTherapistHandedTo(tx, dto.primaryTherapistId, 'primaryTherapistId');
      const row = await first(tx, update);
      if (!row) throw new NotFound('client');
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'client', resourceId: row.id, clientIds: [row.id] });
      // The database kept the previous date of birth; the correction is audited as such.
      const corrected = await first(tx, clientsQueries.birthDateCorrected(row.id));
      if (corrected?.yes) await this.audit.record(tx, actor, { action: 'correct', resourceType: 'client', resourceId: row.id, clientIds: [row.id] });
      if (row.email !== row.previous_email) await this.invitations.emailChanged(tx, row.id, row.previous_email);
      return toClientResponse(row);
    });
  }

  /** Sends the client an invitation to the portal at the record's email; a newer one replaces an unused one. */
  async invite(actor: UserActor, id: string): Promise<InvitationResponse> {
    const invitee = clientsQueries.invitee(this.access.scope(actor), id);
    return this.db.transaction(async (tx) => {
      const client = await first(tx, invitee);
      if (client?.purged) throw recordPurged();
      if (!client) throw new NotFound('client');
      if (client.archived) throw new Conflict(CLIENT_PROBLEMS['record-archived'], 'The client record is archived; an archived client is not invited to the portal.');
      if (client.has_portal) throw new Conflict(ACCOUNT_PROBLEMS['portal-account-exists'], 'This client already has a portal account.');
      if (!client.email) throw new Unprocessable(CLIENT_PROBLEMS['client-email-missing'], 'The client record has no email; add it to the record first.');
      const invitation = await this.invitations.invite(tx, actor, { clientId: id, email: client.email });
      await this.audit.record(tx, actor, { action: 'invite', resourceType: 'client', resourceId: id, clientIds: [id] });
      return invitation;
    });
  }

  /** Hides the record from default lists. Nothing is deleted. */
  async archive(actor: UserActor, id: string): Promise<ClientResponse> {
    const archive = clientsQueries.archive(this.access.scope(actor), id);
    return this.db.transaction(async (tx) => {
      const row = await first(tx, archive);
      if (!row) throw new NotFound('client');
      await this.audit.record(tx, actor, { action: 'archive', resourceType: 'client', resourceId: row.id, clientIds: [row.id] });
      return toClientResponse(row);
    });
  }

  /**
   * Erases identity wherever it is stored once the retention period is over (see retention.queries.ts);
   * inside it, or while anything is scheduled: 409 with the first day a purge becomes possible.
   */
  async purge(actor: UserActor, id: string): Promise<ClientResponse> {
    return this.db.transaction(async (tx) => {
      const record = await first(tx, retentionQueries.retention(id));
      if (!record) throw new NotFound('client');
      if (!record.purgeable) {
        const why = record.scheduled ? 'Sessions or calls are still scheduled; if they take place, the' : 'The';
        throw new Conflict(CLIENT_PROBLEMS['retention-period'], `${why} record must be kept until ${record.purgeable_from}; it can be purged from then on.`, {
          purgeableFrom: record.purgeable_from,
        });
      }
      const [{ emails }] = await rows(tx, retentionQueries.personEmails(id));
      const [row] = await rows(tx, retentionQueries.eraseRecord(id));
      await affected(tx, retentionQueries.eraseBookings(id, emails));
      await affected(tx, retentionQueries.eraseEmails(emails));
      for (const erase of retentionQueries.eraseIdentity(id)) await affected(tx, erase);
      await this.audit.record(tx, actor, { action: 'purge', resourceType: 'client', resourceId: id, clientIds: [id] });
      return toClientResponse(row);
    });
  }
}

