import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { CallModality } from '../connection-calls/connection-call.entity';
import { rows } from '../database/statement';
import { CalendarEvent, CalendarEventSource, FeedOwner, feedReader } from './calendar-event';
import { calendarQueries } from './calendar.queries';
import { initials } from './therapy-session-events';

const HOW: Record<CallModality, string> = { phone: 'Phone call', video: 'Video call', in_person: 'In person' };

/** Connection calls in a therapist's feed: initials and how, never the person's message. */
@Injectable()
export class ConnectionCallEventSource implements CalendarEventSource {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
  ) {}

  async eventsFor(owner: FeedOwner, from: Date): Promise<CalendarEvent[]> {
    if (owner.role !== 'therapist') return [];
    const calls = await rows(this.db, calendarQueries.feedCalls(this.access.scope(feedReader(owner)), from));
    return calls.map((r) => ({
      uid: `connection-call-${r.id}@clinic-api`,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      summary: `Connection call with ${initials(r.name)}`,
      location: HOW[r.modality],
      url: null,
      updatedAt: r.updated_at,
    }));
  }
}
