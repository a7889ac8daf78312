import { Injectable } from '@nestjs/common';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { SqlParams } from '../database/sql-params';
import { Modality } from '../therapy-sessions/therapy-session.entity';
import { SESSION_CLIENT_IDS } from '../therapy-sessions/therapy-sessions.queries';
import { CalendarEvent, CalendarEventSource, FeedOwner } from './calendar-event';

interface FeedSessionRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  modality: Modality;
  location: string | null;
  video_url: string | null;
  therapist_name: string;
  client_name: string | null;
  updated_at: Date;
  client_ids: string[];
}

/** A feed holds at most this many sessions; a year of weekly sessions is far below it. */
const MAX_FEED_SESSIONS = 2000;

/** "Alexandra Tremblay" → "A.T.": enough for a therapist to recognise, nothing more. */
export const initials = (name: string) =>
  name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => `${w[0].toUpperCase()}.`)
    .join('');

/** Sessions in a feed: the owner's, not cancelled, seen as the owner would see them. */
@Injectable()
export class TherapySessionEventSource implements CalendarEventSource {
  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
  ) {}

  async eventsFor(owner: FeedOwner, from: Date): Promise<CalendarEvent[]> {
    const actor: UserActor = { kind: 'user', id: owner.userId, role: owner.role, ...owner.origin };
    const p = new SqlParams();
    const select = `SELECT s.id, lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url,
        u.display_name AS therapist_name, c.legal_name AS client_name, s.updated_at, ${SESSION_CLIENT_IDS} AS client_ids
      FROM therapy_sessions s
      JOIN users u ON u.id = s.therapist_id
      LEFT JOIN couples k ON k.id = s.couple_id
      LEFT JOIN clients c ON c.id = s.client_id
     WHERE ${this.access.sessionPredicate(actor, p, 's')} AND s.status <> 'cancelled' AND upper(s.during) >= ${p.add(from)}
     ORDER BY lower(s.during), s.id LIMIT ${MAX_FEED_SESSIONS}`;
    const rows = await this.audit.read<FeedSessionRow>(actor, select, p, { action: 'feed', resourceType: 'session', clientIds: 'rows.client_ids', orderBy: 'starts_at, id' });
    return rows.map((r) => ({
      uid: `session-${r.id}@clinic-api`,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      summary: owner.role === 'therapist' ? (r.client_name ? `Session with ${initials(r.client_name)}` : 'Couple session') : `Therapy session with ${r.therapist_name}`,
      location: r.modality === 'in_person' ? r.location : `Online: ${r.video_url}`,
      url: r.modality === 'online' ? r.video_url : null,
      updatedAt: r.updated_at,
    }));
  }
}
