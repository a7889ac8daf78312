import { DateTime } from 'luxon';
import { END_OF_INSTANTS, FIRST_INSTANT, parseInstant } from './instant';

/** What parseInstant answered when it read instants with luxon. */
const byLuxon = (value: string): number | undefined => {
  const instant = DateTime.fromISO(value, { setZone: true });
  const ms = instant.isValid ? instant.toMillis() : NaN;
  return ms >= FIRST_INSTANT && ms < END_OF_INSTANTS ? ms : undefined;
};

describe('parseInstant', () => {
  it('reads RFC 3339 date-times with Z or an offset', () => {
    expect(parseInstant('2026-12-01T09:00:00-05:00')?.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(parseInstant('2026-12-01T09:00:00.123456789+14:00')?.toISOString()).toBe('2026-11-30T19:00:00.123Z');
    expect(parseInstant('2024-02-29T00:00:00Z')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('refuses what is not a real instant in range, or not RFC 3339', () => {
    for (const v of ['2026-02-30T09:00:00Z', '2027-02-29T09:00:00Z', '2026-13-01T09:00:00Z', '2026-00-10T09:00:00Z', '2026-04-31T00:00:00Z', '2026-12-01T09:00:00', '2026-12-01t09:00:00z', '2026-12-01T09:00Z', '2026-12-01T09:00:00+14:30', '1999-12-31T23:59:59Z', '2100-01-01T00:00:00Z', '2100-01-01T04:59:59-05:00', 42, null]) {
      expect([v, parseInstant(v)]).toEqual([v, undefined]);
    }
  });

  it('answers as luxon did, for many date-times', () => {
    let seed = 7;
    const random = (n: number) => Math.floor(((seed = (seed * 48271) % 2147483647) / 2147483647) * n);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const values = Array.from({ length: 20000 }, () => {
      const fraction = ['', '.5', `.${pad(random(1000), 3)}`, `.${pad(random(1e9), 9)}`, `.${pad(random(1e6), 6)}`][random(5)];
      const offset = ['Z', `+${pad(random(14))}:${pad(random(60))}`, `-${pad(random(14))}:${pad(random(60))}`, '+14:00', '-14:00'][random(5)];
      return `${1999 + random(103)}-${pad(random(14))}-${pad(random(33))}T${pad(random(24))}:${pad(random(60))}:${pad(random(60))}${fraction}${offset}`;
    });
    const differing = values.filter((v) => parseInstant(v)?.getTime() !== byLuxon(v));
    expect(differing).toEqual([]);
  });
});
