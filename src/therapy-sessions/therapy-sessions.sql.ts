import { inZone } from '../common/time/in-zone';
import { Actor } from '../common/auth/roles';
import { TherapySessionResponse } from './dto/therapy-session.response';
import { SessionStatus } from './session-status';
import { CancelledBy, Modality } from './therapy-session.entity';

/** A `therapy_sessions` row with what its answer needs, as PostgreSQL returns it. */
export interface TherapySessionRow {
  id: string;
  therapist_id: string;
  therapist_name: string;
  couple_id: string | null;
  client_id: string | null;
  client_ids: string[];
  starts_at: Date;
  ends_at: Date;
  modality: Modality;
  location: string | null;
  video_url: string | null;
  status: SessionStatus;
  attended_client_ids: string[];
  series_id: string | null;
  busy_time_id: string;
  completed_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by: CancelledBy | null;
  cancellation_reason: string | null;
  late_cancellation: boolean | null;
  created_at: Date;
  updated_at: Date;
}

/** The clients a session concerns: its client, or both partners of its couple (`k`). */
export const SESSION_CLIENT_IDS = `CASE WHEN s.couple_id IS NULL THEN ARRAY[s.client_id] ELSE ARRAY[k.partner_a_id, k.partner_b_id] END`;

/** A session `s` with its therapist `u` and couple `k`: one row per session, no note. */
export const SESSION_SELECT = `SELECT s.id, s.therapist_id, u.display_name AS therapist_name, s.couple_id, s.client_id,
    ${SESSION_CLIENT_IDS} AS client_ids,
    lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url, s.status,
    s.attended_client_ids, s.series_id, s.busy_time_id, s.completed_at, s.cancelled_at, s.cancelled_by,
    s.cancellation_reason, s.late_cancellation, s.created_at, s.updated_at
  FROM therapy_sessions s
  JOIN users u ON u.id = s.therapist_id
  LEFT JOIN couples k ON k.id = s.couple_id`;

/** An instant in the clinic's zone, e.g. `2026-12-01T10:00:00-05:00`. */

export function toTherapySessionResponse(r: TherapySessionRow, zone: string, viewer: Actor): TherapySessionResponse {
  const staff = viewer.kind === 'user' && viewer.role !== 'client';
  return {
    id: r.id,
    therapistId: r.therapist_id,
    therapistName: r.therapist_name,
    coupleId: r.couple_id,
    clientId: r.client_id,
    clientIds: r.client_ids,
    startsAt: inZone(r.starts_at, zone),
    endsAt: inZone(r.ends_at, zone),
    modality: r.modality,
    location: r.location,
    videoUrl: r.video_url,
    status: r.status,
    attendedClientIds: r.attended_client_ids,
    seriesId: r.series_id,
    completedAt: r.completed_at,
    cancelledAt: r.cancelled_at,
    cancelledBy: r.cancelled_by,
    // The reason is the staff's record; a partner might learn of the other's circumstances.
    cancellationReason: staff ? r.cancellation_reason : null,
    lateCancellation: r.late_cancellation,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
