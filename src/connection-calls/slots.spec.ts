import fc from 'fast-check';
import { DateTime } from 'luxon';
import { inZone } from '../common/time/in-zone';
import { disjointBusy, freeSlots, Interval, parseBusy, SlotGrid, SlotRules, WeeklyWindow } from './slots';

/** One therapist's bookable slots between `range.start` and `range.end`, busy time given as intervals in any order. */
function therapistSlots(windows: WeeklyWindow[], busy: Interval[], range: Interval, now: number, rules: SlotRules): Interval[] {
  const grid = new SlotGrid(range, now, rules);
  return grid.freeStarts(windows, disjointBusy(busy.flatMap((b) => [b.start, b.end]))).map((start) => ({ start, end: start + grid.call }));
}

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

  it('lets a slot whose buffered edges only touch busy time through, and drops it a millisecond later', () => {
    const buffered = { ...rules, bufferMinutes: 10 };
    // 09:20–09:40 widened is 09:10–09:50: busy ending at 09:10 or starting at 09:50 only touches it.
    const touching = [
      { start: at('2026-11-23T08:00'), end: at('2026-11-23T09:10') },
      { start: at('2026-11-23T09:50'), end: at('2026-11-23T11:00') },
    ];
    expect(show(therapistSlots(monday, touching, week('2026-11-23'), now, buffered))).toEqual(['2026-11-23T09:20-05:00']);
    const overlapping = [{ ...touching[0], end: touching[0].end + 1 }, touching[1]];
    expect(therapistSlots(monday, overlapping, week('2026-11-23'), now, buffered)).toEqual([]);
    const before = [{ ...touching[0] }, { ...touching[1], start: touching[1].start - 1 }];
    expect(therapistSlots(monday, before, week('2026-11-23'), now, buffered)).toEqual([]);
  });

  it('joins overlapping and touching busy time whatever order it comes in', () => {
    expect(disjointBusy([50, 60, 10, 20, 20, 30, 25, 40, 70, 70])).toEqual([10, 40, 50, 60, 70, 70]);
    expect(parseBusy('10,20,20,30,40,50')).toEqual([10, 30, 40, 50]);
    expect(parseBusy(null)).toEqual([]);
  });

  it('takes the slots of both days when the range crosses midnight', () => {
    const late: WeeklyWindow[] = [
      { weekday: 1, start: '23:00', end: '23:40' },
      { weekday: 2, start: '00:00', end: '00:40' },
    ];
    const range = { start: at('2026-11-23T22:30'), end: at('2026-11-24T00:30') };
    expect(show(therapistSlots(late, [], range, now, rules))).toEqual([
      '2026-11-23T23:00-05:00',
      '2026-11-23T23:20-05:00',
      '2026-11-24T00:00-05:00',
    ]);
  });

  it('writes each slot with the offset of its own instant across the autumn change', () => {
    // 2026-11-01 in Toronto: 01:00–02:00 happens twice, first at -04:00, then at -05:00.
    const night: WeeklyWindow[] = [{ weekday: 7, start: '00:40', end: '02:20' }];
    const longNow = at('2026-10-01T00:00');
    const wide = { ...rules, callMinutes: 30, horizonDays: 400 };
    const range = { start: at('2026-11-01T00:00'), end: at('2026-11-02T00:00') };
    const grid = new SlotGrid(range, longNow, wide);
    const slots = freeSlots(grid, [{ id: 't', windows: night, busy: [] }]).map((s) => `${grid.iso(s.start)}/${grid.iso(s.end)}`);
    expect(slots).toEqual([
      '2026-11-01T00:40:00-04:00/2026-11-01T01:10:00-04:00',
      '2026-11-01T01:10:00-04:00/2026-11-01T01:40:00-04:00',
      '2026-11-01T01:40:00-04:00/2026-11-01T01:10:00-05:00',
      '2026-11-01T01:10:00-05:00/2026-11-01T01:40:00-05:00',
      '2026-11-01T01:40:00-05:00/2026-11-01T02:10:00-05:00',
    ]);
  });

  it('writes each slot with the offset of its own instant across the spring change', () => {
    // 2027-03-14 in Toronto: 02:00 EST is 03:00 EDT; the window's 01:00–04:00 lasts two hours.
    const night: WeeklyWindow[] = [{ weekday: 7, start: '01:00', end: '04:00' }];
    const longNow = at('2026-10-01T00:00');
    const wide = { ...rules, callMinutes: 40, horizonDays: 400 };
    const range = { start: at('2027-03-14T00:00'), end: at('2027-03-15T00:00') };
    const grid = new SlotGrid(range, longNow, wide);
    const slots = freeSlots(grid, [{ id: 't', windows: night, busy: [] }]).map((s) => `${grid.iso(s.start)}/${grid.iso(s.end)}`);
    expect(slots).toEqual([
      '2027-03-14T01:00:00-05:00/2027-03-14T01:40:00-05:00',
      '2027-03-14T01:40:00-05:00/2027-03-14T03:20:00-04:00',
      '2027-03-14T03:20:00-04:00/2027-03-14T04:00:00-04:00',
    ]);
  });

  it('lists each free therapist per start, in the order given', () => {
    const grid = new SlotGrid(week('2026-11-23'), now, rules);
    const busyAt920 = parseBusy(`${at('2026-11-23T09:20')},${at('2026-11-23T09:40')}`);
    const slots = freeSlots(grid, [
      { id: 'b', windows: monday, busy: busyAt920 },
      { id: 'a', windows: monday, busy: [] },
    ]);
    expect(slots.map((s) => [show([s])[0], s.therapistIds])).toEqual([
      ['2026-11-23T09:00-05:00', ['b', 'a']],
      ['2026-11-23T09:20-05:00', ['a']],
      ['2026-11-23T09:40-05:00', ['b', 'a']],
    ]);
    expect(slots.every((s) => s.end - s.start === 20 * 60_000)).toBe(true);
  });
});

// Zones whose changes fall at 02:00, at midnight (Havana), by 30 minutes (Lord Howe), or that have
// half-hour or 45-minute offsets, or none at all.
const ZONES = ['America/Toronto', 'Europe/London', 'America/Havana', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
// Days around the changes of 2026–2027 in those zones.
const CHANGES = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-27', '2026-10-04', '2026-10-25', '2026-11-01', '2027-03-14', '2027-03-28', '2027-04-04'];

describe('SlotGrid against the slot rules as first written', () => {
  const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 0, 10, 15, 20, 30, 40, 45, 50, 7)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const window = fc.tuple(fc.integer({ min: 1, max: 7 }), hhmm, hhmm).filter(([, a, b]) => a !== b).map(([weekday, a, b]): WeeklyWindow => ({ weekday, start: a < b ? a : b, end: a < b ? b : a }));
  const scenario = fc
    .record({
      zone: fc.constantFrom(...ZONES),
      change: fc.constantFrom(...CHANGES),
      startHours: fc.integer({ min: -72, max: 48 }),
      lengthHours: fc.integer({ min: 1, max: 31 * 24 }),
      nowBeforeHours: fc.integer({ min: -24, max: 96 }),
      callMinutes: fc.constantFrom(5, 15, 20, 25, 30, 45, 50, 60, 120),
      bufferMinutes: fc.constantFrom(0, 5, 10, 15, 30),
      minNoticeMinutes: fc.constantFrom(0, 60, 720, 2880),
      horizonDays: fc.integer({ min: 1, max: 40 }),
      therapists: fc.array(
        fc.record({
          windows: fc.array(window, { maxLength: 6 }),
          // Busy time on a 5-minute grid (to land on slot edges), sometimes off it by a few milliseconds.
          busy: fc.array(
            fc.record({ from: fc.integer({ min: -100, max: 32 * 24 * 12 }), minutes: fc.integer({ min: 1, max: 600 }), jitter: fc.constantFrom(0, 0, 0, 1, -1, 499) }),
            { maxLength: 40 },
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    })
    .map((s) => {
      const base = DateTime.fromISO(`${s.change}T00:00`, { zone: s.zone }).toMillis();
      const start = base + s.startHours * 3_600_000 + (s.startHours % 7) * 60_000;
      const range = { start, end: start + s.lengthHours * 3_600_000 };
      const origin = Math.floor(start / 300_000) * 300_000;
      return {
        range,
        now: start - s.nowBeforeHours * 3_600_000,
        rules: { zone: s.zone, callMinutes: s.callMinutes, bufferMinutes: s.bufferMinutes, minNoticeMinutes: s.minNoticeMinutes, horizonDays: s.horizonDays },
        therapists: s.therapists.map((t, i) => ({
          id: `t${i}`,
          windows: t.windows,
          busy: t.busy.map((b) => ({ start: origin + b.from * 300_000 + b.jitter, end: origin + b.from * 300_000 + b.minutes * 60_000 })),
        })),
      };
    });

  it('offers the same slots, with the same therapists, written the same way', () => {
    fc.assert(
      fc.property(scenario, ({ range, now, rules: r, therapists }) => {
        expect(fastAvailability(therapists, range, now, r)).toEqual(referenceAvailability(therapists, range, now, r));
        for (const t of therapists) expect(therapistSlots(t.windows, t.busy, range, now, r)).toEqual(referenceSlots(t.windows, t.busy, range, now, r));
      }),
      { numRuns: 200 },
    );
  });

  it('writes every five minutes of the days around each change as luxon does', () => {
    for (const zone of ZONES) {
      for (const change of CHANGES) {
        const start = DateTime.fromISO(`${change}T00:00`, { zone }).minus({ days: 1 }).toMillis();
        const grid = new SlotGrid({ start, end: start + 3 * 86_400_000 }, start, { ...rules, zone });
        for (let t = start - 3_600_000; t < start + 3 * 86_400_000 + 3_600_000; t += 5 * 60_000) {
          if (grid.iso(t) !== inZone(t, zone)) throw new Error(`${zone} ${new Date(t).toISOString()}: ${grid.iso(t)} ≠ ${inZone(t, zone)}`);
        }
        expect(grid.iso(start + 1234)).toBe(inZone(start + 1234, zone));
      }
    }
  });
});


/**
 * The slot rules as first written: luxon arithmetic per day, a binary search per slot, luxon to
 * write each instant. SlotGrid must give exactly its answers, only faster.
 */
function referenceSlots(windows: WeeklyWindow[], busy: Interval[], range: Interval, now: number, r: SlotRules): Interval[] {
  const call = r.callMinutes * 60_000;
  const buffer = r.bufferMinutes * 60_000;
  const earliest = Math.max(range.start, now + r.minNoticeMinutes * 60_000);
  const latestStart = now + r.horizonDays * 86_400_000;
  const blocked: Interval[] = [];
  for (const i of [...busy].sort((a, b) => a.start - b.start)) {
    const last = blocked[blocked.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else blocked.push({ ...i });
  }
  const overlaps = (start: number, end: number) => blocked.some((b) => b.end > start && b.start < end);
  const wall = (day: DateTime, hhmm: string) => day.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3)), second: 0, millisecond: 0 }).toMillis();
  const slots: Interval[] = [];
  let day = DateTime.fromMillis(range.start, { zone: r.zone }).startOf('day');
  const lastDay = DateTime.fromMillis(range.end, { zone: r.zone }).startOf('day').toMillis();
  while (day.toMillis() <= lastDay) {
    for (const w of windows) {
      if (w.weekday !== day.weekday) continue;
      const windowEnd = wall(day, w.end);
      for (let start = wall(day, w.start); start + call <= windowEnd; start += call) {
        const end = start + call;
        if (start < earliest || start > latestStart || end > range.end) continue;
        if (!overlaps(start - buffer, end + buffer)) slots.push({ start, end });
      }
    }
    day = day.plus({ days: 1 });
  }
  return slots.sort((a, b) => a.start - b.start);
}

function referenceAvailability(therapists: { id: string; windows: WeeklyWindow[]; busy: Interval[] }[], range: Interval, now: number, r: SlotRules) {
  const byStart = new Map<number, { end: number; therapistIds: string[] }>();
  for (const c of therapists) {
    for (const slot of referenceSlots(c.windows, c.busy, range, now, r)) {
      const entry = byStart.get(slot.start) ?? { end: slot.end, therapistIds: [] };
      entry.therapistIds.push(c.id);
      byStart.set(slot.start, entry);
    }
  }
  return [...byStart.entries()].sort(([a], [b]) => a - b).map(([start, s]) => ({ startsAt: inZone(start, r.zone), endsAt: inZone(s.end, r.zone), therapistIds: s.therapistIds }));
}

function fastAvailability(therapists: { id: string; windows: WeeklyWindow[]; busy: Interval[] }[], range: Interval, now: number, r: SlotRules) {
  const grid = new SlotGrid(range, now, r);
  // As the availability query sends busy time: "start,end,…", here in any order.
  const weeks = therapists.map((t) => ({ ...t, busy: parseBusy(t.busy.map((b) => `${b.start},${b.end}`).join(',') || null) }));
  return freeSlots(grid, weeks).map((s) => ({ startsAt: grid.iso(s.start), endsAt: grid.iso(s.end), therapistIds: s.therapistIds }));
}
