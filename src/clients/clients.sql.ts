import { ClientStatus, Province } from './client.entity';
import { ClientResponse } from './dto/client.response';

/** A `clients` row as PostgreSQL returns it. */
export interface ClientRow {
  id: string;
  legal_name: string;
  preferred_name: string | null;
  pronouns: string | null;
  date_of_birth: string;
  email: string | null;
  phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  address_city: string | null;
  address_province: Province;
  address_postal_code: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone: string | null;
  emergency_contact_relationship: string | null;
  status: ClientStatus;
  primary_therapist_id: string;
  portal_user_id: string | null;
  last_contact_at: Date | null;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** `date_of_birth` as text, so no time zone shifts the calendar date; last contact as the database derives it. */
export const CLIENT_COLUMNS = `c.id, c.legal_name, c.preferred_name, c.pronouns, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  c.email, c.phone, c.address_line1, c.address_line2, c.address_city, c.address_province, c.address_postal_code,
  c.emergency_contact_name, c.emergency_contact_phone, c.emergency_contact_relationship, c.status,
  c.primary_therapist_id, c.portal_user_id, client_last_contact(c.id) AS last_contact_at, c.archived_at, c.created_at, c.updated_at`;

/** Request fields → columns. Nested objects are flattened with their prefix. */
export const CLIENT_FIELD_COLUMNS: Record<string, string> = {
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

/** Flattens `{ address: { city } }` into `{ 'address.city': … }`, keeping only known fields. */
export function clientColumnValues(body: object): Map<string, unknown> {
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

export function toClientResponse(r: ClientRow): ClientResponse {
  return {
    id: r.id,
    legalName: r.legal_name,
    preferredName: r.preferred_name,
    pronouns: r.pronouns,
    dateOfBirth: r.date_of_birth,
    email: r.email,
    phone: r.phone,
    address: {
      line1: r.address_line1,
      line2: r.address_line2,
      city: r.address_city,
      province: r.address_province,
      postalCode: r.address_postal_code,
    },
    emergencyContact: {
      name: r.emergency_contact_name,
      phone: r.emergency_contact_phone,
      relationship: r.emergency_contact_relationship,
    },
    status: r.status,
    primaryTherapistId: r.primary_therapist_id,
    hasPortalAccount: r.portal_user_id !== null,
    lastContactAt: r.last_contact_at,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
