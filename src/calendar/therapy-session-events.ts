import { Injectable } from '@nestjs/common';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { CalendarEvent, CalendarEventSource, FeedOwner, feedReader } from './calendar-event';
import { calendarQueries } from './calendar.queries';

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
    const actor = feedReader(owner);
    const sessions = await this.audit.read(actor, calendarQueries.feedSessions(this.access.scope(actor), from), { action: 'feed', resourceType: 'session', clientIds: 'rows.client_ids' });
    return sessions.map((r) => ({
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
