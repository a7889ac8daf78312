import { DateTime, IANAZone } from 'luxon';

const HOUR = 3_600_000;
/** Offsets kept per zone, by hour since the epoch; emptied when full, so it stays small. */
const OFFSETS_KEPT = 4096;
const offsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset in minutes at `ms`. Looking an offset up costs a formatting of the date by
 * Intl, so it is kept per hour: when the offset at the start and at the end of an hour agree,
 * it holds for the whole hour (no zone changes its offset twice within an hour).
 */
function offsetAt(ms: number, zone: string): number {
  let byHour = offsets.get(zone);
  if (!byHour) offsets.set(zone, (byHour = new Map()));
  const hour = Math.floor(ms / HOUR);
  const kept = byHour.get(hour);
  if (kept !== undefined) return Number.isNaN(kept) ? IANAZone.create(zone).offset(ms) : kept;
  const iana = IANAZone.create(zone);
  const start = iana.offset(hour * HOUR);
  const steady = start === iana.offset(hour * HOUR + HOUR - 1);
  if (byHour.size >= OFFSETS_KEPT) byHour.clear();
  byHour.set(hour, steady ? start : NaN);
  return steady ? start : iana.offset(ms);
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** An instant in a zone, with its offset and without milliseconds: 2026-12-01T09:00:00-05:00. */
export const inZone = (instant: Date | number, zone: string): string => {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  // Region names (America/Toronto) only: luxon reads others (UTC, UTC+3) as fixed offsets.
  const offset = Number.isFinite(ms) && zone.includes('/') && IANAZone.create(zone).isValid ? offsetAt(ms, zone) : NaN;
  const local = new Date(ms + offset * 60_000);
  const year = local.getUTCFullYear();
  // Written here for the usual case; luxon writes the others (a zero offset, which may be written
  // Z; minutes that are not whole; years that need the extended form; invalid input).
  if (!offset || !Number.isInteger(offset) || !(year >= 0 && year <= 9999)) return luxonInZone(instant, zone);
  const millis = local.getUTCMilliseconds();
  const size = Math.abs(offset);
  return (
    `${String(year).padStart(4, '0')}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}` +
    `T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}` +
    (millis ? `.${String(millis).padStart(3, '0')}` : '') +
    `${offset < 0 ? '-' : '+'}${two(Math.trunc(size / 60))}:${two(size % 60)}`
  );
};

const luxonInZone = (instant: Date | number, zone: string): string =>
  (typeof instant === 'number' ? DateTime.fromMillis(instant, { zone }) : DateTime.fromJSDate(instant, { zone })).toISO({ suppressMilliseconds: true }) as string;
