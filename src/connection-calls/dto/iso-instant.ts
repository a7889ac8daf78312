import { Transform } from 'class-transformer';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';

/** ISO 8601 date-time with an explicit offset or Z, e.g. 2026-12-01T09:00:00-05:00. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The longest string ISO_WITH_OFFSET admits: `2026-12-01T09:00:00.000-05:00`. */
export const INSTANT_MAX_LENGTH = 29;

/** A "+" left unencoded in a query string arrives as a space: put it back before checking. */
export const RestorePlus = () => Transform(({ value }) => (typeof value === 'string' ? value.replace(/ (\d{2}:\d{2})$/, '+$1') : value));

/** An instant as ISO 8601 with its offset; a bare local time is refused (it would be ambiguous). */
export function IsIsoInstant(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoInstant',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 8601 date-time with offset, e.g. 2026-12-01T09:00:00-05:00`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && ISO_WITH_OFFSET.test(value) && DateTime.fromISO(value, { setZone: true }).isValid,
      },
    });
}
