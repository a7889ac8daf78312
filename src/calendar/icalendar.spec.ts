import { escapeText, foldLine, renderCalendar, utcStamp } from './icalendar';

describe('iCalendar writer', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
  });

  it('writes instants in UTC form', () => {
    expect(utcStamp(new Date('2026-12-01T10:00:00-05:00'))).toBe('20261201T150000Z');
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const folded = foldLine(`LOCATION:${'é'.repeat(60)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(`LOCATION:${'é'.repeat(60)}`);
  });

  it('ends every line with CRLF', () => {
    const text = renderCalendar('Feed', [], new Date());
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
