import { currentOccasion, isDue } from './outcome-schedule';

const assignedAt = new Date('2026-01-05T15:00:00Z');
const days = (n: number) => new Date(assignedAt.getTime() + n * 24 * 60 * 60 * 1000);

describe('outcome schedule', () => {
  it('a one-off assignment is only ever at intake', () => {
    expect(currentOccasion({ kind: 'once', every: null }, assignedAt, days(400), 30)).toBe(0);
  });

  it('every N weeks: a new occasion each N weeks after it was assigned, not before', () => {
    const every3 = { kind: 'weeks' as const, every: 3 };
    expect(currentOccasion(every3, assignedAt, assignedAt, 0)).toBe(0);
    expect(currentOccasion(every3, assignedAt, new Date(days(21).getTime() - 1), 0)).toBe(0);
    expect(currentOccasion(every3, assignedAt, days(21), 0)).toBe(1);
    expect(currentOccasion(every3, assignedAt, days(64), 0)).toBe(3);
    // A clock behind the assignment does not go back before intake.
    expect(currentOccasion(every3, assignedAt, days(-2), 0)).toBe(0);
  });

  it('every N sessions: counts completed sessions since it was assigned', () => {
    const every4 = { kind: 'sessions' as const, every: 4 };
    expect(currentOccasion(every4, assignedAt, days(100), 3)).toBe(0);
    expect(currentOccasion(every4, assignedAt, days(100), 4)).toBe(1);
    expect(currentOccasion(every4, assignedAt, days(1), 9)).toBe(2);
  });

  it('is due until the partner answers the current occasion', () => {
    expect(isDue(0, [])).toBe(true);
    expect(isDue(0, [0])).toBe(false);
    expect(isDue(2, [0, 1])).toBe(true);
  });
});
