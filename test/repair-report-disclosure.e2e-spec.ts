import { DateTime } from 'luxon';
import request from 'supertest';
import { createCouple, TestCouple } from './clinic-factories';
import { createAdmin, createTherapist, loginAs } from './factories';
import { useApp } from './use-app';

const API = '/api/v1';
const ZONE = 'America/Toronto';

/**
 * The clinic-wide repair report cannot be subtracted: whole calendar periods only, the period in
 * progress only once it closes, and complementary suppression. Its data live in 2013, a year no
 * other spec uses.
 */
describe('repair report: disclosure control', () => {
  const t = useApp();
  let admin: Record<string, string>;
  const couples: TestCouple[] = [];

  const rupture = (couple: TestCouple, occurredAt: string, kind = 'missed_bid') =>
    t.db.query(
      `INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, description, severity, kind, themes, stage)
       VALUES ($1, $2, $3, 'therapist', 'Inserted for a disclosure test.', 'minor', $4, '{}', 'reported')`,
      [couple.id, occurredAt, couple.therapistId, kind],
    );
  const repair = (query: Record<string, string>) => request(t.http).get(`${API}/reports/repair`).query(query).set(admin);

  beforeAll(async () => {
    admin = (await loginAs(t, await createAdmin(t))).auth;
    const therapist = await createTherapist(t);
    for (let i = 0; i < 7; i++) couples.push(await createCouple(t, therapist));
    // April and May 2013: five couples each. June: two couples, so June alone is suppressed.
    for (let i = 0; i < 5; i++) {
      await rupture(couples[i], `2013-04-1${i}T12:00:00-04:00`);
      await rupture(couples[i], `2013-05-1${i}T12:00:00-04:00`);
    }
    await rupture(couples[5], '2013-06-03T12:00:00-04:00');
    await rupture(couples[6], '2013-06-04T12:00:00-04:00');
    // September 2013: five couples of one kind, and one couple's rupture of a rare kind.
    for (let i = 0; i < 5; i++) await rupture(couples[i], `2013-09-1${i}T12:00:00-04:00`);
    await rupture(couples[5], '2013-09-20T12:00:00-04:00', 'criticism');
  });

  it('refuses bounds that are not whole calendar periods: two reports cannot differ by one couple', async () => {
    // The attack: cut just before and just after a couple's first rupture of the month.
    const before = await repair({ from: '2013-05-01', to: '2013-05-14T11:00:00-04:00', groupBy: 'month' }).expect(400);
    expect(before.body.errors).toEqual([{ field: 'to', message: expect.stringContaining('must be a date') }]);
    const after = await repair({ from: '2013-05-01', to: '2013-05-14T13:00:00-04:00', groupBy: 'month' }).expect(400);
    expect(after.body.errors[0].field).toBe('to');
    const midMonth = await repair({ from: '2013-05-12', to: '2013-06-01' }).expect(400);
    expect(midMonth.body.errors).toEqual([{ field: 'from', message: expect.stringContaining('2013-05-01') }]);
    const quarter = await repair({ from: '2013-02-01', to: '2013-07-01', groupBy: 'quarter' }).expect(400);
    expect(quarter.body.errors).toEqual([{ field: 'from', message: expect.stringMatching(/first day of a quarter.*01-01, .*04-01, .*07-01, .*10-01/) }]);
    const weeks = await repair({ from: '2013-04-01', to: '2013-05-01', groupBy: 'week' }).expect(400);
    expect(weeks.body.errors).toEqual([{ field: 'groupBy', message: expect.stringContaining('month, quarter, year') }]);
  });

  it('shows a period only once it has closed', async () => {
    const month = DateTime.now().setZone(ZONE).startOf('month');
    const inProgress = await repair({ from: month.toISODate()!, to: month.plus({ months: 1 }).toISODate()! }).expect(400);
    expect(inProgress.body.errors).toEqual([{ field: 'to', message: expect.stringContaining(`at most ${month.toISODate()}`) }]);
    await repair({ from: month.minus({ months: 1 }).toISODate()!, to: month.toISODate()! }).expect(200);
  });

  it('suppresses a quarter and its year when one of their months is suppressed, so no month is a difference of totals', async () => {
    const months = (await repair({ from: '2013-04-01', to: '2013-07-01', groupBy: 'month' }).expect(200)).body.rows;
    expect(months.map((r: { period: string; suppressed: boolean; ruptures: number | null }) => [r.period, r.suppressed, r.ruptures])).toEqual([
      ['2013-04-01', false, 5],
      ['2013-05-01', false, 5],
      ['2013-06-01', true, null],
    ]);
    // The quarter has 7 couples, but its ruptures minus April's and May's would be June's.
    const quarters = (await repair({ from: '2013-01-01', to: '2014-01-01', groupBy: 'quarter' }).expect(200)).body.rows;
    expect(quarters.map((r: { period: string; suppressed: boolean; ruptures: number | null }) => [r.period, r.suppressed, r.ruptures])).toEqual([
      ['2013-04-01', true, null],
      ['2013-07-01', false, 6],
    ]);
    const year = (await repair({ from: '2013-01-01', to: '2014-01-01', groupBy: 'year' }).expect(200)).body.rows;
    expect(year).toMatchObject([{ period: '2013-01-01', suppressed: true, ruptures: null, kinds: [] }]);
  });

  it('leaves out the other kinds too when the kinds left out could be recovered from the total', async () => {
    const [september] = (await repair({ from: '2013-09-01', to: '2013-10-01' }).expect(200)).body.rows;
    // 6 ruptures, 5 of them "missed_bid": listing it would show that the sixth couple's was a "criticism".
    expect(september).toMatchObject({ period: '2013-09-01', suppressed: false, couples: 6, ruptures: 6, kinds: [] });
  });
});
