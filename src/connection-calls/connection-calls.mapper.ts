import { inZone } from '../common/time/in-zone';
import { CallRow } from './connection-calls.queries';
import { ConnectionCallResponse, ManagedConnectionCallResponse } from './dto/connection-call.response';

/** The staff view of a call. */
export function toCallResponse(r: CallRow, zone: string): ConnectionCallResponse {
  return {
    id: r.id,
    therapistId: r.therapist_id,
    startsAt: inZone(r.starts_at, zone),
    endsAt: inZone(r.ends_at, zone),
    modality: r.modality,
    status: r.status,
    name: r.name,
    email: r.email,
    phone: r.phone,
    message: r.message,
    staffNotes: r.staff_notes,
    clientId: r.client_id,
    cancelledAt: r.cancelled_at,
    createdAt: r.created_at,
  };
}

/** What the holder of a manage link sees. */
export function toManagedResponse(r: CallRow, zone: string): ManagedConnectionCallResponse {
  return { startsAt: inZone(r.starts_at, zone), endsAt: inZone(r.ends_at, zone), modality: r.modality, status: r.status, therapistDisplayName: r.therapist_name };
}
