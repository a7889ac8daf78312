import { answerJson } from './instant-serializer';

const ZONE = 'America/Toronto';

describe('answerJson', () => {
  it('writes every Date, at any depth, as RFC 3339 in the clinic zone', () => {
    const winter = new Date('2026-01-15T14:00:00.000Z');
    const summer = new Date('2026-07-15T14:00:00.250Z');
    const body = { startsAt: winter, nested: { at: summer, list: [winter, { deeper: [summer] }] }, none: null };
    expect(JSON.parse(answerJson(body, ZONE))).toEqual({
      startsAt: '2026-01-15T09:00:00-05:00',
      nested: { at: '2026-07-15T10:00:00.250-04:00', list: ['2026-01-15T09:00:00-05:00', { deeper: ['2026-07-15T10:00:00.250-04:00'] }] },
      none: null,
    });
  });

  it('writes everything else exactly as JSON.stringify does', () => {
    class Money {
      constructor(readonly cents: number) {}
      toJSON() {
        return { cents: this.cents, at: new Date('2026-03-08T07:30:00Z') };
      }
    }
    const body = {
      text: 'a "quoted" \u2028 line',
      number: 1.5,
      notFinite: Number.NaN,
      skipped: undefined,
      fn: () => 1,
      flags: [true, false, undefined, null],
      empty: {},
      map: new Map([['k', 1]]),
      buffer: Buffer.from('hi'),
      invalid: new Date(Number.NaN),
    };
    const written = JSON.parse(answerJson({ ...body, money: new Money(250) }, ZONE));
    expect(written).toEqual({ ...JSON.parse(JSON.stringify(body)), money: { cents: 250, at: '2026-03-08T03:30:00-04:00' } });
    expect(written.invalid).toBeNull();
    expect(answerJson('plain text', ZONE)).toBe('"plain text"');
    expect(answerJson([1, 'two'], ZONE)).toBe('[1,"two"]');
  });

  it('leaves Date.prototype.toJSON as it was, also when writing fails', () => {
    const utc = Date.prototype.toJSON;
    answerJson({ at: new Date() }, ZONE);
    expect(Date.prototype.toJSON).toBe(utc);
    const loop: Record<string, unknown> = { at: new Date() };
    loop.self = loop;
    expect(() => answerJson(loop, ZONE)).toThrow(TypeError);
    expect(Date.prototype.toJSON).toBe(utc);
    expect(JSON.stringify(new Date('2026-01-15T14:00:00.000Z'))).toBe('"2026-01-15T14:00:00.000Z"');
  });
});
