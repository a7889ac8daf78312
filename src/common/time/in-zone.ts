import { DateTime } from 'luxon';

/** An instant in a zone, with its offset and without milliseconds: 2026-12-01T09:00:00-05:00. */
export const inZone = (instant: Date | number, zone: string): string =>
  (typeof instant === 'number' ? DateTime.fromMillis(instant, { zone }) : DateTime.fromJSDate(instant, { zone })).toISO({ suppressMilliseconds: true }) as string;
