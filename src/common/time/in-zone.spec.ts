import { DateTime } from 'luxon';
import { inZone } from './in-zone';

const luxon = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });

describe('inZone', () => {
  it('writes the clinic offset, and milliseconds only when there are some', () => {
    expect(inZone(new Date('2026-12-01T14:00:00Z'), 'America/Toronto')).toBe('2026-12-01T09:00:00-05:00');
    expect(inZone(new Date('2026-07-01T14:00:00.250Z'), 'America/Toronto')).toBe('2026-07-01T10:00:00.250-04:00');
  });

  it('writes every instant as luxon does, across offset changes and in many zones', () => {
    const zones = ['America/Toronto', 'America/St_Johns', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Europe/London', 'Africa/Monrovia', 'Pacific/Chatham', 'America/Sao_Paulo', 'UTC', 'Etc/GMT+5'];
    const hour = 3_600_000;
    // Both sides of the 2026 changes in Toronto, minute by minute, then random instants from 1850 to 2150.
    const around = [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)].flatMap((t) => Array.from({ length: 240 }, (_, i) => t - 2 * hour + i * 60_000 + (i % 7)));
    let seed = 23;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const spread = Array.from({ length: 3000 }, () => Math.round(Date.UTC(1850, 0, 1) + random() * 300 * 365.25 * 24 * hour));
    const differing = zones.flatMap((zone) => [...around, ...spread, ...around].filter((ms) => inZone(ms, zone) !== luxon(ms, zone)).map((ms) => ({ zone, ms })));
    expect(differing).toEqual([]);
  });

  it('takes a Date or milliseconds, and writes what luxon writes for an invalid date', () => {
    const ms = Date.UTC(2026, 0, 15, 12, 30);
    expect(inZone(new Date(ms), 'America/Toronto')).toBe(inZone(ms, 'America/Toronto'));
    expect(inZone(new Date(NaN), 'America/Toronto')).toBe(DateTime.fromJSDate(new Date(NaN)).toISO());
  });
});
