import { Conflict } from '../common/problem/problem';
import { SESSION_PROBLEMS } from './therapy-sessions.problems';

export const SESSION_STATUSES = ['scheduled', 'completed', 'cancelled', 'no_show'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** What can happen to a session. `reschedule` covers any change of time, modality or place. */
export const SESSION_EVENTS = ['complete', 'cancel', 'no_show', 'reschedule'] as const;
export type SessionEvent = (typeof SESSION_EVENTS)[number];

/** `scheduled → completed | cancelled | no_show`; the three outcomes are final. */
const TRANSITIONS: Record<SessionStatus, Partial<Record<SessionEvent, SessionStatus>>> = {
  scheduled: { complete: 'completed', cancel: 'cancelled', no_show: 'no_show', reschedule: 'scheduled' },
  completed: {},
  cancelled: {},
  no_show: {},
};

/** Only what already began can be completed or missed. */
const NEEDS_START: ReadonlySet<SessionEvent> = new Set(['complete', 'no_show']);

export interface SessionState {
  status: SessionStatus;
  startsAt: Date;
}

const VERB: Record<SessionEvent, string> = { complete: 'completed', cancel: 'cancelled', no_show: 'marked as a no-show', reschedule: 'changed' };

/** The status after `event`, or a coded 409 saying why the transition is not allowed. */
export function nextStatus(session: SessionState, event: SessionEvent, now: Date): SessionStatus {
  const next = TRANSITIONS[session.status][event];
  if (!next) {
    throw new Conflict(SESSION_PROBLEMS['invalid-session-transition'], `A ${session.status.replace('_', '-')} session cannot be ${VERB[event]}.`, {
      sessionStatus: session.status,
      allowed: allowedEvents(session.status),
    });
  }
  if (NEEDS_START.has(event) && session.startsAt.getTime() > now.getTime()) {
    throw new Conflict(SESSION_PROBLEMS['session-not-started'], `A session cannot be ${VERB[event]} before it starts.`, { sessionStatus: session.status });
  }
  return next;
}

export function allowedEvents(status: SessionStatus): SessionEvent[] {
  return SESSION_EVENTS.filter((e) => TRANSITIONS[status][e] !== undefined);
}

/** Cancelled less than `windowHours` before the start (or after it): late. */
export function isLateCancellation(startsAt: Date, cancelledAt: Date, windowHours: number): boolean {
  return startsAt.getTime() - cancelledAt.getTime() < windowHours * 3_600_000;
}
