import { registerDecorator, ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';
import { InvalidRequest } from '../../common/problem/problem';
import { RepairPeriod } from './report.query';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant a report bound names: a date is midnight in `zone`; a date-time keeps its offset. */
export function parseReportBound(value: string, zone: string): DateTime | null {
  if (DATE.test(value)) {
    const day = DateTime.fromISO(value, { zone });
    return day.isValid ? day.startOf('day') : null;
  }
  if (!INSTANT.test(value)) return null;
  const instant = DateTime.fromISO(value, { setZone: true });
  return instant.isValid ? instant : null;
}

/** A date (YYYY-MM-DD) or an ISO 8601 date-time with offset; a bare local time is ambiguous and refused. */
export function IsReportBound(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isReportBound',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date (2026-01-01) or an ISO 8601 date-time with offset (2026-01-01T00:00:00-05:00)`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseReportBound(value, 'UTC') !== null },
    });
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
    const day = DATE.test(value) ? DateTime.fromISO(value, { zone }) : null;
    if (day?.isValid && day.equals(day.startOf(unit))) return day as DateTime<true>;
    const year = (day?.isValid ? day : DateTime.now().setZone(zone)).year;
    const nearest = day?.isValid ? ` (such as ${day.startOf(unit).toISODate()})` : '';
    throw new InvalidRequest(`The repair report covers whole calendar ${unit}s only.`, [
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
