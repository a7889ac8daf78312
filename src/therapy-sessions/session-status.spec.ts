import { Conflict } from '../common/problem/problem';
import { allowedEvents, isLateCancellation, nextStatus, SESSION_EVENTS, SESSION_STATUSES, SessionEvent, SessionStatus } from './session-status';

const now = new Date('2026-12-01T15:00:00Z');
const started = new Date('2026-12-01T14:00:00Z');
const upcoming = new Date('2026-12-02T15:00:00Z');

function refusal(status: SessionStatus, event: SessionEvent, startsAt = started): Conflict {
  try {
    nextStatus({ status, startsAt }, event, now);
  } catch (error) {
    return error as Conflict;
  }
  throw new Error(`${status} → ${event} was allowed`);
}

describe('session status machine', () => {
  it.each<[SessionEvent, SessionStatus]>([
    ['complete', 'completed'],
    ['cancel', 'cancelled'],
    ['no_show', 'no_show'],
    ['reschedule', 'scheduled'],
  ])('scheduled --%s--> %s', (event, to) => {
    expect(nextStatus({ status: 'scheduled', startsAt: started }, event, now)).toBe(to);
  });

  const finals = SESSION_STATUSES.filter((s) => s !== 'scheduled');
  it.each(finals.flatMap((status) => SESSION_EVENTS.map((event) => [status, event] as const)))('%s is final: %s is a coded 409', (status, event) => {
    const problem = refusal(status, event);
    expect(problem).toBeInstanceOf(Conflict);
    expect(problem.toBody()).toMatchObject({ type: '/problems/invalid-session-transition', status: 409, allowed: [] });
  });

  it.each<SessionEvent>(['complete', 'no_show'])('a session cannot be %s before it starts', (event) => {
    expect(refusal('scheduled', event, upcoming).toBody()).toMatchObject({ type: '/problems/session-not-started', status: 409 });
  });

  it('a session can be cancelled or moved before it starts', () => {
    expect(nextStatus({ status: 'scheduled', startsAt: upcoming }, 'cancel', now)).toBe('cancelled');
    expect(nextStatus({ status: 'scheduled', startsAt: upcoming }, 'reschedule', now)).toBe('scheduled');
  });

  it('lists what a status allows', () => {
    expect(allowedEvents('scheduled')).toEqual(['complete', 'cancel', 'no_show', 'reschedule']);
    expect(allowedEvents('completed')).toEqual([]);
  });

  describe('late cancellation', () => {
    const startsAt = new Date('2026-12-02T15:00:00Z');
    it('is late inside the window, on time outside it, and late after the start', () => {
      expect(isLateCancellation(startsAt, new Date('2026-12-01T15:00:01Z'), 24)).toBe(true);
      expect(isLateCancellation(startsAt, new Date('2026-12-01T15:00:00Z'), 24)).toBe(false);
      expect(isLateCancellation(startsAt, new Date('2026-11-30T15:00:00Z'), 24)).toBe(false);
      expect(isLateCancellation(startsAt, new Date('2026-12-02T16:00:00Z'), 24)).toBe(true);
      expect(isLateCancellation(startsAt, new Date('2026-12-02T14:59:00Z'), 0)).toBe(false);
    });
  });
});
