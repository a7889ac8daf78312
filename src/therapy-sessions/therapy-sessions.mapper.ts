import { Actor } from '../common/auth/roles';
import { inZone } from '../common/time/in-zone';
import { TherapySessionResponse } from './dto/therapy-session.response';
import { TherapySessionRow } from './therapy-sessions.queries';

/** A session as the API answers it, its instants in the clinic's zone (e.g. `2026-12-01T10:00:00-05:00`). */
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
