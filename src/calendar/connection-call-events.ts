import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CallModality } from '../connection-calls/connection-call.entity';
import { CalendarEvent, CalendarEventSource, FeedOwner } from './calendar-event';
import { initials } from './therapy-session-events';

const HOW: Record<CallModality, string> = { phone: 'Phone call', video: 'Video call', in_person: 'In person' };

/** Connection calls in a therapist's feed: initials and how, never the person's message. */
@Injectable()
export class ConnectionCallEventSource implements CalendarEventSource {
  constructor(private readonly db: DataSource) {}

  async eventsFor(owner: FeedOwner, from: Date): Promise<CalendarEvent[]> {
    if (owner.role !== 'therapist') return [];
    const rows: { id: string; starts_at: Date; ends_at: Date; modality: CallModality; name: string; updated_at: Date }[] = await this.db.query(
      `SELECT id, starts_at, ends_at, modality, name, updated_at FROM connection_calls
        WHERE therapist_id = $1 AND status <> 'cancelled' AND ends_at >= $2 ORDER BY starts_at, id LIMIT 2000`,
      [owner.userId, from],
    );
    return rows.map((r) => ({
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
