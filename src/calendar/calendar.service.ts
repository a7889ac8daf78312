import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { RequestOrigin, UserActor } from '../common/auth/roles';
import { hashToken, newSecretToken } from '../common/auth/secret-token';
import { COMMON_PROBLEMS } from '../common/problem/common.problems';
import { Problem } from '../common/problem/problem';
import type { AppConfig } from '../config/environment';
import { affected, first } from '../database/statement';
import { API_PREFIX } from '../app.setup';
import { CALENDAR_EVENT_SOURCES, CalendarEventSource, FeedOwner } from './calendar-event';
import { calendarQueries } from './calendar.queries';
import { CalendarFeedResponse } from './dto/calendar-feed.response';
import { renderCalendar } from './icalendar';

const FEED_TOKEN = /^cal_[A-Za-z0-9_-]{43}$/;
/** Feeds show the recent past too, so this week's finished sessions do not vanish. */
const PAST_DAYS = 30;

const unknownFeed = () => new Problem(HttpStatus.NOT_FOUND, COMMON_PROBLEMS['not-found'], 'Not found', 'No calendar feed with this address; it may have been replaced by a newer one.');

@Injectable()
export class CalendarService {
  constructor(
    private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(CALENDAR_EVENT_SOURCES) private readonly sources: CalendarEventSource[],
  ) {}

  /** A new secret feed address; the previous one stops working. The token is shown only here. */
  async rotate(actor: UserActor): Promise<CalendarFeedResponse> {
    const token = newSecretToken('cal_');
    await affected(this.db, calendarQueries.replaceFeedToken(actor.id, hashToken(token)));
    const base = this.config.get('PUBLIC_BASE_URL', { infer: true }).replace(/\/+$/, '');
    return { url: `${base}/${API_PREFIX}/calendar/${token}.ics` };
  }

  /** The iCalendar text of the feed named by `file` (`<token>.ics`); 404 for anything else. */
  async feed(file: string, origin: RequestOrigin): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!FEED_TOKEN.test(token)) throw unknownFeed();
    const owner = await first(this.db, calendarQueries.feedOwner(hashToken(token)));
    if (!owner || (owner.role !== 'therapist' && owner.role !== 'client')) throw unknownFeed();
    const feedOwner: FeedOwner = { userId: owner.user_id, role: owner.role, origin };
    const now = new Date();
    const from = new Date(now.getTime() - PAST_DAYS * 86_400_000);
    const events = (await Promise.all(this.sources.map((s) => s.eventsFor(feedOwner, from)))).flat();
    events.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    return renderCalendar(owner.role === 'therapist' ? `Clinic: ${owner.display_name}` : 'My therapy sessions', events, now);
  }
}
