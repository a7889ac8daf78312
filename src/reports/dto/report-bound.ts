import { DateTime } from 'luxon';
import { isCalendarDate } from '../../common/time/instant';

/** The instant a report bound names: the date's midnight in the clinic's zone. */
export function parseReportBound(value: string, zone: string): DateTime | null {
  return isCalendarDate(value) ? DateTime.fromISO(value, { zone }).startOf('day') : null;
}
