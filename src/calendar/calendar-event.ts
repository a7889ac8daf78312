import { RequestOrigin, UserActor } from '../common/auth/roles';

/** One entry of a feed: when and where, never anything clinical. */
export interface CalendarEvent {
  /** Stable per underlying record, so calendar apps update rather than duplicate. */
  uid: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  location: string | null;
  url: string | null;
  updatedAt: Date;
}

/** Whose feed is read, and from where (for the audit trail). */
export interface FeedOwner {
  userId: string;
  role: 'therapist' | 'client';
  origin: RequestOrigin;
}

/** Events of one kind for a feed, in the window `[from, ∞)`. */
export interface CalendarEventSource {
  eventsFor(owner: FeedOwner, from: Date): Promise<CalendarEvent[]>;
}

/** The sources a feed merges: sessions, and connection calls in therapists' feeds. */
export const CALENDAR_EVENT_SOURCES = Symbol('CALENDAR_EVENT_SOURCES');

/** The feed's owner as the reader of its events: they see what they would see signed in. */
export const feedReader = (owner: FeedOwner): UserActor => ({ kind: 'user', id: owner.userId, role: owner.role, ...owner.origin });
