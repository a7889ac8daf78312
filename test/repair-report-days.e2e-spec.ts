import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { DateTime } from 'luxon';
import type { Server } from 'node:http';
import request from 'supertest';
import { AppConfig } from '../src/config/environment';
import { rows } from '../src/database/statement';
import { RepairFigures } from '../src/reports/repair-periods';
import { repairPeriodQueries } from '../src/reports/repair-periods.queries';
import { createCouple, TestCouple } from './clinic-factories';
import { createAdmin, createTherapist, loginAs } from './factories';
import { useApp } from './use-app';

const API = '/api/v1';
const ZONE = 'America/Toronto';
const KINDS = ['missed_bid', 'criticism', 'withdrawal', 'dismissive_tone', 'other', 'broken_agreement', 'breach_of_trust'];
const THEMES = ['money', 'chores', 'in-laws', 'intimacy', 'screens', 'time'];

/**
 * The figures of the period starting at each local period start, computed over the ruptures directly
 * (no partials): the reference the merged figures must equal, to the last digit.
 */
const DIRECT = `
  WITH r AS MATERIALIZED (
    SELECT date_trunc($3, r.occurred_at AT TIME ZONE '${ZONE}') AS p, r.couple_id, r.stage = 'completed' AS done, r.kind, r.recurring_themes,
           CASE WHEN r.stage = 'completed'
                THEN (SELECT a.sequence FROM repair_attempts a WHERE a.rupture_id = r.id AND a.status = 'completed' LIMIT 1) END AS attempts,
           (extract(epoch FROM r.recognized_at - r.occurred_at) / 3600)::float8 AS h_rec,
           (extract(epoch FROM r.completed_at - r.occurred_at) / 3600)::float8 AS h_comp
      FROM ruptures r WHERE r.occurred_at >= $1 AND r.occurred_at < $2
  ), kind_counts AS (
    SELECT p, kind, n, couples >= 5 AND row_number() OVER (PARTITION BY p ORDER BY n DESC, kind) <= 5 AS listed
      FROM (SELECT p, kind, count(*)::int AS n, count(DISTINCT couple_id) AS couples FROM r GROUP BY 1, 2) x
  )
  SELECT to_char(p, 'YYYY-MM-DD') AS period, count(DISTINCT couple_id)::int AS couples, count(*)::int AS ruptures,
         count(*) FILTER (WHERE done)::int AS completed,
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY h_rec)::numeric, 2)::text AS median_rec,
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY h_comp)::numeric, 2)::text AS median_comp,
         round(avg(attempts), 2)::text AS per_repair,
         coalesce((SELECT json_agg(json_build_object('theme', theme, 'count', n) ORDER BY n DESC, theme)
                     FROM (SELECT theme, n FROM (SELECT t AS theme, count(*)::int AS n, count(DISTINCT r2.couple_id) AS couples
                                                   FROM r r2, unnest(r2.recurring_themes) t WHERE r2.p = r.p GROUP BY 1) x
                            WHERE couples >= 5 ORDER BY n DESC, theme LIMIT 5) y), '[]') AS themes,
         coalesce((SELECT json_agg(json_build_object('kind', kind, 'count', n) ORDER BY n DESC, kind) FROM kind_counts kc
                    WHERE kc.p = r.p AND listed
                      AND (SELECT count(DISTINCT r3.couple_id) FROM r r3 JOIN kind_counts u ON u.p = r3.p AND u.kind = r3.kind AND NOT u.listed
                            WHERE r3.p = r.p) NOT BETWEEN 1 AND 4), '[]') AS kinds
    FROM r GROUP BY p ORDER BY p`;

/**
 * The repair report merges periods from per-day partials (src/reports/repair-periods.ts): the
 * figures must be those computed over the ruptures directly, whatever was kept before, across a
 * clock change and local midnights. Its data live in 2011, a year no other spec uses.
 */
describe('repair report: periods merged from days', () => {
  const t = useApp();
  let admin: Record<string, string>;
  let couples: TestCouple[] = [];
  const ids: string[] = [];

  const insert = async (couple: TestCouple, at: DateTime, i: number) => {
    const stage = i % 4 === 0 ? 'reported' : i % 4 === 1 ? 'recognized' : 'completed';
    const hours = (h: number) => at.plus({ minutes: Math.round(h * 60) }).toJSDate();
    const recognized = stage === 'reported' ? null : hours(((i * 7) % 23) + 0.25);
    const completed = stage === 'completed' ? hours(((i * 11) % 97) + 30) : null;
    const [row]: { id: string }[] = await t.db.query(
      `INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, description, severity, kind, themes, recurring_themes,
         stage, recognized_at, initiated_at, completed_at)
       VALUES ($1, $2, $3, 'therapist', 'Inserted for a report test.', 'minor', $4, $5, $5, $6, $7, $8, $9) RETURNING id`,
      [couple.id, at.toJSDate(), couple.therapistId, KINDS[(i * 5) % 7 === 6 ? 6 : i % 3], THEMES.filter((_, k) => (i + k) % 3 === 0), stage,
        recognized, completed, completed],
    );
    // Completed repairs with 1–3 attempts, the last completing; every fifth has none recorded.
    const attempts = stage === 'completed' && i % 5 !== 0 ? (i % 3) + 1 : 0;
    for (let sequence = 1; sequence <= attempts; sequence++) {
      await t.db.query(
        `INSERT INTO repair_attempts (rupture_id, sequence, initiator_client_id, recorded_by_user_id, recorded_by_role, approach, status, started_at, closed_at)
         VALUES ($1, $2, $3, $4, 'therapist', 'apology', $5, $6, $6)`,
        [row.id, sequence, couple.partners[0].id, couple.therapistId, sequence === attempts ? 'completed' : 'incomplete', completed],
      );
    }
    ids.push(row.id);
  };

  const repair = (query: Record<string, string>) => request(t.http).get(`${API}/reports/repair`).query(query).set(admin);
  const direct = async (from: string, to: string, unit: string) =>
    (await t.db.query(DIRECT, [DateTime.fromISO(from, { zone: ZONE }).toISO(), DateTime.fromISO(to, { zone: ZONE }).toISO(), unit])) as Record<string, unknown>[];
  /** What is kept of the whole periods of `unit` in 2011, as the direct query gives figures. */
  const kept = async (unit: string) =>
    ((await t.db.query(
      `SELECT to_char(period, 'YYYY-MM-DD') AS period, figures FROM repair_report_periods
        WHERE zone = $1 AND unit = $2 AND whole AND figures IS NOT NULL AND period >= '2011-01-01' AND period < '2012-01-01' ORDER BY period`,
      [ZONE, unit],
    )) as { period: string; figures: Record<string, unknown> }[]).map(({ period, figures }) => ({
      period,
      ...figures,
      ...Object.fromEntries(['median_rec', 'median_comp', 'per_repair'].map((k) => [k, figures[k] === null ? null : String(figures[k])])),
    }));

  beforeAll(async () => {
    admin = (await loginAs(t, await createAdmin(t))).auth;
    const therapist = await createTherapist(t);
    couples = [];
    for (let i = 0; i < 12; i++) couples.push(await createCouple(t, therapist));
    // Every few hours from late February to early April 2011, through the clock change of
    // 13 March (02:00 → 03:00), and at the edges of local days and months.
    let i = 0;
    for (let at = DateTime.fromISO('2011-02-27T22:30', { zone: ZONE }); at < DateTime.fromISO('2011-04-02T02:00', { zone: ZONE }); at = at.plus({ hours: 5, minutes: 17 })) {
      await insert(couples[(i * 5) % 12], at, i++);
    }
    for (const local of ['2011-02-28T23:59', '2011-03-01T00:00', '2011-03-13T01:59', '2011-03-13T03:00', '2011-03-12T23:59', '2011-03-14T00:01',
      '2011-03-31T23:59', '2011-04-01T00:00']) {
      await insert(couples[i % 12], DateTime.fromISO(local, { zone: ZONE }), i++);
    }
    // The fall-back change of 6 November (02:00 → 01:00, the hour repeated).
    for (const utc of ['2011-11-06T05:30Z', '2011-11-06T06:30Z', '2011-11-06T04:59Z', '2011-11-07T04:59Z', '2011-11-07T05:00Z']) {
      for (let c = 0; c < 6; c++) await insert(couples[(c + i) % 12], DateTime.fromISO(utc).plus({ minutes: c }).setZone(ZONE), i++);
    }
  });

  it('merges months and quarters from days to the figures computed over the ruptures, kept or not, before and after changes', async () => {
    const year = { from: '2011-01-01', to: '2012-01-01' };
    await t.db.query(`DELETE FROM repair_report_periods`);
    await t.db.query(`DELETE FROM repair_report_days`);
    await repair({ ...year, groupBy: 'month' }).expect(200);
    const months = await direct(year.from, year.to, 'month');
    expect(months.map((m) => m.period)).toEqual(['2011-02-01', '2011-03-01', '2011-04-01', '2011-11-01']);
    expect(months[1]).toMatchObject({ couples: 12, themes: expect.arrayContaining([expect.anything()]) });
    expect(await kept('month')).toEqual(months);
    // Every day of the year has its partial, empty days too.
    expect(await t.db.query(`SELECT count(*)::int AS n FROM repair_report_days WHERE zone = $1 AND day >= '2011-01-01' AND day < '2012-01-01'`, [ZONE]))
      .toEqual([{ n: 365 }]);

    // Changes on two days of March (the clock change's, and the last): those days are computed again,
    // the rest of March merged from the days kept.
    await t.db.query(`UPDATE ruptures SET recognized_at = occurred_at + interval '90 hours', stage = 'recognized', completed_at = NULL, initiated_at = NULL
                       WHERE id = (SELECT id FROM ruptures WHERE occurred_at >= '2011-03-13T05:00Z' AND stage = 'completed' ORDER BY occurred_at LIMIT 1)`);
    await insert(couples[3], DateTime.fromISO('2011-03-31T23:30', { zone: ZONE }), 1001);
    await repair({ ...year, groupBy: 'quarter' }).expect(200);
    expect(await kept('month')).toEqual(await direct(year.from, year.to, 'month'));
    expect(await kept('quarter')).toEqual(await direct(year.from, year.to, 'quarter'));
    await repair({ ...year, groupBy: 'year' }).expect(200);
    expect(await kept('year')).toEqual(await direct(year.from, year.to, 'year'));

    // Days whose partials were removed are stored again before the merge.
    await t.db.query(`DELETE FROM repair_report_periods`);
    await t.db.query(`DELETE FROM repair_report_days WHERE day IN ('2011-03-13', '2011-11-06')`);
    await repair({ ...year, groupBy: 'month' }).expect(200);
    expect(await kept('month')).toEqual(await direct(year.from, year.to, 'month'));

    // A day changed between storing the partials and merging is computed from its ruptures in the merge itself;
    // with every partial kept, the smaller statement gives the same figures.
    const days = Array.from({ length: 365 }, (_, i) => DateTime.fromISO('2011-01-01').plus({ days: i }).toISODate() as string);
    expect(await rows(t.db, repairPeriodQueries.figures(ZONE, 'month', days, { allKept: true }))).toEqual(await direct(year.from, year.to, 'month'));
    await t.db.query(`DELETE FROM repair_report_days WHERE day IN ('2011-03-13', '2011-03-31', '2011-11-06')`);
    expect(await rows(t.db, repairPeriodQueries.staleDays(ZONE, days))).toEqual([{ day: '2011-03-13' }, { day: '2011-03-31' }, { day: '2011-11-06' }]);
    expect(await rows(t.db, repairPeriodQueries.figures(ZONE, 'quarter', days))).toEqual(await direct(year.from, year.to, 'quarter'));
  });

  it('counts couples exactly from the days\' couple sets: a couple on several days, couples added after days were kept, a rupture moving between days', async () => {
    const june = { from: '2011-06-01', to: '2011-07-01' };
    const year = { from: '2011-01-01', to: '2012-01-01' };
    const juneFigures = async () => (await kept('month')).find((m) => m.period === '2011-06-01');
    const computedAt = async (day: string) =>
      ((await t.db.query(`SELECT computed_at FROM repair_report_days WHERE zone = $1 AND day = $2`, [ZONE, day])) as { computed_at: Date }[])[0]?.computed_at;
    // Couple 0 on three days, five others on one of them each: 6 couples, not 8.
    for (const [c, day] of [[0, 3], [0, 4], [0, 5], [1, 3], [2, 3], [3, 4], [4, 5], [5, 5]] as const) {
      await insert(couples[c], DateTime.fromISO(`2011-06-0${day}T10:00`, { zone: ZONE }), 2000 + c * 10 + day);
    }
    await repair({ ...june, groupBy: 'month' }).expect(200);
    expect(await juneFigures()).toEqual((await direct(year.from, year.to, 'month')).find((m) => m.period === '2011-06-01'));
    expect(await juneFigures()).toMatchObject({ couples: 6, ruptures: 8 });
    const keptOn3rd = await computedAt('2011-06-03');
    expect(keptOn3rd).toBeInstanceOf(Date);

    // Couples created after those days were kept have higher numbers than any in them: their sets are longer
    // (as if a few thousand couples had joined since, so the next couples' numbers pass the 1,024-bit steps of set widths).
    await t.db.query(`SELECT setval(pg_get_serial_sequence('repair_report_couples', 'number'), (SELECT max(number) FROM repair_report_couples) + 3000)`);
    const therapist = await createTherapist(t);
    const later = [await createCouple(t, therapist), await createCouple(t, therapist)];
    for (const [k, couple] of [...later, couples[0], couples[1]].entries()) await insert(couple, DateTime.fromISO('2011-06-20T09:00', { zone: ZONE }), 2100 + k);
    await repair({ ...june, groupBy: 'month' }).expect(200);
    expect(await computedAt('2011-06-03')).toEqual(keptOn3rd);
    const [{ widths }] = await t.db.query(
      `SELECT count(DISTINCT length(s))::int AS widths FROM repair_report_days, unnest(member_couple_sets) s WHERE zone = $1 AND day BETWEEN '2011-06-01' AND '2011-06-30'`,
      [ZONE],
    );
    expect(widths).toBeGreaterThan(1);
    expect(await juneFigures()).toEqual((await direct(year.from, year.to, 'month')).find((m) => m.period === '2011-06-01'));
    expect(await juneFigures()).toMatchObject({ couples: 8, ruptures: 12 });

    // A rupture moved from the 4th to the 21st: both days computed again, the 4th without it.
    const [{ id }] = await t.db.query(`SELECT id FROM ruptures WHERE couple_id = $1 AND occurred_at >= '2011-06-04T04:00Z' AND occurred_at < '2011-06-05T04:00Z'`, [couples[3].id]);
    await t.db.query(`UPDATE ruptures SET occurred_at = occurred_at + interval '17 days' WHERE id = $1`, [id]);
    await repair({ ...june, groupBy: 'month' }).expect(200);
    const days = await t.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, ruptures FROM repair_report_days WHERE zone = $1 AND day IN ('2011-06-04', '2011-06-21') ORDER BY day`, [ZONE]);
    expect(days).toEqual([{ day: '2011-06-04', ruptures: 1 }, { day: '2011-06-21', ruptures: 1 }]);
    expect(await juneFigures()).toEqual((await direct(year.from, year.to, 'month')).find((m) => m.period === '2011-06-01'));
    await repair({ ...year, groupBy: 'quarter' }).expect(200);
    expect(await kept('quarter')).toEqual(await direct(year.from, year.to, 'quarter'));
  });

  it('merges medians and couple sets exactly at scale, ties and sets of different widths included', async () => {
    // Partials written as the refresh writes them, for days of 1993 (no ruptures, so fingerprint 0 is current).
    let state = 7;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const sampleOf = (sorted: number[]) => sorted.filter((_, i) => (i + 1) % 32 === 0);
    const bits = (set: Set<number>) => Array.from({ length: Math.max(...set) }, (_, i) => (set.has(i + 1) ? '1' : '0')).join('');
    const keys = ['kind:criticism', 'kind:withdrawal', 'theme:money'];
    const couplesOf = new Map<string, Set<number>>();
    const days: string[] = [];
    for (let d = DateTime.fromISO('1993-01-01'); d < DateTime.fromISO('1993-04-01'); d = d.plus({ days: 1 })) {
      const day = d.toISODate() as string;
      days.push(day);
      const size = d.day % 7 === 0 ? 0 : 1 + Math.floor(random() * 400);
      const rec = Array.from({ length: size }, () => Math.round(random() * 200) / 4).sort((a, b) => a - b);
      const comp = Array.from({ length: Math.floor(size / 2) }, () => 30 + Math.round(random() * 1e6) / 1e4).sort((a, b) => a - b);
      // Couple numbers up to 300, 600, 900 by month: the days' sets have many widths.
      const sets = size ? keys.map(() => new Set(Array.from({ length: 5 + Math.floor(random() * 30) }, () => 1 + Math.floor(random() * d.month * 300)))) : [];
      for (const unit of ['month', 'quarter'] as const) {
        const period = `${unit} ${d.startOf(unit).toISODate()}`;
        for (const set of sets.slice(0, 2)) for (const n of set) couplesOf.set(period, (couplesOf.get(period) ?? new Set()).add(n));
      }
      await t.db.query(
        `INSERT INTO repair_report_days (day, zone, fingerprint, ruptures, completed, attempts, repairs, hours_to_recognition, hours_to_completion,
           recognition_count, completion_count, recognition_sample, completion_sample, member_keys, member_ruptures, member_couple_sets, member_width)
         VALUES ($1, $2, 0, $3, $4, 0, 0, $5, $6, cardinality($5::float8[]), cardinality($6::float8[]), $7, $8, $9, $10, $11::varbit[], $12)
         ON CONFLICT (day, zone) DO UPDATE SET fingerprint = 0, ruptures = excluded.ruptures, completed = excluded.completed,
           hours_to_recognition = excluded.hours_to_recognition, hours_to_completion = excluded.hours_to_completion,
           recognition_count = excluded.recognition_count, completion_count = excluded.completion_count,
           recognition_sample = excluded.recognition_sample, completion_sample = excluded.completion_sample, member_keys = excluded.member_keys,
           member_ruptures = excluded.member_ruptures, member_couple_sets = excluded.member_couple_sets, member_width = excluded.member_width`,
        // Sets of one day of different lengths too (the refresh pads a day's sets to one width; the merge pads whatever it finds).
        [day, ZONE, size, comp.length, rec, comp, sampleOf(rec), sampleOf(comp), size ? keys : [], sets.map((set) => set.size + 3), sets.map(bits),
          Math.max(0, ...sets.map((set) => Math.max(...set)))],
      );
    }
    for (const unit of ['month', 'quarter'] as const) {
      const merged = await rows(t.db, repairPeriodQueries.figures(ZONE, unit, days));
      // The reference: percentile_cont over every value of the period's days, sorted whole.
      const median = (column: string) =>
        t.db.query(
          `SELECT to_char(date_trunc($2, day::timestamp), 'YYYY-MM-DD') AS period, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY h)::numeric, 2)::text AS median
             FROM repair_report_days, unnest(${column}) AS h WHERE zone = $1 AND day >= '1993-01-01' AND day < '1993-04-01' GROUP BY 1 ORDER BY 1`,
          [ZONE, unit],
        ) as Promise<{ period: string; median: string }[]>;
      const [rec, comp] = [await median('hours_to_recognition'), await median('hours_to_completion')];
      const reference = rec.map((r, i) => ({ period: r.period, median_rec: r.median, median_comp: comp[i].median }));
      expect(reference).toHaveLength(unit === 'month' ? 3 : 1);
      expect(merged.map((m) => ({ period: m.period, median_rec: m.median_rec, median_comp: m.median_comp }))).toEqual(reference);
      expect(merged.map((m) => ({ period: m.period, couples: m.couples }))).toEqual(reference.map((r) => ({ period: r.period, couples: couplesOf.get(`${unit} ${r.period}`)?.size })));
    }
    await t.db.query(`DELETE FROM repair_report_days WHERE zone = $1 AND day >= '1993-01-01' AND day < '1994-01-01'`, [ZONE]);
  });

  it('numbers every couple when it is inserted, and forgets the number with the couple', async () => {
    const couple = await createCouple(t, await createTherapist(t));
    const numberOf = async (id: string) => (await t.db.query(`SELECT number FROM repair_report_couples WHERE couple_id = $1`, [id])) as { number: number }[];
    const [{ number }] = await numberOf(couple.id);
    const [{ highest }] = await t.db.query(`SELECT max(number)::int AS highest FROM repair_report_couples`);
    expect(number).toBe(highest);
    await t.db.query(`DELETE FROM couples WHERE id = $1`, [couple.id]);
    expect(await numberOf(couple.id)).toEqual([]);
  });

  it('removes the partials of the days a write touches, with the couples in them', async () => {
    const day = `SELECT count(*)::int AS n FROM repair_report_days WHERE day = '2011-03-20'`;
    await repair({ from: '2011-03-01', to: '2011-04-01', groupBy: 'month' }).expect(200);
    expect(await t.db.query(day)).toEqual([{ n: 1 }]);
    await t.db.query(`UPDATE ruptures SET updated_at = now() WHERE occurred_at >= '2011-03-20T12:00Z' AND occurred_at < '2011-03-20T18:00Z'`);
    expect(await t.db.query(day)).toEqual([{ n: 0 }]);
  });

  it('shares one computation between concurrent reports of the same uncomputed periods', async () => {
    await t.db.query(`DELETE FROM repair_report_periods`);
    await t.db.query(`DELETE FROM repair_report_days`);
    const figures = t.app.get(RepairFigures);
    const computed = jest.spyOn(figures as unknown as { compute: () => Promise<unknown> }, 'compute');
    const range = { from: DateTime.fromISO('2011-01-01', { zone: ZONE }).toISO()!, to: DateTime.fromISO('2011-07-01', { zone: ZONE }).toISO()!, unit: 'month' as const, zone: ZONE };
    const answers = await Promise.all([figures.read(range), figures.read(range), figures.read(range)]);
    expect(computed).toHaveBeenCalledTimes(1);
    computed.mockRestore();
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  const warmingUp = () => {
    const config = { get: (key: keyof AppConfig) => (key === 'REPAIR_REPORT_WARM_UP' ? true : t.app.get(ConfigService).get(key)) } as ConfigService<AppConfig, true>;
    const warming = new RepairFigures(t.db, t.app.get(HttpAdapterHost), config);
    const warmUp = jest.spyOn(warming as unknown as { warmUp: () => Promise<void> }, 'warmUp');
    return { warming, warmUp };
  };

  it('computes the recent months in the background at start, once the server listens, when turned on', async () => {
    await t.db.query(`DELETE FROM repair_report_periods`);
    await t.db.query(`DELETE FROM repair_report_days`);
    const { warming, warmUp } = warmingUp();
    const server = t.app.getHttpServer() as Server;
    expect(server.listening).toBe(false);
    warming.onApplicationBootstrap();
    // Not while the start goes on: its readiness check would wait behind the warm-up.
    await new Promise((r) => setImmediate(r));
    expect(warmUp).not.toHaveBeenCalled();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      expect(warmUp).toHaveBeenCalledTimes(1);
      await warming.warmedUp;
    } finally {
      await new Promise((r) => server.close(r));
    }
    const thisMonth = DateTime.now().setZone(ZONE).startOf('month');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM repair_report_days WHERE zone = $1 AND day >= $2 AND day < $3`, [
      ZONE, thisMonth.minus({ months: 12 }).toISODate(), thisMonth.toISODate()]);
    expect(n).toBe(thisMonth.diff(thisMonth.minus({ months: 12 }), 'days').days);
    const [{ periods }] = await t.db.query(`SELECT count(*)::int AS periods FROM repair_report_periods WHERE zone = $1 AND unit = 'month' AND whole`, [ZONE]);
    expect(periods).toBeGreaterThanOrEqual(12);
    await warming.beforeApplicationShutdown();
  });

  it('stops before the warm-up began when the server never listened', async () => {
    const { warming, warmUp } = warmingUp();
    warming.onApplicationBootstrap();
    await warming.beforeApplicationShutdown();
    await warming.warmedUp;
    expect(warmUp).not.toHaveBeenCalled();
  });
});
