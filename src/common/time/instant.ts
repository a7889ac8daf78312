import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';

/**
 * RFC 3339 `date-time`: seconds required, up to nine fractional digits, `Z` or a numeric offset.
 * `T` and `Z` are upper case (RFC 3339 §5.6 allows an API to require that).
 */
const RFC3339_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.(\d{1,9}))?(?:Z|([+-])((?:0\d|1[0-3])):([0-5]\d)|([+-])14:00)$/;
const RFC3339_FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The longest instant admitted: `2026-12-01T09:00:00.123456789-05:00`. */
export const INSTANT_MAX_LENGTH = 35;
/** Every instant the clinic exchanges lies in [2000-01-01, 2100-01-01) UTC; fields narrow this further. */
export const FIRST_INSTANT = Date.UTC(2000, 0, 1);
export const END_OF_INSTANTS = Date.UTC(2100, 0, 1);
/** Dates (birth dates, report periods) lie in [1900-01-01, 2099-12-31]. */
export const FIRST_DATE = '1900-01-01';
export const LAST_DATE = '2099-12-31';

/** The instant an RFC 3339 date-time names, or undefined when it is not one (or not a real calendar value, or out of range). */
export function parseInstant(value: unknown): Date | undefined {
  const parts = typeof value === 'string' ? RFC3339_DATE_TIME.exec(value) : null;
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
  // Not a real calendar day: 2026-02-30, 2027-02-29 …
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  // Milliseconds as luxon reads a fraction: truncated, not rounded.
  const millis = parts[7] ? Math.floor(parseFloat(`0.${parts[7]}`) * 1000) : 0;
  const sign = (parts[8] ?? parts[11]) === '-' ? -1 : 1;
  const offsetMinutes = parts[11] ? sign * 14 * 60 : parts[8] ? sign * (Number(parts[9]) * 60 + Number(parts[10])) : 0;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  const ms = utc.getTime() - offsetMinutes * 60_000;
  return ms >= FIRST_INSTANT && ms < END_OF_INSTANTS ? new Date(ms) : undefined;
}

/** Whether the value is a real calendar date `YYYY-MM-DD` within the API's range. */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && RFC3339_FULL_DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid && value >= FIRST_DATE && value <= LAST_DATE;
}

/** An instant: RFC 3339 with `Z` or an offset within ±14:00; a local time without offset would be guessed, so it is refused. */
export function IsInstant(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be an RFC 3339 date-time with Z or an offset within ±14:00, between 2000 and 2099, such as 2026-12-01T09:00:00-05:00`,
        ...options,
      },
      validator: { validate: (value: unknown) => parseInstant(value) !== undefined },
    });
}

/**
 * The end of a window: after the instant in the property `start` when both are given, so a window
 * never ends before (or as) it starts; refused with 400 naming this property, as reports and
 * availability refuse an empty period.
 */
export function IsAfterInstantIn(start: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isAfterInstantIn',
      target: target.constructor,
      propertyName,
      constraints: [start],
      options: { message: `${propertyName} must be after ${start}`, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const [from, to] = [parseInstant((args.object as Record<string, unknown>)[start]), parseInstant(value)];
          return !from || !to || to > from;
        },
      },
    });
}

/** A calendar date `YYYY-MM-DD` (no time, no offset); `notAfterToday` for dates already lived, such as a birth date. */
export function IsCalendarDate(rule: { notAfterToday?: boolean } = {}, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a date (YYYY-MM-DD) between ${FIRST_DATE} and ${rule.notAfterToday ? 'today' : LAST_DATE}`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => isCalendarDate(value) && (!rule.notAfterToday || value <= DateTime.utc().toISODate()!),
      },
    });
}

/** A "+" left unencoded in a query string arrives as a space: put it back before checking. */
export const RestorePlus = () => Transform(({ value }) => (typeof value === 'string' ? value.replace(/ (\d{2}:\d{2})$/, '+$1') : value));
