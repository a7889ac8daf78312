import { DateTime } from 'luxon';
import { Interval, mergeSlots, SlotRules, therapistSlots, WeeklyWindow } from './slots';

const zone = 'America/Toronto';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const show = (slots: Interval[]) => slots.map((s) => DateTime.fromMillis(s.start, { zone }).toISO({ suppressMilliseconds: true, suppressSeconds: true }));
const rules: SlotRules = { zone, callMinutes: 20, bufferMinutes: 0, minNoticeMinutes: 0, horizonDays: 30 };
const monday: WeeklyWindow[] = [{ weekday: 1, start: '09:00', end: '10:00' }];
const week = (mondayIso: string): Interval => ({ start: at(`${mondayIso}T00:00`), end: at(`${mondayIso}T00:00`) + 7 * 86_400_000 });

describe('connection-call slots', () => {
  const now = at('2026-11-20T08:00');

  it('lays calls end to end inside each weekly window', () => {
    expect(show(therapistSlots(monday, [], week('2026-11-23'), now, rules))).toEqual([
      '2026-11-23T09:00-05:00',
      '2026-11-23T09:20-05:00',
      '2026-11-23T09:40-05:00',
    ]);
  });

  it('drops slots that touch busy time, widened by the buffer', () => {
    const busy = [{ start: at('2026-11-23T09:25'), end: at('2026-11-23T09:35') }];
    expect(show(therapistSlots(monday, busy, week('2026-11-23'), now, rules))).toEqual(['2026-11-23T09:00-05:00', '2026-11-23T09:40-05:00']);
    const buffered = { ...rules, bufferMinutes: 10 };
    // 09:00–09:20 plus 10 minutes reaches 09:30 > 09:25; 09:40 minus 10 reaches 09:30 < 09:35.
    expect(show(therapistSlots(monday, busy, week('2026-11-23'), now, buffered))).toEqual([]);
  });

  it('allows a slot that ends exactly when busy time starts', () => {
    const busy = [{ start: at('2026-11-23T09:20'), end: at('2026-11-23T10:00') }];
    expect(show(therapistSlots(monday, busy, week('2026-11-23'), now, rules))).toEqual(['2026-11-23T09:00-05:00']);
  });

  it('treats time off like any busy time', () => {
    const timeOff = [{ start: at('2026-11-23T00:00'), end: at('2026-11-24T00:00') }];
    expect(therapistSlots(monday, timeOff, week('2026-11-23'), now, rules)).toEqual([]);
  });

  it('respects the minimum notice and the horizon', () => {
    const soon = at('2026-11-23T08:50');
    expect(show(therapistSlots(monday, [], week('2026-11-23'), soon, { ...rules, minNoticeMinutes: 30 }))).toEqual(['2026-11-23T09:20-05:00', '2026-11-23T09:40-05:00']);
    const far = { start: at('2026-12-28T00:00'), end: at('2027-01-04T00:00') };
    expect(therapistSlots(monday, [], far, now, { ...rules, horizonDays: 30 })).toEqual([]);
  });

  it('keeps wall-clock times across the DST changes', () => {
    // 2026-11-01 and 2027-03-14 are the Sundays the clocks change in Toronto.
    const sunday: WeeklyWindow[] = [{ weekday: 7, start: '09:00', end: '09:20' }];
    const longNow = at('2026-10-20T00:00');
    const wide = { ...rules, horizonDays: 200 };
    expect(show(therapistSlots(sunday, [], { start: at('2026-10-25T00:00'), end: at('2026-11-02T00:00') }, longNow, wide))).toEqual([
      '2026-10-25T09:00-04:00',
      '2026-11-01T09:00-05:00',
    ]);
    expect(show(therapistSlots(sunday, [], { start: at('2027-03-07T00:00'), end: at('2027-03-15T00:00') }, longNow, wide))).toEqual([
      '2027-03-07T09:00-05:00',
      '2027-03-14T09:00-04:00',
    ]);
  });

  it('has no slot in the hour a spring-forward change skips, and one per instant in the repeated hour', () => {
    const night: WeeklyWindow[] = [{ weekday: 7, start: '01:00', end: '03:00' }];
    const longNow = at('2026-10-01T00:00');
    const wide = { ...rules, callMinutes: 60, horizonDays: 400 };
    const spring = therapistSlots(night, [], { start: at('2027-03-14T00:00'), end: at('2027-03-15T00:00') }, longNow, wide);
    // 01:00–02:00 EST exists; 02:00–03:00 does not, and 03:00 is the window's end.
    expect(show(spring)).toEqual(['2027-03-14T01:00-05:00']);
    const fall = therapistSlots(night, [], { start: at('2026-11-01T00:00'), end: at('2026-11-02T00:00') }, longNow, wide);
    for (const slot of fall) expect(slot.end - slot.start).toBe(3_600_000);
    expect(new Set(fall.map((s) => s.start)).size).toBe(fall.length);
  });

  it('merges therapists into one list of distinct starts', () => {
    const a = [{ start: 1, end: 2 }, { start: 3, end: 4 }];
    const b = [{ start: 3, end: 4 }, { start: 5, end: 6 }];
    expect(mergeSlots([a, b]).map((s) => s.start)).toEqual([1, 3, 5]);
  });
});
