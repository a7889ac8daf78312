import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvitationResponse } from '../auth/dto/invitation.response';
import { InvitationsService } from '../auth/invitations.service';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { decodeCursor, Page, toPage } from '../common/pagination/pagination';
import { recordPurged } from '../common/problem/constraint-problems';
import { Conflict, Forbidden, InvalidRequest, NotFound, Unprocessable } from '../common/problem/problem';
import { SqlParams, updateReturning } from '../database/sql-params';
import { CLIENT_COLUMNS, clientColumnValues, ClientRow, toClientResponse } from './clients.sql';
import { ERASE_BOOKINGS, ERASE_EMAILS, ERASE_IDENTITY, PERSON_EMAILS, PURGED_NAME, RETENTION_SELECT, RETENTION_YEARS } from './retention.sql';
import { ClientResponse } from './dto/client.response';
import { ClientContactDto, CreateClientDto } from './dto/create-client.dto';
import { ListClientsQuery } from './dto/list-clients.query';
import { UpdateClientDto } from './dto/update-client.dto';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';

/** What a client may change on their own record: the fields of ClientContactDto. */
const CONTACT_FIELDS = new Set<keyof ClientContactDto>(['preferredName', 'pronouns', 'email', 'phone', 'address', 'emergencyContact']);

/** Escapes LIKE wildcards so a search term matches literally. */
const likeLiteral = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

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
    const p = new SqlParams();
    const where = [this.access.clientPredicate(actor, p, 'c')];
    if (!query.includeArchived) where.push('c.archived_at IS NULL');
    if (query.status) where.push(`c.status = ${p.add(query.status)}`);
    if (query.therapistId) where.push(`c.primary_therapist_id = ${p.add(query.therapistId)}`);
    if (query.q) where.push(`(c.legal_name || ' ' || coalesce(c.preferred_name, '')) ILIKE '%' || ${p.add(likeLiteral(query.q))} || '%'`);
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor, 2);
      where.push(`(c.legal_name, c.id) > (${p.add(name)}, ${p.add(id)}::uuid)`);
    }
    const select = `SELECT ${CLIENT_COLUMNS} FROM clients c WHERE ${where.join(' AND ')}
      ORDER BY c.legal_name, c.id LIMIT ${query.limit + 1}`;
    const rows = await this.audit.read<ClientRow>(actor, select, p, {
      action: 'list',
      resourceType: 'client',
      clientIds: 'ARRAY[rows.id]',
      limit: query.limit,
      orderBy: 'legal_name, id',
    });
    return toPage(rows, query.limit, (r) => [r.legal_name, r.id], toClientResponse);
  }

  async get(actor: UserActor, id: string): Promise<ClientResponse> {
    const p = new SqlParams();
    const select = `SELECT ${CLIENT_COLUMNS} FROM clients c WHERE c.id = ${p.add(id)} AND ${this.access.clientPredicate(actor, p, 'c')}`;
    const [row] = await this.audit.read<ClientRow>(actor, select, p, {
      action: 'read',
      resourceType: 'client',
      resourceId: 'rows.id',
      clientIds: 'ARRAY[rows.id]',
    });
    if (!row) throw new NotFound('client');
    return toClientResponse(row);
  }

  async create(actor: UserActor, dto: CreateClientDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<ClientResponse>> {
    const therapistId = actor.role === 'therapist' ? actor.id : dto.primaryTherapistId;
    if (actor.role === 'therapist' && dto.primaryTherapistId && dto.primaryTherapistId !== actor.id) {
      throw new Forbidden('Therapists add clients to their own caseload.');
    }
    if (!therapistId) throw new InvalidRequest('Name the primary therapist.', [{ field: 'primaryTherapistId', message: 'primaryTherapistId is required for admins' }]);
    const values = clientColumnValues({ ...dto, primaryTherapistId: therapistId });
    const p = new SqlParams();
    const columns = [...values.keys()];
    const placeholders = [...values.values()].map((v) => p.add(v));
    const therapist = p.add(therapistId);
    return this.idempotency.run(idempotent, dto, { stored: (c) => ({ id: c.id }), replay: (c) => this.get(actor, c.id) }, async (tx) => {
      const [row]: ClientRow[] = await tx.query(
        `INSERT INTO clients AS c (${columns.join(', ')})
         SELECT ${placeholders.join(', ')}
          WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = ${therapist} AND u.role = 'therapist' AND u.active)
         RETURNING ${CLIENT_COLUMNS}`,
        p.values,
      );
      if (!row) throw new Unprocessable('unknown-therapist', 'The primary therapist must be an active therapist.');
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
    const p = new SqlParams();
    const sets = [...clientColumnValues(dto)].map(([column, value]) => `${column} = ${p.add(value)}`);
    const where = `c.id = ${p.add(id)} AND ${this.access.clientPredicate(actor, p, 'c')}`;
    return this.db.transaction(async (tx) => {
      // `before` is the row as it was (locked), so an email change can tell the old address.
      const [row] = await updateReturning<ClientRow & { previous_email: string | null }>(
        tx,
        `UPDATE clients c SET ${sets.join(', ')}, updated_at = now()
           FROM (SELECT id, email FROM clients WHERE id = ${p.add(id)} FOR UPDATE) before
          WHERE before.id = c.id AND ${where} RETURNING ${CLIENT_COLUMNS}, before.email AS previous_email`,
        p.values,
      );
      if (!row) throw new NotFound('client');
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'client', resourceId: row.id, clientIds: [row.id] });
      // The database kept the previous date of birth; the correction is audited as such.
      const [corrected]: { yes: boolean }[] = await tx.query(
        'SELECT EXISTS (SELECT 1 FROM client_birth_date_corrections k WHERE k.client_id = $1 AND k.corrected_at = now()) AS yes',
        [row.id],
      );
      if (corrected.yes) await this.audit.record(tx, actor, { action: 'correct', resourceType: 'client', resourceId: row.id, clientIds: [row.id] });
      if (row.email !== row.previous_email) await this.invitations.emailChanged(tx, row.id, row.previous_email);
      return toClientResponse(row);
    });
  }

  /** Sends the client an invitation to the portal at the record's email; a newer one replaces an unused one. */
  async invite(actor: UserActor, id: string): Promise<InvitationResponse> {
    const p = new SqlParams();
    return this.db.transaction(async (tx) => {
      const [client]: { email: string | null; has_portal: boolean; purged: boolean; archived: boolean }[] = await tx.query(
        `SELECT c.email, c.portal_user_id IS NOT NULL AS has_portal, c.purged_at IS NOT NULL AS purged, c.archived_at IS NOT NULL AS archived
           FROM clients c WHERE c.id = ${p.add(id)} AND ${this.access.clientPredicate(actor, p, 'c')} FOR UPDATE`,
        p.values,
      );
      if (client?.purged) throw recordPurged();
      if (!client || client.archived) throw new NotFound('client');
      if (client.has_portal) throw new Conflict('portal-account-exists', 'This client already has a portal account.');
      if (!client.email) throw new Unprocessable('client-email-missing', 'The client record has no email; add it to the record first.');
      const invitation = await this.invitations.invite(tx, actor, { clientId: id, email: client.email });
      await this.audit.record(tx, actor, { action: 'invite', resourceType: 'client', resourceId: id, clientIds: [id] });
      return invitation;
    });
  }

  /** Hides the record from default lists. Nothing is deleted. */
  async archive(actor: UserActor, id: string): Promise<ClientResponse> {
    const p = new SqlParams();
    const where = `c.id = ${p.add(id)} AND ${this.access.clientPredicate(actor, p, 'c')}`;
    return this.db.transaction(async (tx) => {
      const [row] = await updateReturning<ClientRow>(
        tx,
        `UPDATE clients c SET archived_at = coalesce(c.archived_at, now()), updated_at = now() WHERE ${where} RETURNING ${CLIENT_COLUMNS}`,
        p.values,
      );
      if (!row) throw new NotFound('client');
      await this.audit.record(tx, actor, { action: 'archive', resourceType: 'client', resourceId: row.id, clientIds: [row.id] });
      return toClientResponse(row);
    });
  }

  /**
   * Erases identity wherever it is stored once the retention period is over (see retention.sql.ts);
   * inside it, or while anything is scheduled: 409 with the first day a purge becomes possible.
   */
  async purge(actor: UserActor, id: string): Promise<ClientResponse> {
    return this.db.transaction(async (tx) => {
      const [record]: { purgeable_from: string; purgeable: boolean; scheduled: boolean }[] = await tx.query(RETENTION_SELECT, [id, RETENTION_YEARS]);
      if (!record) throw new NotFound('client');
      if (!record.purgeable) {
        const why = record.scheduled ? 'Sessions or calls are still scheduled; if they take place, the' : 'The';
        throw new Conflict('retention-period', `${why} record must be kept until ${record.purgeable_from}; it can be purged from then on.`, {
          purgeableFrom: record.purgeable_from,
        });
      }
      const [{ emails }]: { emails: string[] }[] = await tx.query(PERSON_EMAILS, [id]);
      const [row] = await updateReturning<ClientRow>(
        tx,
        `UPDATE clients c SET legal_name = '${PURGED_NAME}', preferred_name = NULL, pronouns = NULL,
                date_of_birth = date_trunc('year', c.date_of_birth), email = NULL, phone = NULL,
                address_line1 = NULL, address_line2 = NULL, address_city = NULL, address_postal_code = NULL,
                emergency_contact_name = NULL, emergency_contact_phone = NULL, emergency_contact_relationship = NULL,
                archived_at = coalesce(c.archived_at, now()), purged_at = now(), updated_at = now()
          WHERE c.id = $1 RETURNING ${CLIENT_COLUMNS}`,
        [id],
      );
      await tx.query(ERASE_BOOKINGS, [id, emails]);
      await tx.query(ERASE_EMAILS, [emails]);
      for (const statement of ERASE_IDENTITY) await tx.query(statement, [id]);
      await this.audit.record(tx, actor, { action: 'purge', resourceType: 'client', resourceId: id, clientIds: [id] });
      return toClientResponse(row);
    });
  }
}

