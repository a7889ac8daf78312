import { DateTime } from 'luxon';
import { InvalidRequest } from '../../common/problem/problem';
import { RepairPeriod } from './report.query';
import { isCalendarDate } from '../../common/time/instant';

/** The instant a report bound names: the date's midnight in the clinic's zone. */
export function parseReportBound(value: string, zone: string): DateTime | null {
  return isCalendarDate(value) ? DateTime.fromISO(value, { zone }).startOf('day') : null;
}

/** The first days of the periods of a year, as examples in a refusal. */
const FIRST_DAYS: Record<RepairPeriod, (year: number) => string> = {
  month: (y) => `${y}-01-01, ${y}-02-01, …, ${y}-12-01`,
  quarter: (y) => `${y}-01-01, ${y}-04-01, ${y}-07-01, ${y}-10-01`,
  year: (y) => `${y}-01-01`,
};

/**
 * Bounds of a de-identified report: whole calendar periods of `unit` in `zone`, closed ones only
 * (the period in progress is published once it closes, so a figure never changes after release
 * because time went on). Anything else is a 400 naming the allowed values.
 */
export function wholePeriods(fromValue: string, toValue: string, unit: RepairPeriod, zone: string): { from: DateTime<true>; to: DateTime<true> } {
  const bound = (field: 'from' | 'to', value: string) => {
    const day = isCalendarDate(value) ? DateTime.fromISO(value, { zone }) : null;
    if (day?.isValid && day.equals(day.startOf(unit))) return day as DateTime<true>;
    const year = (day?.isValid ? day : DateTime.now().setZone(zone)).year;
    const nearest = day?.isValid ? ` (such as ${day.startOf(unit).toISODate()})` : '';
    throw new InvalidRequest(`This report covers whole calendar ${unit}s only.`, [
      { field, message: `${field} must be the first day of a ${unit} in the clinic’s zone, as a date: ${FIRST_DAYS[unit](year)}${nearest}` },
    ]);
  };
  const from = bound('from', fromValue);
  const to = bound('to', toValue);
  const inProgress = DateTime.now().setZone(zone).startOf(unit);
  if (to > inProgress) {
    throw new InvalidRequest(`The ${unit} in progress is published once it closes.`, [
      { field: 'to', message: `to must be at most ${inProgress.toISODate()}, the start of the ${unit} in progress` },
    ]);
  }
  return { from, to };
}
