import { DateTime } from 'luxon';
import { inZone } from '../common/time/in-zone';

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

/** Half-open busy ranges as one flat list of epoch milliseconds: [start0, end0, start1, end1, …]. */
export type BusyList = number[];

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

/** One therapist's week and busy time, as the availability query returns them. */
export interface TherapistWeek {
  id: string;
  windows: WeeklyWindow[];
  busy: BusyList;
}

/** A distinct free start over several therapists, with every therapist free then. */
export interface FreeSlot {
  start: number;
  end: number;
  therapistIds: string[];
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** A day of the clinic's zone: when it starts and ends, and how to write its instants fast. */
interface ZoneDay {
  start: number;
  next: number;
  weekday: number;
  /** Offset from UTC in milliseconds at the start of the day. */
  offset: number;
  /** The offset as luxon writes it ("-05:00", "Z"), when the whole day has one offset. */
  suffix: string | null;
}

/**
 * What every therapist of one request shares: the range's days in the clinic's zone, the instants
 * of wall-clock window edges on them, notice and horizon. Slots are then found per therapist with
 * plain millisecond arithmetic: calls of `callMinutes` laid end to end from the start of each weekly
 * window (wall-clock time, so a window stays 9:00–12:00 across DST changes), keeping those that
 * respect notice and horizon and whose slot, widened by the buffer on both sides, touches no busy time.
 */
export class SlotGrid {
  readonly call: number;
  private readonly buffer: number;
  private readonly earliest: number;
  private readonly latestStart: number;
  private readonly rangeEnd: number;
  private readonly days: ZoneDay[] = [];
  private readonly edges = new Map<string, number[]>();
  private readonly dates = new Map<number, string>();

  constructor(
    range: Interval,
    now: number,
    private readonly rules: SlotRules,
  ) {
    this.call = rules.callMinutes * MINUTE;
    this.buffer = rules.bufferMinutes * MINUTE;
    this.earliest = Math.max(range.start, now + rules.minNoticeMinutes * MINUTE);
    this.latestStart = now + rules.horizonDays * 24 * 60 * MINUTE;
    this.rangeEnd = range.end;
    let day = DateTime.fromMillis(range.start, { zone: rules.zone }).startOf('day').toMillis();
    const lastDay = DateTime.fromMillis(range.end, { zone: rules.zone }).startOf('day').toMillis();
    while (day <= lastDay) {
      const today = calendarDay(rules.zone, day);
      const tomorrow = calendarDay(rules.zone, today.next);
      // The same offset at both ends means one offset all day: no zone changes it twice within a day.
      const steady = today.suffix !== null && tomorrow.offset === today.offset;
      this.days.push({ start: day, next: today.next, weekday: today.weekday, offset: today.offset * MINUTE, suffix: steady ? today.suffix : null });
      day = today.next;
    }
  }

  /**
   * Calls `visit` with the start of every free slot of one therapist, day by day and window by
   * window. `busy` must be sorted and disjoint (see `disjointBusy`); it is swept once per window.
   */
  forEachFreeStart(windows: WeeklyWindow[], busy: BusyList, visit: (start: number) => void): void {
    const { call, buffer, earliest, latestStart, rangeEnd } = this;
    const ranges = busy.length >> 1;
    for (let d = 0; d < this.days.length; d++) {
      const weekday = this.days[d].weekday;
      for (const window of windows) {
        if (window.weekday !== weekday) continue;
        const windowEnd = this.edge(window.end)[d];
        let start = this.edge(window.start)[d];
        // The first busy range that ends after the first slot's widened start; later slots only move it forward.
        let b = firstEndingAfter(busy, start - buffer);
        for (; start + call <= windowEnd; start += call) {
          const end = start + call;
          if (start > latestStart || end > rangeEnd) break;
          if (start < earliest) continue;
          while (b < ranges && busy[2 * b + 1] <= start - buffer) b++;
          if (b < ranges && busy[2 * b] < end + buffer) continue;
          visit(start);
        }
      }
    }
  }

  /** The starts of one therapist's free slots, in time order. */
  freeStarts(windows: WeeklyWindow[], busy: BusyList): number[] {
    const starts: number[] = [];
    this.forEachFreeStart(windows, busy, (start) => starts.push(start));
    return starts.sort((a, b) => a - b);
  }

  /** An instant in the clinic's zone with its offset, exactly as `inZone` (luxon) writes it: 2026-12-01T09:00:00-05:00. */
  iso(instant: number): string {
    const day = this.dayOf(instant);
    if (day?.suffix == null || instant % 1000 !== 0) return inZone(instant, this.rules.zone);
    // Local time as if in UTC: the date part is shared by many instants, the time of day is arithmetic.
    const local = instant + day.offset;
    const midnight = Math.floor(local / DAY) * DAY;
    const time = (local - midnight) / 1000;
    return `${this.date(midnight)}${TWO_DIGITS[Math.floor(time / 3600)]}:${TWO_DIGITS[Math.floor(time / 60) % 60]}:${TWO_DIGITS[time % 60]}${day.suffix}`;
  }

  /** The instants of wall-clock `hhmm` on each day of the range (a time skipped by DST moves forward, as luxon does). */
  private edge(hhmm: string): number[] {
    let instants = this.edges.get(hhmm);
    if (!instants) {
      instants = this.days.map((day) => wallClock(this.rules.zone, day.start, hhmm));
      this.edges.set(hhmm, instants);
    }
    return instants;
  }

  /** "2026-12-01T" for a local midnight written as UTC. */
  private date(midnight: number): string {
    let date = this.dates.get(midnight);
    if (date === undefined) {
      date = new Date(midnight).toISOString().slice(0, 11);
      this.dates.set(midnight, date);
    }
    return date;
  }

  private dayOf(instant: number): ZoneDay | undefined {
    let low = 0;
    let high = this.days.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.days[mid].next <= instant) low = mid + 1;
      else high = mid;
    }
    const day = this.days[low];
    return day && day.start <= instant ? day : undefined;
  }
}

/**
 * Every distinct free start over several therapists, in time order, each with the therapists free
 * then (in the order given; a therapist whose windows overlap is listed once per window, as before).
 */
export function freeSlots(grid: SlotGrid, therapists: TherapistWeek[]): FreeSlot[] {
  const byStart = new Map<number, string[]>();
  for (const therapist of therapists) {
    const id = therapist.id;
    grid.forEachFreeStart(therapist.windows, therapist.busy, (start) => {
      const ids = byStart.get(start);
      if (ids) ids.push(id);
      else byStart.set(start, [id]);
    });
  }
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  return starts.map((start) => ({ start, end: start + grid.call, therapistIds: byStart.get(start) as string[] }));
}

/** Busy time written as "start,end,start,end…" epoch milliseconds (the availability query's form); null is none. */
export function parseBusy(text: string | null): BusyList {
  if (!text) return [];
  const parts = text.split(',');
  const busy: BusyList = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) busy[i] = Number(parts[i]);
  return disjointBusy(busy);
}

/**
 * Sorted, non-overlapping ranges covering the same time (touching ranges are joined): one pass
 * when the ranges come sorted by start, as the availability query sends them.
 */
export function disjointBusy(busy: BusyList): BusyList {
  let sorted = true;
  for (let i = 2; i < busy.length && sorted; i += 2) sorted = busy[i - 2] <= busy[i];
  const source = sorted ? busy : sortByStart(busy);
  const merged: BusyList = [];
  for (let i = 0; i < source.length; i += 2) {
    const last = merged.length - 1;
    if (last > 0 && source[i] <= merged[last]) merged[last] = Math.max(merged[last], source[i + 1]);
    else merged.push(source[i], source[i + 1]);
  }
  return merged;
}

function sortByStart(busy: BusyList): BusyList {
  const pairs: Interval[] = [];
  for (let i = 0; i < busy.length; i += 2) pairs.push({ start: busy[i], end: busy[i + 1] });
  return pairs.sort((a, b) => a.start - b.start).flatMap((p) => [p.start, p.end]);
}

/** Binary search over sorted, disjoint busy ranges: the index of the first one ending after `instant`. */
function firstEndingAfter(busy: BusyList, instant: number): number {
  let low = 0;
  let high = busy.length >> 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (busy[2 * mid + 1] <= instant) low = mid + 1;
    else high = mid;
  }
  return low;
}

// Zone arithmetic is the same for every therapist and request, so days and wall-clock instants are
// remembered (bounded: cleared when full). They depend on the zone's rules only, never on bookings.
const CACHE_LIMIT = 20_000;
const calendarDays = new Map<string, { weekday: number; next: number; offset: number; suffix: string | null }>();
const wallClocks = new Map<string, number>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** The ISO weekday of the day starting at `dayStart` in `zone`, when the next day starts, and the day's offset. */
function calendarDay(zone: string, dayStart: number): { weekday: number; next: number; offset: number; suffix: string | null } {
  const key = `${zone}|${dayStart}`;
  const known = calendarDays.get(key);
  if (known) return known;
  const day = DateTime.fromMillis(dayStart, { zone });
  const iso = inZone(dayStart, zone);
  // Instants of the day are written as the UTC text of (instant + offset) and luxon's offset text,
  // but only where that gives exactly luxon's answer for the day's start (whole-minute offsets, 4-digit years).
  const suffix = iso.slice(19);
  const exact = Number.isInteger(day.offset) && new Date(dayStart + day.offset * MINUTE).toISOString().slice(0, 19) + suffix === iso;
  return remember(calendarDays, key, { weekday: day.weekday, next: day.plus({ days: 1 }).toMillis(), offset: day.offset, suffix: exact ? suffix : null });
}

/** The instant of wall-clock `hhmm` on the day starting at `dayStart` in `zone`. */
function wallClock(zone: string, dayStart: number, hhmm: string): number {
  const key = `${zone}|${dayStart}|${hhmm}`;
  return wallClocks.get(key) ?? remember(wallClocks, key, atWallClock(DateTime.fromMillis(dayStart, { zone }), hhmm).toMillis());
}

/** A wall-clock time on a day in the day's zone; a time skipped by DST moves forward, as luxon does. */
function atWallClock(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}
