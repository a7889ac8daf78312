import { AccessScope } from '../common/access/access-scope';
import { KeyedRow, keyset } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { Province } from './client.entity';
import { CreateClientDto } from './dto/create-client.dto';
import { ListClientsQuery } from './dto/list-clients.query';
import { UpdateClientDto } from './dto/update-client.dto';

/** A client record as answered: every column but `purged_at`, and the last contact the database derives. */
export type ClientRow = Omit<Row<'clients'>, 'date_of_birth' | 'address_province' | 'purged_at'> & {
  /** As text, so no time zone shifts the calendar date. */
  date_of_birth: string;
  /** Only the provinces the API accepts are ever written. */
  address_province: Province;
  last_contact_at: Date | null;
};

/** `date_of_birth` as text, so no time zone shifts the calendar date; last contact as the database derives it. */
export const CLIENT_COLUMNS = `c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at`;

/** Request fields → columns. Nested objects are flattened with their prefix. */
const CLIENT_FIELD_COLUMNS: Record<string, string> = {
  legalName: 'legal_name',
  preferredName: 'preferred_name',
  pronouns: 'pronouns',
  dateOfBirth: 'date_of_birth',
  email: 'email',
  phone: 'phone',
  'address.line1': 'address_line1',
  'address.line2': 'address_line2',
  'address.city': 'address_city',
  'address.province': 'address_province',
  'address.postalCode': 'address_postal_code',
  'emergencyContact.name': 'emergency_contact_name',
  'emergencyContact.phone': 'emergency_contact_phone',
  'emergencyContact.relationship': 'emergency_contact_relationship',
  status: 'status',
  primaryTherapistId: 'primary_therapist_id',
};

/** Flattens `{ address: { city } }` into `{ 'address.city': … }`, keeping only known fields, as columns. */
function clientColumnValues(body: object): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const walk = (object: object, prefix: string) => {
    for (const [key, value] of Object.entries(object)) {
      if (value === undefined) continue;
      const field = prefix ? `${prefix}.${key}` : key;
      if (CLIENT_FIELD_COLUMNS[field]) values.set(CLIENT_FIELD_COLUMNS[field], value);
      else if (value && typeof value === 'object' && !prefix) walk(value, field);
    }
  };
  walk(body, '');
  return values;
}

/** Escapes LIKE wildcards so a search term matches literally. */
const likeLiteral = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The client list: by legal name, then id. */
export const CLIENT_ORDER = keyset({ column: 'c.legal_name', type: 'text' }, { column: 'c.id', type: 'uuid' });

/** What an invitation to the portal needs to know about the record, locked. */
export type InviteeRow = Pick<Row<'clients'>, 'email'> & { has_portal: boolean; purged: boolean; archived: boolean };

export const clientsQueries = queryModule(
  'clients',
  {
    list(scope: AccessScope, query: ListClientsQuery) {
      const p = new SqlParams();
      const where = [scope.clientsListed(p, 'c')];
      if (!query.includeArchived) where.push('c.archived_at IS NULL');
      if (query.status) where.push(`c.status = ${p.add(query.status)}`);
      if (query.therapistId) where.push(`c.primary_therapist_id = ${p.add(query.therapistId)}`);
      if (query.q) where.push(`(c.legal_name || ' ' || coalesce(c.preferred_name, '')) ILIKE '%' || ${p.add(likeLiteral(query.q))} || '%'`);
      where.push(CLIENT_ORDER.after(query.cursor, p));
      return statement<ClientRow & KeyedRow>(
        `SELECT ${CLIENT_COLUMNS}, ${CLIENT_ORDER.key} FROM clients c WHERE ${where.join(' AND ')}
      ORDER BY ${CLIENT_ORDER.orderBy} LIMIT ${CLIENT_ORDER.limit(query.limit)}`,
        p,
      );
    },

    client(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients c WHERE c.id = ${p.add(id)} AND ${scope.clients(p, 'c')}`, p);
    },

    /** Adds the client to `therapistId`'s caseload (found an active therapist, and locked, first: `lockTherapistHandedTo`). */
    create(client: CreateClientDto, therapistId: string) {
      const values = clientColumnValues({ ...client, primaryTherapistId: therapistId });
      const p = new SqlParams();
      const columns = [...values.keys()];
      const placeholders = [...values.values()].map((v) => p.add(v));
      return statement<ClientRow>(
        `INSERT INTO clients AS c (${columns.join(', ')})
         VALUES (${placeholders.join(', ')})
         RETURNING ${CLIENT_COLUMNS}`,
        p,
        'new-record',
      );
    },

    /** Changes the record; `previous_email` is the address as it was (the row locked first), so a change can tell the old address. */
    update(scope: AccessScope, id: string, changes: UpdateClientDto) {
      const p = new SqlParams();
      const sets = [...clientColumnValues(changes)].map(([column, value]) => `${column} = ${p.add(value)}`);
      const where = `c.id = ${p.add(id)} AND ${scope.clients(p, 'c')}`;
      return statement<ClientRow & { previous_email: Row<'clients'>['email'] }>(
        `UPDATE clients c SET ${sets.join(', ')}, updated_at = now()
           FROM (SELECT id, email FROM clients WHERE id = ${p.add(id)} FOR UPDATE) before
          WHERE before.id = c.id AND ${where} RETURNING ${CLIENT_COLUMNS}, before.email AS previous_email`,
        p,
      );
    },

    /** Whether the database kept a previous date of birth in this transaction (the update just made). */
    birthDateCorrected(clientId: string) {
      return statement<{ yes: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM client_birth_date_corrections k WHERE k.client_id = $1 AND k.corrected_at = now()) AS yes',
        [clientId],
        'after-scoped-check',
      );
    },

    invitee(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<InviteeRow>(
        `SELECT c.email, c.portal_user_id IS NOT NULL AS has_portal, c.purged_at IS NOT NULL AS purged, c.archived_at IS NOT NULL AS archived
           FROM clients c WHERE c.id = ${p.add(id)} AND ${scope.clients(p, 'c')} FOR UPDATE`,
        p,
      );
    },

    archive(scope: AccessScope, id: string) {
      const p = new SqlParams();
      const where = `c.id = ${p.add(id)} AND ${scope.clients(p, 'c')}`;
      return statement<ClientRow>(
        `UPDATE clients c SET archived_at = coalesce(c.archived_at, now()), updated_at = now() WHERE ${where} RETURNING ${CLIENT_COLUMNS}`,
        p,
      );
    },
  },
  {
    list: [
      [SAMPLE_SCOPE.therapist, { limit: 20 }],
      [SAMPLE_SCOPE.admin, { limit: 20, status: 'active', therapistId: SAMPLE_ID.therapist, q: 'trem', includeArchived: true, cursor: sampleCursor('Tremblay', SAMPLE_ID.client) }],
      [SAMPLE_SCOPE.client, { limit: 20 }],
    ],
    client: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.client]],
    create: [[{ legalName: 'Alexandra Tremblay', dateOfBirth: '1990-04-12', email: 'alex@example.com', address: { city: 'Ottawa', province: 'ON' } }, SAMPLE_ID.therapist]],
    update: [
      [SAMPLE_SCOPE.therapist, SAMPLE_ID.client, { email: 'alex@example.com', dateOfBirth: '1990-04-12' }],
      [SAMPLE_SCOPE.client, SAMPLE_ID.client, { phone: '+16135550100', emergencyContact: { name: 'Sam' } }],
    ],
    birthDateCorrected: [[SAMPLE_ID.client]],
    invitee: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.client]],
    archive: [[SAMPLE_SCOPE.admin, SAMPLE_ID.client]],
  },
);
