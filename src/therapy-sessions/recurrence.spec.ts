import { expandOccurrences } from './recurrence';

const TORONTO = 'America/Toronto';
const iso = (o: { startsAt: { toISO(): string | null } }) => o.startsAt.toISO();

describe('recurrence across daylight-saving changes', () => {
  it('keeps 10:00 wall-clock time in Toronto when clocks fall back (2026-11-01)', () => {
    const weeks = expandOccurrences(new Date('2026-10-25T10:00:00-04:00'), new Date('2026-10-25T11:00:00-04:00'), TORONTO, { frequency: 'weekly', count: 3 });
    expect(weeks.map(iso)).toEqual(['2026-10-25T10:00:00.000-04:00', '2026-11-01T10:00:00.000-05:00', '2026-11-08T10:00:00.000-05:00']);
    expect(weeks.map((w) => w.endsAt.toISO())).toEqual(['2026-10-25T11:00:00.000-04:00', '2026-11-01T11:00:00.000-05:00', '2026-11-08T11:00:00.000-05:00']);
    // The UTC instant moves by an hour: 14:00Z, then 15:00Z.
    expect(weeks.map((w) => w.startsAt.toUTC().toISO())).toEqual(['2026-10-25T14:00:00.000Z', '2026-11-01T15:00:00.000Z', '2026-11-08T15:00:00.000Z']);
  });

  it('keeps it when clocks spring forward (2027-03-14), biweekly', () => {
    const weeks = expandOccurrences(new Date('2027-03-07T18:30:00-05:00'), new Date('2027-03-07T19:20:00-05:00'), TORONTO, { frequency: 'biweekly', count: 2 });
    expect(weeks.map(iso)).toEqual(['2027-03-07T18:30:00.000-05:00', '2027-03-21T18:30:00.000-04:00']);
  });

  it('reads the first start in the clinic’s zone whatever offset it was sent with', () => {
    const [only] = expandOccurrences(new Date('2026-12-01T15:00:00Z'), new Date('2026-12-01T16:00:00Z'), TORONTO);
    expect(only.startsAt.toISO()).toBe('2026-12-01T10:00:00.000-05:00');
  });

  it('gives one occurrence without a recurrence, and count occurrences with one', () => {
    expect(expandOccurrences(new Date('2026-12-01T15:00:00Z'), new Date('2026-12-01T16:00:00Z'), TORONTO)).toHaveLength(1);
    expect(expandOccurrences(new Date('2026-12-01T15:00:00Z'), new Date('2026-12-01T16:00:00Z'), TORONTO, { frequency: 'weekly', count: 52 })).toHaveLength(52);
  });
});
