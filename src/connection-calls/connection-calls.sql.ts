import { inZone } from '../common/time/in-zone';
import { CallModality, CallStatus } from './connection-call.entity';
import { ConnectionCallResponse, ManagedConnectionCallResponse } from './dto/connection-call.response';

/** A `connection_calls` row (alias `c`) with its therapist's name, as PostgreSQL returns it. */
export interface CallRow {
  id: string;
  therapist_id: string;
  therapist_name: string;
  therapist_email: string;
  busy_time_id: string;
  starts_at: Date;
  ends_at: Date;
  modality: CallModality;
  status: CallStatus;
  name: string;
  email: string;
  phone: string | null;
  message: string | null;
  staff_notes: string | null;
  client_id: string | null;
  cancelled_at: Date | null;
  created_at: Date;
}

export const CALL_COLUMNS = `c.id, c.therapist_id, t.display_name AS therapist_name, t.email AS therapist_email, c.busy_time_id,
  c.starts_at, c.ends_at, c.modality, c.status, c.name, c.email, c.phone, c.message, c.staff_notes, c.client_id,
  c.cancelled_at, c.created_at`;

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

export function toManagedResponse(r: CallRow, zone: string): ManagedConnectionCallResponse {
  return { startsAt: inZone(r.starts_at, zone), endsAt: inZone(r.ends_at, zone), modality: r.modality, status: r.status, therapistDisplayName: r.therapist_name };
}
