import { DateTime } from 'luxon';
import { afterQuietHours, inQuietHours, parseOffsets, parseQuietHours, planReminders } from './reminder-plan';

const ZONE = 'America/Toronto';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
const local = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toISO({ suppressMilliseconds: true, includeOffset: false });
const NIGHT = parseQuietHours('21:00-08:00');

describe('reminder settings', () => {
  it('reads offsets longest first, each once', () => {
    expect(parseOffsets('2h, 48h,120m,30m')).toEqual([
      { name: '48h', ms: 48 * 3_600_000 },
      { name: '2h', ms: 2 * 3_600_000 },
      { name: '30m', ms: 30 * 60_000 },
    ]);
    expect(parseOffsets('none')).toEqual([]);
  });

  it('reads quiet hours, across midnight or within a day', () => {
    expect(NIGHT).toEqual({ from: 21 * 60, until: 8 * 60 });
    expect(parseQuietHours('none')).toBeNull();
    const lunch = parseQuietHours('12:00-13:30');
    expect(inQuietHours(at('2031-03-03T12:15'), lunch, ZONE)).toBe(true);
    expect(inQuietHours(at('2031-03-03T13:30'), lunch, ZONE)).toBe(false);
    expect(inQuietHours(at('2031-03-03T23:00'), NIGHT, ZONE)).toBe(true);
    expect(inQuietHours(at('2031-03-03T07:59'), NIGHT, ZONE)).toBe(true);
    expect(inQuietHours(at('2031-03-03T08:00'), NIGHT, ZONE)).toBe(false);
  });
});

describe('quiet hours', () => {
  it('delays a message due in the evening to the next morning, and one due before dawn to that morning', () => {
    expect(local(afterQuietHours(at('2031-03-03T22:10'), NIGHT, ZONE))).toBe('2031-03-04T08:00:00');
    expect(local(afterQuietHours(at('2031-03-04T05:00'), NIGHT, ZONE))).toBe('2031-03-04T08:00:00');
    expect(local(afterQuietHours(at('2031-03-04T12:00'), NIGHT, ZONE))).toBe('2031-03-04T12:00:00');
  });

  it('ends quiet hours at 08:00 on the clock across the spring-forward night', () => {
    const delayed = afterQuietHours(at('2031-03-08T23:30'), NIGHT, ZONE);
    expect(local(delayed)).toBe('2031-03-09T08:00:00');
    expect(delayed.toISOString()).toBe('2031-03-09T12:00:00.000Z');
  });

  it('never delays a message to or past its latest time: it keeps its own', () => {
    const due = at('2031-03-04T05:30');
    expect(afterQuietHours(due, NIGHT, ZONE, at('2031-03-04T07:30'))).toEqual(due);
    expect(afterQuietHours(due, NIGHT, ZONE, at('2031-03-04T08:00'))).toEqual(due);
    expect(local(afterQuietHours(due, NIGHT, ZONE, at('2031-03-04T08:01')))).toBe('2031-03-04T08:00:00');
  });
});

describe('planReminders', () => {
  const offsets = parseOffsets('48h,2h');

  it('plans one reminder per offset, due that long before, never after the start', () => {
    const startsAt = at('2031-03-12T14:00');
    const plan = planReminders({ startsAt, offsets, quiet: NIGHT, zone: ZONE, now: at('2031-03-01T09:00') });
    expect(plan.map((r) => [r.offset, local(r.availableAt), r.notAfter])).toEqual([
      ['48h', '2031-03-10T14:00:00', startsAt],
      ['2h', '2031-03-12T12:00:00', startsAt],
    ]);
  });

  it('leaves out a reminder whose time has passed when the session is booked or moved', () => {
    const plan = planReminders({ startsAt: at('2031-03-12T14:00'), offsets, quiet: null, zone: ZONE, now: at('2031-03-11T09:00') });
    expect(plan.map((r) => r.offset)).toEqual(['2h']);
    expect(planReminders({ startsAt: at('2031-03-12T14:00'), offsets, quiet: null, zone: ZONE, now: at('2031-03-12T13:00') })).toEqual([]);
    expect(planReminders({ startsAt: at('2031-03-12T14:00'), offsets, quiet: null, zone: ZONE, now: at('2031-03-12T15:00') })).toEqual([]);
  });

  it('moves a reminder out of quiet hours, but a 2 h reminder of an early session keeps its time', () => {
    const now = at('2031-03-01T09:00');
    const evening = planReminders({ startsAt: at('2031-03-12T22:30'), offsets, quiet: NIGHT, zone: ZONE, now });
    expect(evening.map((r) => local(r.availableAt))).toEqual(['2031-03-11T08:00:00', '2031-03-12T20:30:00']);
    const early = planReminders({ startsAt: at('2031-03-12T07:30'), offsets, quiet: NIGHT, zone: ZONE, now });
    expect(early.map((r) => local(r.availableAt))).toEqual(['2031-03-10T08:00:00', '2031-03-12T05:30:00']);
  });
});
