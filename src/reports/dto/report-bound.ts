import { registerDecorator, ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';

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
