import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { createClient, createCouple, createPortalUser, TestCouple } from './clinic-factories';
import { createAdmin, createTherapist, createUser, loginAs, TestUser } from './factories';
import { recognizeRupture, reportRupture } from './rupture-factories';
import { useApp } from './use-app';

const API = '/api/v1';

/**
 * Reports over a hand-built data set far in the future (2031), on this file's own therapists, so
 * rows other spec files create never land in these periods. Times are chosen in America/Toronto.
 */
describe('Reports', () => {
  const t = useApp();
  let admin: { Authorization: string };
  let sessionTherapist: TestUser;
  let callTherapist: TestUser;
  let therapistAuth: { Authorization: string };
  let clientAuth: { Authorization: string };
  let reportKey: { key: string; id: string };
  let bookingKey: { key: string; id: string };

  const insertSession = async (therapist: TestUser, couple: TestCouple, startsAt: string, status: string, late: boolean | null = null) => {
    const start = new Date(startsAt);
    const end = new Date(start.getTime() + 60 * 60_000);
    const cancelled = status === 'cancelled';
    const [busy]: { id: string }[] = await t.db.query(
      `INSERT INTO busy_times (therapist_id, during, kind, released_at) VALUES ($1, tstzrange($2, $3, '[)'), 'session', CASE WHEN $4 THEN now() END) RETURNING id`,
      [therapist.id, start, end, cancelled],
    );
    await t.db.query(
      `INSERT INTO therapy_sessions (therapist_id, couple_id, during, busy_time_id, modality, video_url, status, attended_client_ids, completed_at,
         cancelled_at, cancelled_by, late_cancellation, created_by)
       VALUES ($1, $2, tstzrange($3, $4, '[)'), $5, 'online', 'https://meet.clinic.test/x', $6::varchar,
         CASE WHEN $6::varchar = 'completed' THEN ARRAY[$7::uuid] ELSE '{}'::uuid[] END, CASE WHEN $6::varchar = 'completed' THEN $4 END,
         CASE WHEN $8 THEN $3::timestamptz - interval '1 hour' END, CASE WHEN $8 THEN 'client' END, $9, $1)`,
      [therapist.id, couple.id, start, end, busy.id, status, couple.partners[0].id, cancelled, late],
    );
  };

  /** A call starting at `startsAt`, booked `leadHours` before; `convertedAfterDays` makes its caller a client that many days later. */
  const insertCall = async (therapist: TestUser, startsAt: string, leadHours: number, modality: string, status: string, convertedAfterDays?: number) => {
    const start = new Date(startsAt);
    const end = new Date(start.getTime() + 20 * 60_000);
    const [busy]: { id: string }[] = await t.db.query(
      `INSERT INTO busy_times (therapist_id, during, kind, released_at) VALUES ($1, tstzrange($2, $3, '[)'), 'connection_call', CASE WHEN $4 THEN now() END) RETURNING id`,
      [therapist.id, start, end, status === 'cancelled'],
    );
    const client = convertedAfterDays === undefined
      ? null
      : await createClient(t, therapist, { created_at: new Date(start.getTime() + convertedAfterDays * 86_400_000) });
    await t.db.query(
      `INSERT INTO connection_calls (therapist_id, busy_time_id, starts_at, ends_at, modality, status, name, email, manage_token_hash, client_id, cancelled_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::varchar, 'Prospect', 'prospect@example.test', sha256(convert_to(gen_random_uuid()::text, 'UTF8')), $7, CASE WHEN $6::varchar = 'cancelled' THEN $3::timestamptz - interval '1 hour' END,
               $3::timestamptz - $8 * interval '1 hour')`,
      [therapist.id, busy.id, start, end, modality, status, client?.id ?? null, leadHours],
    );
  };

  /** A rupture of `couple` with its stage times given in hours after it occurred. */
  const insertRupture = async (
    couple: TestCouple,
    occurredAt: string,
    r: { recognizedAfter?: number; completedAfter?: number; attempts?: number; kind?: string; recurring?: string[] } = {},
  ) => {
    const at = new Date(occurredAt);
    const after = (h?: number) => (h === undefined ? null : new Date(at.getTime() + h * 3_600_000));
    const stage = r.completedAfter !== undefined ? 'completed' : r.recognizedAfter !== undefined ? 'recognized' : 'reported';
    const [row]: { id: string }[] = await t.db.query(
      `INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, description, severity, kind, themes, recurring_themes,
         stage, recognized_at, initiated_at, completed_at)
       VALUES ($1, $2, $3, 'therapist', 'Inserted for a report test.', 'minor', $4, $5, $5, $6, $7, $8, $9) RETURNING id`,
      [couple.id, at, couple.therapistId, r.kind ?? 'missed_bid', r.recurring ?? [], stage, after(r.recognizedAfter),
        stage === 'completed' ? after(r.recognizedAfter) : null, after(r.completedAfter)],
    );
    for (let sequence = 1; sequence <= (r.attempts ?? 0); sequence++) {
      await t.db.query(
        `INSERT INTO repair_attempts (rupture_id, sequence, initiator_client_id, recorded_by_user_id, recorded_by_role, approach, status, started_at, closed_at)
         VALUES ($1, $2, $3, $4, 'therapist', 'apology', $5, $6, $6)`,
        [row.id, sequence, couple.partners[0].id, couple.therapistId, sequence === r.attempts ? 'completed' : 'incomplete', after(r.completedAfter)],
      );
    }
    return row.id;
  };

  const createKey = async (scopes: string[]) => {
    const res = await request(t.http).post(`${API}/api-keys`).set(admin).send({ name: `Reports ${scopes.join(' ')}`, scopes }).expect(201);
    return { key: res.body.key as string, id: res.body.id as string };
  };

  beforeAll(async () => {
    admin = (await loginAs(t, await createAdmin(t))).auth;
    sessionTherapist = await createUser(t, 'therapist', { displayName: 'Dr. "Sam" Okafor, RP' });
    callTherapist = await createTherapist(t);
    therapistAuth = (await loginAs(t, sessionTherapist)).auth;
    reportKey = await createKey(['reports:read']);
    bookingKey = await createKey(['bookings:write']);

    // Sessions, January 2031 (EST, -05:00). Availability: Mondays 09:00–12:00.
    await t.db.query(`INSERT INTO availability_windows (therapist_id, weekday, starts_at, ends_at) VALUES ($1, 1, '09:00', '12:00')`, [sessionTherapist.id]);
    const couple = await createCouple(t, sessionTherapist);
    clientAuth = (await loginAs(t, await createPortalUser(t, couple.partners[0]))).auth;
    await insertSession(sessionTherapist, couple, '2031-01-05T23:30:00-05:00', 'scheduled'); // Sunday night: Monday 04:30 in UTC
    await insertSession(sessionTherapist, couple, '2031-01-06T10:00:00-05:00', 'scheduled');
    await insertSession(sessionTherapist, couple, '2031-01-07T10:00:00-05:00', 'cancelled', true);
    await insertSession(sessionTherapist, couple, '2031-01-08T10:00:00-05:00', 'cancelled', false);
    await insertSession(sessionTherapist, couple, '2031-01-09T10:00:00-05:00', 'no_show');
    await insertSession(sessionTherapist, couple, '2031-01-13T10:00:00-05:00', 'completed');

    // Connection calls, February 2031: lead times 48, 10, 24, 100, 5 hours → median 24.
    await insertCall(callTherapist, '2031-02-03T10:00:00-05:00', 48, 'video', 'completed', 30); // converted within 60 days
    await insertCall(callTherapist, '2031-02-04T10:00:00-05:00', 10, 'phone', 'completed', 61); // converted, too late
    await insertCall(callTherapist, '2031-02-05T10:00:00-05:00', 24, 'phone', 'no_show');
    await insertCall(callTherapist, '2031-02-06T10:00:00-05:00', 100, 'in_person', 'cancelled');
    await insertCall(callTherapist, '2031-02-20T10:00:00-05:00', 5, 'video', 'booked');

    // Ruptures: March 2021 behind 4 couples (suppressed), April 2021 behind 5 (shown); closed months, so published.
    const repairTherapist = await createTherapist(t);
    const couples = [];
    for (let i = 0; i < 5; i++) couples.push(await createCouple(t, repairTherapist));
    for (let i = 0; i < 4; i++) await insertRupture(couples[i], `2021-03-1${i}T12:00:00-04:00`);
    await insertRupture(couples[0], '2021-04-10T12:00:00-04:00', { recognizedAfter: 2, completedAfter: 10, attempts: 1, recurring: ['money', 'chores'] });
    await insertRupture(couples[1], '2021-04-11T12:00:00-04:00', { recognizedAfter: 4, completedAfter: 20, attempts: 2, recurring: ['money', 'chores'] });
    await insertRupture(couples[2], '2021-04-12T12:00:00-04:00', { recognizedAfter: 6, recurring: ['money', 'chores'] });
    await insertRupture(couples[3], '2021-04-13T12:00:00-04:00', { recognizedAfter: 8, recurring: ['money', 'chores'] });
    await insertRupture(couples[4], '2021-04-14T12:00:00-04:00', { kind: 'criticism', recurring: ['money'] });
  });


  const get = (path: string, query: Record<string, string>, auth: Record<string, string> = admin) => request(t.http).get(`${API}/reports/${path}`).query(query).set(auth);

  describe('GET /reports/sessions', () => {
    const january = { from: '2031-01-01', to: '2031-02-01', therapistId: '' };
    beforeAll(() => (january.therapistId = sessionTherapist.id));

    it('counts by month: outcomes, late and on-time cancellations, booked against available hours', async () => {
      const res = await get('sessions', { ...january, groupBy: 'month' }).expect(200);
      expect(res.body).toEqual({
        from: '2031-01-01T00:00:00-05:00', to: '2031-02-01T00:00:00-05:00', groupBy: 'month', timeZone: 'America/Toronto',
        rows: [{
          period: '2031-01-01', therapistId: sessionTherapist.id, therapistName: 'Dr. "Sam" Okafor, RP',
          sessions: 6, scheduled: 2, completed: 1, cancelled: 2, lateCancelled: 1, onTimeCancelled: 1, noShow: 1,
          // Not cancelled: 4 one-hour sessions; Mondays 6, 13, 20, 27 × 3 hours = 12.
          bookedHours: 4, availableHours: 12, utilisation: 0.3333,
        }],
      });
    });

    it('cuts weeks on Mondays in the clinic zone: 23:30 on Sunday belongs to the week before', async () => {
      const res = await get('sessions', { ...january, groupBy: 'week' }).expect(200);
      const byWeek = Object.fromEntries(res.body.rows.map((r: { period: string }) => [r.period, r]));
      expect(Object.keys(byWeek)).toEqual(['2030-12-30', '2031-01-06', '2031-01-13', '2031-01-20', '2031-01-27']);
      // Monday 30 December is before `from`: its window is cut off, so nothing is available.
      expect(byWeek['2030-12-30']).toMatchObject({ sessions: 1, scheduled: 1, bookedHours: 1, availableHours: 0, utilisation: null });
      expect(byWeek['2031-01-06']).toMatchObject({ sessions: 4, lateCancelled: 1, onTimeCancelled: 1, noShow: 1, bookedHours: 2, availableHours: 3, utilisation: 0.6667 });
      expect(byWeek['2031-01-13']).toMatchObject({ sessions: 1, completed: 1, utilisation: 0.3333 });
      expect(byWeek['2031-01-20']).toMatchObject({ sessions: 0, availableHours: 3, utilisation: 0 });
    });

    it('streams CSV with ?format=csv: header row, quoting of commas and quotes, attachment', async () => {
      const res = await get('sessions', { ...january, groupBy: 'month', format: 'csv' }).buffer(true).parse((r, done) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => done(null, text));
      }).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="sessions-report_2031-01-01_2031-02-01_month.csv"');
      expect(res.body).toContain('"Dr. ""Sam"" Okafor, RP"');
      const records = parse(res.body as string, { columns: true });
      expect(records).toEqual([{
        period: '2031-01-01', therapistId: sessionTherapist.id, therapistName: 'Dr. "Sam" Okafor, RP', sessions: '6', scheduled: '2', completed: '1',
        cancelled: '2', lateCancelled: '1', onTimeCancelled: '1', noShow: '1', bookedHours: '4', availableHours: '12', utilisation: '0.3333',
      }]);
    });

    it('streams CSV for Accept: text/csv too', async () => {
      const res = await get('sessions', { ...january, groupBy: 'week' }).set('Accept', 'text/csv').buffer(true).parse((r, done) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => done(null, text));
      }).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const [header, ...rows] = parse(res.body as string) as string[][];
      expect(header.slice(0, 4)).toEqual(['period', 'therapistId', 'therapistName', 'sessions']);
      expect(rows.map((r) => r[0])).toEqual(['2030-12-30', '2031-01-06', '2031-01-13', '2031-01-20', '2031-01-27']);
    });

    it('gives a therapist their own rows only, and 404 for another therapist', async () => {
      const own = await get('sessions', { from: '2031-01-01', to: '2031-02-01' }, therapistAuth).expect(200);
      expect(own.body.rows.map((r: { therapistId: string }) => r.therapistId)).toEqual([sessionTherapist.id]);
      const other = await get('sessions', { from: '2031-01-01', to: '2031-02-01', therapistId: callTherapist.id }, therapistAuth).expect(404);
      expect(other.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('GET /reports/connection-calls', () => {
    it('counts bookings by modality and outcome, conversion within 60 days and the median lead time', async () => {
      const res = await get('connection-calls', { from: '2031-02-01', to: '2031-03-01', groupBy: 'month', therapistId: callTherapist.id }).expect(200);
      expect(res.body.rows).toEqual([{
        period: '2031-02-01', therapistId: callTherapist.id, therapistName: expect.any(String),
        bookings: 5, phone: 2, video: 2, inPerson: 1, upcoming: 1, cancelled: 1, noShow: 1, completed: 2,
        // One of the four calls not cancelled became a client within 60 days (the other after 61).
        convertedWithin60Days: 1, conversionRate: 0.25, medianLeadTimeHours: 24,
      }]);
    });
  });

  describe('GET /reports/repair', () => {
    it('suppresses a period behind 4 couples and shows one behind 5, with no ids or names', async () => {
      const res = await get('repair', { from: '2021-03-01', to: '2021-05-01', groupBy: 'month' }, { 'X-API-Key': reportKey.key }).expect(200);
      expect(res.body.rows).toEqual([
        {
          period: '2021-03-01', suppressed: true, couples: null, ruptures: null, completed: null, repairRate: null,
          medianHoursToRecognition: null, medianHoursToCompletion: null, attemptsPerCompletedRepair: null, recurringThemes: [], kinds: [],
        },
        {
          period: '2021-04-01', suppressed: false, couples: 5, ruptures: 5, completed: 2, repairRate: 0.4,
          medianHoursToRecognition: 5, medianHoursToCompletion: 15, attemptsPerCompletedRepair: 1.5,
          // "chores" recurs in 4 couples only, "criticism" in 1: both left out.
          recurringThemes: [{ theme: 'money', count: 5 }], kinds: [],
        },
      ]);
      expect(JSON.stringify(res.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    });

    describe('kept figures of whole periods', () => {
      const may = { from: '2020-05-01', to: '2020-06-01', groupBy: 'month' };
      const kept = async () =>
        (await t.db.query(
          `SELECT fingerprint::text, figures FROM repair_report_periods WHERE zone = 'America/Toronto' AND unit = 'month' AND period = '2020-05-01' AND whole`,
        )) as { fingerprint: string; figures: { ruptures: number } | null }[];
      let owner: { Authorization: string };
      const ids: string[] = [];

      beforeAll(async () => {
        // Five couples' ruptures of May 2020, reported over the API (the past: ruptures cannot be in the future).
        const therapist = await createTherapist(t);
        owner = (await loginAs(t, therapist)).auth;
        for (let i = 0; i < 5; i++) {
          const couple = await createCouple(t, therapist);
          ids.push((await reportRupture(t, owner, couple.id, { occurredAt: `2020-05-1${i}T09:00:00-04:00`, themes: ['money'] })).id);
        }
      });

      it('keeps a whole period once computed, and answers the same from it as computing it afresh', async () => {
        await t.db.query(`DELETE FROM repair_report_periods`);
        const computed = (await get('repair', may).expect(200)).body.rows;
        expect(computed).toMatchObject([{ period: '2020-05-01', suppressed: false, couples: 5, ruptures: 5, completed: 0, medianHoursToRecognition: null }]);
        expect(await kept()).toEqual([{ fingerprint: expect.any(String), figures: expect.objectContaining({ ruptures: 5, couples: 5 }) }]);
        const readBack = await get('repair', may).expect(200);
        expect(readBack.body.rows).toEqual(computed);
        const csv = parse((await get('repair', { ...may, format: 'csv' }).expect(200)).text, { columns: true }) as Record<string, string>[];
        expect(csv).toEqual([expect.objectContaining({ period: '2020-05-01', suppressed: 'false', couples: '5', ruptures: '5', completed: '0' })]);
      });

      it('recomputes a kept period as soon as one of its ruptures changes through the API', async () => {
        await get('repair', may).expect(200);
        const before = await kept();
        await recognizeRupture(t, owner, ids[0], { statement: 'Named in session.' }).expect(201);
        const after = (await get('repair', may).expect(200)).body.rows;
        expect(after).toMatchObject([{ ruptures: 5, medianHoursToRecognition: expect.any(Number) }]);
        expect(after[0].medianHoursToRecognition).toBeGreaterThan(24 * 365);
        expect(BigInt((await kept())[0].fingerprint)).toBeGreaterThan(BigInt(before[0].fingerprint));
      });

      it('recomputes it when a rupture of the period is added, deleted or given an attempt by any writer', async () => {
        await get('repair', may).expect(200);
        const couple = await createCouple(t, await createTherapist(t));
        const added = await insertRupture(couple, '2020-05-20T12:00:00-04:00', { recognizedAfter: 1, completedAfter: 3 });
        expect((await get('repair', may).expect(200)).body.rows).toMatchObject([{ couples: 6, ruptures: 6, completed: 1, attemptsPerCompletedRepair: null }]);
        await t.db.query(
          `INSERT INTO repair_attempts (rupture_id, sequence, initiator_client_id, recorded_by_user_id, recorded_by_role, approach, status, closed_at)
           VALUES ($1, 1, $2, $3, 'therapist', 'apology', 'completed', now())`,
          [added, couple.partners[0].id, couple.therapistId],
        );
        expect((await get('repair', may).expect(200)).body.rows).toMatchObject([{ ruptures: 6, completed: 1, attemptsPerCompletedRepair: 1 }]);
        await t.db.query(`DELETE FROM repair_attempts WHERE rupture_id = $1`, [added]);
        await t.db.query(`DELETE FROM ruptures WHERE id = $1`, [added]);
        expect((await get('repair', may).expect(200)).body.rows).toMatchObject([{ couples: 5, ruptures: 5, completed: 0 }]);
      });

      it('keeps only whole periods: a cut of a period is refused before anything is read or kept', async () => {
        await t.db.query(`DELETE FROM repair_report_periods`);
        const cut = await get('repair', { from: '2020-05-12', to: '2020-06-01', groupBy: 'month' }).expect(400);
        expect(cut.body.errors).toEqual([{ field: 'from', message: expect.stringContaining('2020-05-01') }]);
        expect(await t.db.query(`SELECT 1 FROM repair_report_periods`)).toEqual([]);
      });

      it('never replaces figures kept at a newer fingerprint with older ones, and never reads them at another', async () => {
        await get('repair', may).expect(200);
        const [current] = await kept();
        const newer = (BigInt(current.fingerprint) + 1000n).toString();
        await t.db.query(
          `UPDATE repair_report_periods SET fingerprint = $1, figures = '{"ruptures": 999}' WHERE zone = 'America/Toronto' AND unit = 'month' AND period = '2020-05-01' AND whole`,
          [newer],
        );
        expect((await get('repair', may).expect(200)).body.rows).toMatchObject([{ ruptures: 5 }]);
        expect(await kept()).toEqual([{ fingerprint: newer, figures: { ruptures: 999 } }]);
        await t.db.query(`DELETE FROM repair_report_periods`);
      });
    });

    it('is for admins and keys: a therapist gets 403', async () => {
      await get('repair', { from: '2021-03-01', to: '2021-05-01' }, therapistAuth).expect(403);
      await get('repair', { from: '2021-03-01', to: '2021-05-01' }).expect(200);
    });
  });

  describe('validation', () => {
    it.each([
      [{ to: '2031-02-01' }, 'from'],
      [{ from: 'yesterday', to: '2031-02-01' }, 'from'],
      [{ from: '2031-01-01T00:00:00', to: '2031-02-01' }, 'from'],
      [{ from: '2031-02-01', to: '2031-02-01' }, 'to'],
      [{ from: '2031-01-01', to: '2033-01-02' }, 'to'],
      [{ from: '2031-01-01', to: '2031-02-01', groupBy: 'year' }, 'groupBy'],
      [{ from: '2031-01-01', to: '2031-02-01', format: 'xml' }, 'format'],
    ])('answers 400 with a field error for %j', async (query, field) => {
      const res = await get('sessions', query as Record<string, string>).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('accepts exactly two years of dates, and refuses date-times (periods are dates)', async () => {
      await get('connection-calls', { from: '2031-01-01', to: '2033-01-01' }).expect(200);
      await get('connection-calls', { from: '2031-01-01T00:00:00-05:00', to: '2033-01-01' }).expect(400);
    });
  });

  describe('access', () => {
    const range = { from: '2031-01-01', to: '2031-02-01' };

    it('admits a key with reports:read and refuses a key with bookings:write only', async () => {
      await get('sessions', range, { 'X-API-Key': reportKey.key }).expect(200);
      await get('connection-calls', range, { 'X-API-Key': bookingKey.key }).expect(403);
      await get('sessions', range, { 'X-API-Key': bookingKey.key }).expect(403);
      await get('repair', range, { 'X-API-Key': bookingKey.key }).expect(403);
    });

    it('refuses clients (403) and anonymous callers (401)', async () => {
      for (const path of ['sessions', 'connection-calls', 'repair']) {
        await get(path, range, clientAuth).expect(403);
        await get(path, range, {}).expect(401);
      }
    });
  });

  it('audits every export: action export, resource report, no client ids', async () => {
    await get('connection-calls', { from: '2031-02-01', to: '2031-03-01', format: 'csv' }, { 'X-API-Key': reportKey.key }).expect(200);
    const events: { actor_kind: string; action: string; resource_type: string; resource_id: string | null; client_ids: string[] }[] = await t.db.query(
      `SELECT actor_kind, action, resource_type, resource_id, client_ids FROM audit_events WHERE actor_id = $1 ORDER BY seq DESC LIMIT 1`,
      [reportKey.id],
    );
    expect(events).toEqual([{ actor_kind: 'apiKey', action: 'export', resource_type: 'report', resource_id: null, client_ids: [] }]);
  });
});
