import { Injectable } from '@nestjs/common';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { CalendarEvent, CalendarEventSource, FeedOwner, feedReader } from './calendar-event';
import { calendarQueries, FeedSessionRow } from './calendar.queries';

/** "Alexandra Tremblay" → "A.T.": enough for a therapist to recognise, nothing more. */
export const initials = (name: string) =>
  name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => `${w[0].toUpperCase()}.`)
    .join('');

/** What a session's calendar entry is made of: the feed's row, or a reminder's payload. */
export type SessionEventFields = Pick<FeedSessionRow, 'id' | 'starts_at' | 'ends_at' | 'modality' | 'location' | 'video_url' | 'therapist_name' | 'updated_at'> & {
  client_name?: FeedSessionRow['client_name'];
};

/** A session as a calendar entry for its therapist or its clients: the same UID in a feed and in a reminder's `.ics`. */
export function sessionEvent(r: SessionEventFields, viewer: 'therapist' | 'client'): CalendarEvent {
  return {
    uid: `session-${r.id}@clinic-api`,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    summary: viewer === 'therapist' ? (r.client_name ? `Session with ${initials(r.client_name)}` : 'Couple session') : `Therapy session with ${r.therapist_name}`,
    location: r.modality === 'in_person' ? r.location : `Online: ${r.video_url}`,
    url: r.modality === 'online' ? r.video_url : null,
    updatedAt: r.updated_at,
  };
}

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
    return sessions.map((r) => sessionEvent(r, owner.role));
  }
}
