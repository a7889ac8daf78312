import { DateTime } from 'luxon';

/** A weekly availability window in the clinic's zone: ISO weekday (1 = Monday), wall-clock times. */
export interface WeeklyWindow {
  weekday: number;
  /** "HH:mm" */
  start: string;
  /** "HH:mm", after start, same day */
  end: string;
}

/** A half-open instant range [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export interface SlotRules {
  zone: string;
  callMinutes: number;
  /** Free time kept before and after every appointment. */
  bufferMinutes: number;
  /** No slot starts sooner than this after now. */
  minNoticeMinutes: number;
  /** No slot starts later than this many days after now. */
  horizonDays: number;
}

const MINUTE = 60_000;

/**
 * The bookable slots of one therapist between `from` and `to`: slots of `callMinutes` laid end
 * to end from the start of each weekly window (wall-clock time in the clinic's zone, so a window
 * stays 9:00–12:00 across DST changes), keeping only those that respect notice and horizon and
 * whose slot, widened by the buffer on both sides, touches no busy interval.
 */
export function therapistSlots(windows: WeeklyWindow[], busy: Interval[], range: Interval, now: number, rules: SlotRules): Interval[] {
  const call = rules.callMinutes * MINUTE;
  const buffer = rules.bufferMinutes * MINUTE;
  const earliest = Math.max(range.start, now + rules.minNoticeMinutes * MINUTE);
  const latestStart = now + rules.horizonDays * 24 * 60 * MINUTE;
  const blocked = disjoint(busy);
  const slots: Interval[] = [];

  let day = DateTime.fromMillis(range.start, { zone: rules.zone }).startOf('day').toMillis();
  const lastDay = DateTime.fromMillis(range.end, { zone: rules.zone }).startOf('day').toMillis();
  while (day <= lastDay) {
    const today = calendarDay(rules.zone, day);
    for (const window of windows) {
      if (window.weekday !== today.weekday) continue;
      const windowEnd = wallClock(rules.zone, day, window.end);
      for (let start = wallClock(rules.zone, day, window.start); start + call <= windowEnd; start += call) {
        const end = start + call;
        if (start < earliest || start > latestStart || end > range.end) continue;
        if (!overlapsAny(blocked, start - buffer, end + buffer)) slots.push({ start, end });
      }
    }
    day = today.next;
  }
  return slots.sort((a, b) => a.start - b.start);
}

// Zone arithmetic is most of availability's cost and is the same for every therapist and request,
// so days and wall-clock instants are remembered (bounded: cleared when full).
const CACHE_LIMIT = 20_000;
const days = new Map<string, { weekday: number; next: number }>();
const wallClocks = new Map<string, number>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** The ISO weekday of the day starting at `dayStart` in `zone`, and when the next day starts. */
function calendarDay(zone: string, dayStart: number): { weekday: number; next: number } {
  const key = `${zone}|${dayStart}`;
  const known = days.get(key);
  if (known) return known;
  const day = DateTime.fromMillis(dayStart, { zone });
  return remember(days, key, { weekday: day.weekday, next: day.plus({ days: 1 }).toMillis() });
}

/** The instant of wall-clock `hhmm` on the day starting at `dayStart` in `zone`. */
function wallClock(zone: string, dayStart: number, hhmm: string): number {
  const key = `${zone}|${dayStart}|${hhmm}`;
  return wallClocks.get(key) ?? remember(wallClocks, key, atWallClock(DateTime.fromMillis(dayStart, { zone }), hhmm).toMillis());
}

/** The union of several therapists' slots: one entry per distinct start. */
export function mergeSlots(perTherapist: Interval[][]): Interval[] {
  const byStart = new Map<number, Interval>();
  for (const slots of perTherapist) for (const slot of slots) if (!byStart.has(slot.start)) byStart.set(slot.start, slot);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** A wall-clock time on a day in the day's zone; a time skipped by DST moves forward, as luxon does. */
function atWallClock(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/** Sorted, non-overlapping intervals covering the same time as `intervals`. */
function disjoint(intervals: Interval[]): Interval[] {
  const merged: Interval[] = [];
  for (const i of [...intervals].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else merged.push({ ...i });
  }
  return merged;
}

/** Binary search over disjoint intervals: the first one ending after `start` decides. */
function overlapsAny(blocked: Interval[], start: number, end: number): boolean {
  let low = 0;
  let high = blocked.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (blocked[mid].end <= start) low = mid + 1;
    else high = mid;
  }
  return low < blocked.length && blocked[low].start < end;
}
