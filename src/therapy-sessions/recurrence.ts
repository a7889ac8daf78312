import { DateTime } from 'luxon';

export const FREQUENCIES = ['weekly', 'biweekly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Recurrence {
  frequency: Frequency;
  /** Occurrences in all, the first included. */
  count: number;
}

export interface Occurrence {
  startsAt: DateTime;
  endsAt: DateTime;
}

const WEEKS: Record<Frequency, number> = { weekly: 1, biweekly: 2 };

/**
 * The occurrences of a booking. Each keeps the first one's wall-clock start and end in the
 * clinic's zone, so a 10:00 session stays at 10:00 across daylight-saving changes (its UTC
 * instant moves by an hour). Without a recurrence: the one occurrence.
 */
export function expandOccurrences(startsAt: Date, endsAt: Date, zone: string, recurrence?: Recurrence): Occurrence[] {
  const start = DateTime.fromJSDate(startsAt, { zone });
  const end = DateTime.fromJSDate(endsAt, { zone });
  const count = recurrence?.count ?? 1;
  const step = recurrence ? WEEKS[recurrence.frequency] : 0;
  return Array.from({ length: count }, (_, i) => ({ startsAt: start.plus({ weeks: i * step }), endsAt: end.plus({ weeks: i * step }) }));
}
