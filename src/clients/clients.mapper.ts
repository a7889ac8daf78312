import { ClientRow } from './clients.queries';
import { ClientResponse } from './dto/client.response';

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
