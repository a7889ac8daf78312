import request from 'supertest';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { OutcomesService } from '../src/outcomes/outcomes.service';
import { createCouple, createPortalUser, TestCouple } from './clinic-factories';
import { loginAs, Session } from './factories';
import { insertRupture } from './rupture-factories';
import { useSmtpInbox } from './smtp-mail';
import { useClinic } from './use-app';

const API = '/api/v1';
const CSI4_LOW = { '1': 3, '2': 3, '3': 2, '4': 4 }; // 12: below 13.5
const CSI4_HIGH = { '1': 5, '2': 4, '3': 4, '4': 4 }; // 17
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

interface Cast {
  couple: TestCouple;
  a: Session;
  b: Session;
  emails: [string, string];
}

describe('outcome measures: CSI assignments, partners’ own answers, privacy, the series beside repair', () => {
  const { inbox } = useSmtpInbox();
  const { t, w } = useClinic();

  /** A couple of the world's owner whose partners have portal accounts and email addresses; only partner A consents to reminders. */
  async function cast(): Promise<Cast> {
    const couple = await createCouple(t, w.owner);
    const emails = couple.partners.map((p) => `${p.id.slice(0, 8)}@partners.test`) as [string, string];
    for (const [i, p] of couple.partners.entries()) await t.db.query('UPDATE clients SET email = $1 WHERE id = $2', [emails[i], p.id]);
    const [ua, ub] = [await createPortalUser(t, couple.partners[0]), await createPortalUser(t, couple.partners[1])];
    const [a, b] = [await loginAs(t, ua), await loginAs(t, ub)];
    await request(t.http).post(`${API}/clients/${couple.partners[0].id}/consents`).set(a.auth).send({ purpose: 'reminders', decision: 'granted' }).expect(201);
    return { couple, a, b, emails };
  }

  const assign = (auth: Record<string, string>, coupleId: string, body: Record<string, unknown>) => request(t.http).post(`${API}/couples/${coupleId}/outcome-assignments`).set(auth).send(body);
  const answer = (auth: Record<string, string>, assignmentId: string, body: Record<string, unknown>) => request(t.http).post(`${API}/outcome-assignments/${assignmentId}/responses`).set(auth).send(body);
  const notices = (emails: string[]) =>
    t.db.query(`SELECT payload->>'to' AS to, event FROM outbox_messages WHERE event = 'outcome.questionnaire_due' AND payload->>'to' = ANY($1) ORDER BY created_at`, [emails]) as Promise<{ to: string }[]>;

  it('lists the instruments with the published scoring: CSI-16 item 1 runs 0–6, the word pairs keyed by which word comes first', async () => {
    const res = await request(t.http).get(`${API}/outcome-instruments`).set(w.as.partner.auth).expect(200);
    const csi16 = res.body.find((i: { code: string }) => i.code === 'csi-16');
    expect(csi16).toMatchObject({ ref: 'csi-16@1', cutoff: 51.5, maxTotal: 81 });
    expect(csi16.items).toHaveLength(16);
    expect(csi16.items[0].options.map((o: { score: number }) => o.score)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(csi16.items[10]).toMatchObject({ text: 'INTERESTING — BORING', options: [{ label: 'INTERESTING', score: 5 }, {}, {}, {}, {}, { label: 'BORING', score: 0 }] });
    expect(csi16.items[11].options[0]).toEqual({ label: 'BAD', score: 0 });
    await request(t.http).get(`${API}/outcome-instruments`).expect(401);
  });

  it('assigns, tells only the consenting partner (content-free), and both partners answer for themselves; the server scores', async () => {
    const c = await cast();
    const made = await assign(w.as.owner.auth, c.couple.id, { instrument: 'csi-4', schedule: 'weeks', every: 3 }).expect(201);
    expect(made.body).toMatchObject({ instrument: 'csi-4', schedule: 'weeks', every: 3, sharesTotals: false, currentOccasion: 0, dueForYou: null });

    // Partner B has not consented to reminders: only A is told, and the email names nothing about care.
    const told = await notices(c.emails);
    expect(told.map((n) => n.to)).toEqual([c.emails[0]]);
    const ids: { id: string }[] = await t.db.query(`SELECT id FROM outbox_messages WHERE event = 'outcome.questionnaire_due' AND payload->>'to' = ANY($1)`, [c.emails]);
    await t.app.get(OutboxWorker).drain({ messageIds: ids.map((r) => r.id) });
    const [email] = inbox().to(c.emails[0]);
    expect(inbox().to(c.emails[1])).toEqual([]);
    expect(email.subject).toBe('A questionnaire is waiting in the portal');
    for (const secret of ['CSI', 'Couples Satisfaction', 'satisf', c.couple.partners[0].legalName, c.couple.partners[1].legalName]) expect(email.text).not.toContain(secret);

    const listed = await request(t.http).get(`${API}/couples/${c.couple.id}/outcome-assignments`).set(c.a.auth).expect(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ id: made.body.id, dueForYou: true })]);

    const ra = await answer(c.a.auth, made.body.id, { answers: CSI4_LOW }).expect(201);
    expect(ra.body).toMatchObject({ instrument: 'csi-4@1', occasion: 0, total: 12, cutoff: 13.5, belowCutoff: true, isYou: true, answers: CSI4_LOW, clientId: c.couple.partners[0].id });
    const rb = await answer(c.b.auth, made.body.id, { answers: CSI4_HIGH }).expect(201);
    expect(rb.body).toMatchObject({ total: 17, belowCutoff: false, clientId: c.couple.partners[1].id });

    const after = await request(t.http).get(`${API}/couples/${c.couple.id}/outcome-assignments`).set(c.a.auth).expect(200);
    expect(after.body.data[0].dueForYou).toBe(false);
    // The same occasion twice is 409; a change is a correction.
    const again = await answer(c.a.auth, made.body.id, { answers: CSI4_HIGH }).expect(409);
    expect(again.body.type).toMatch(/occasion-answered$/);

    // The therapist sees both partners' totals and answers over time.
    const seen = await request(t.http).get(`${API}/couples/${c.couple.id}/outcome-responses`).set(w.as.owner.auth).expect(200);
    expect(seen.body.data.map((r: { total: number; answers: unknown }) => [r.total, r.answers])).toEqual([
      [17, CSI4_HIGH],
      [12, CSI4_LOW],
    ]);
    const rows: { instrument_version: number }[] = await t.db.query('SELECT instrument_version FROM outcome_responses WHERE assignment_id = $1', [made.body.id]);
    expect(rows.map((r) => r.instrument_version)).toEqual([1, 1]);
  });

  it('refuses answers out of range, missing or extra items, naming each (400), and stores nothing', async () => {
    const c = await cast();
    const made = await assign(w.as.owner.auth, c.couple.id, { instrument: 'csi-4', schedule: 'once' }).expect(201);
    const bad = await answer(c.a.auth, made.body.id, { answers: { '1': 7, '2': 1, '4': 1, '9': 2 } }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['answers.1', 'answers.3', 'answers.9']);
    await answer(c.a.auth, made.body.id, { answers: { ...CSI4_LOW, '2': 2.5 } }).expect(400);
    await assign(w.as.owner.auth, c.couple.id, { instrument: 'csi-4', schedule: 'weeks' }).expect(400);
    await assign(w.as.owner.auth, c.couple.id, { instrument: 'csi-4', schedule: 'once', every: 2 }).expect(400);
    await assign(w.as.owner.auth, c.couple.id, { instrument: 'csi-8', schedule: 'once' }).expect(400);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM outcome_responses WHERE assignment_id = $1', [made.body.id]);
    expect(n).toBe(0);
  });

  it('leaves sharing a partner’s totals with the other to the couple’s therapist: an admin assigns and may stop sharing, but not start it', async () => {
    const c = await cast();
    const refused = await assign(w.as.admin.auth, c.couple.id, { instrument: 'csi-4', schedule: 'once', sharesTotals: true }).expect(403);
    expect(refused.body.detail).toMatch(/therapist/);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outcome_assignments WHERE couple_id = $1`, [c.couple.id]);
    expect(n).toBe(0);
    const made = await assign(w.as.admin.auth, c.couple.id, { instrument: 'csi-4', schedule: 'once' }).expect(201);
    await request(t.http).patch(`${API}/outcome-assignments/${made.body.id}`).set(w.as.admin.auth).send({ sharesTotals: true }).expect(403);
    const [kept] = await t.db.query(`SELECT shares_totals FROM outcome_assignments WHERE id = $1`, [made.body.id]);
    expect(kept.shares_totals).toBe(false);
    await request(t.http).patch(`${API}/outcome-assignments/${made.body.id}`).set(w.as.owner.auth).send({ sharesTotals: true }).expect(200);
    const stopped = await request(t.http).patch(`${API}/outcome-assignments/${made.body.id}`).set(w.as.admin.auth).send({ sharesTotals: false }).expect(200);
    expect(stopped.body.sharesTotals).toBe(false);
  });

  it('keeps each partner’s answers private: the other partner gets 404, and totals only when the therapist shares them', async () => {
    const c = await cast();
    const made = await assign(w.as.owner.auth, c.couple.id, { instrument: 'csi-4', schedule: 'once' }).expect(201);
    const ra = await answer(c.a.auth, made.body.id, { answers: CSI4_LOW }).expect(201);
    const rb = await answer(c.b.auth, made.body.id, { answers: CSI4_HIGH }).expect(201);

    await request(t.http).get(`${API}/outcome-responses/${rb.body.id}`).set(c.a.auth).expect(404);
    await request(t.http).get(`${API}/outcome-responses/${ra.body.id}`).set(c.a.auth).expect(200);
    const hidden = await request(t.http).get(`${API}/couples/${c.couple.id}/outcome-responses`).set(c.a.auth).expect(200);
    expect(hidden.body.data.map((r: { id: string }) => r.id)).toEqual([ra.body.id]);

    // The therapist shares totals: A now sees B's total, never B's item answers.
    await request(t.http).patch(`${API}/outcome-assignments/${made.body.id}`).set(c.b.auth).send({ sharesTotals: true }).expect(403);
    await request(t.http).patch(`${API}/outcome-assignments/${made.body.id}`).set(w.as.owner.auth).send({ sharesTotals: true }).expect(200);
    const shared = await request(t.http).get(`${API}/couples/${c.couple.id}/outcome-responses`).set(c.a.auth).expect(200);
    expect(shared.body.data).toEqual([
      expect.objectContaining({ id: rb.body.id, total: 17, answers: null, isYou: false }),
      expect.objectContaining({ id: ra.body.id, total: 12, answers: CSI4_LOW, isYou: true }),
    ]);
    await request(t.http).get(`${API}/outcome-responses/${rb.body.id}`).set(c.a.auth).expect(404);
    // Reads are audited, with both partners as the clients concerned.
    const audited: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE resource_type = 'outcome_response' AND action = 'read' AND resource_id = $1`,
      [ra.body.id],
    );
    expect(audited[0].n).toBeGreaterThanOrEqual(1);
  });

  it('refuses the attacks: answering for the other partner, for another couple, with a correction of the other’s response, or as staff', async () => {
    const c = await cast();
    const made = await assign(w.as.owner.auth, c.couple.id, { instrument: 'csi-4', schedule: 'once' }).expect(201);
    const rb = await answer(c.b.auth, made.body.id, { answers: CSI4_HIGH }).expect(201);
    // No partner field: the partner is always the caller.
    const named = await answer(c.a.auth, made.body.id, { answers: CSI4_LOW, clientId: c.couple.partners[1].id }).expect(400);
    expect(JSON.stringify(named.body.errors)).toContain('clientId');
    // A correction naming the other partner's response.
    const stolen = await answer(c.a.auth, made.body.id, { answers: CSI4_LOW, corrects: rb.body.id }).expect(422);
    expect(stolen.body.type).toMatch(/correction-not-found$/);
    // An assignment of another couple: out of reach.
    const theirs = await assign(w.as.owner.auth, w.couple.id, { instrument: 'csi-4', schedule: 'once' }).expect(201);
    await answer(c.a.auth, theirs.body.id, { answers: CSI4_LOW }).expect(404);
    await answer(w.as.otherCouplePartner.auth, made.body.id, { answers: CSI4_LOW }).expect(404);
    // Staff never answer for a partner.
    await answer(w.as.owner.auth, made.body.id, { answers: CSI4_LOW }).expect(403);
    await answer(w.as.otherTherapist.auth, made.body.id, { answers: CSI4_LOW }).expect(404);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM outcome_responses WHERE assignment_id = $1', [made.body.id]);
    expect(n).toBe(1);
  });

  it('keeps responses append-only: a correction is a new response, the original kept; the database refuses UPDATE and DELETE', async () => {
    const c = await cast();
    const made = await assign(w.as.owner.auth, c.couple.id, { instrument: 'csi-4', schedule: 'once' }).expect(201);
    const first = await answer(c.a.auth, made.body.id, { answers: CSI4_LOW }).expect(201);
    const fixed = await answer(c.a.auth, made.body.id, { answers: CSI4_HIGH, corrects: first.body.id }).expect(201);
    expect(fixed.body).toMatchObject({ corrects: first.body.id, occasion: 0, total: 17 });
    const original = await request(t.http).get(`${API}/outcome-responses/${first.body.id}`).set(c.a.auth).expect(200);
    expect(original.body).toMatchObject({ total: 12, correctedBy: fixed.body.id });
    // Corrected once only: a second correction names the latest.
    await answer(c.a.auth, made.body.id, { answers: CSI4_HIGH, corrects: first.body.id }).expect(422);
    await expect(t.db.query('UPDATE outcome_responses SET total = 0 WHERE id = $1', [first.body.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM outcome_responses WHERE id = $1', [first.body.id])).rejects.toThrow(/append-only/);
  });

  it('tells the partners again when a weekly occasion falls due, once per occasion, by the clock it is given', async () => {
    const c = await cast();
    const made = await assign(w.as.owner.auth, c.couple.id, { instrument: 'csi-4', schedule: 'weeks', every: 2 }).expect(201);
    const outcomes = t.app.get(OutcomesService);
    const assignedAt = new Date(made.body.assignedAt).getTime();
    const before = (await notices(c.emails)).length;
    await outcomes.sendDueNotices(new Date(assignedAt + 2 * WEEK_MS - 60_000));
    expect((await notices(c.emails)).length).toBe(before);
    await outcomes.sendDueNotices(new Date(assignedAt + 2 * WEEK_MS + 60_000));
    await outcomes.sendDueNotices(new Date(assignedAt + 2 * WEEK_MS + 120_000));
    const told = await notices(c.emails);
    expect(told.length).toBe(before + 1);
    expect(told.at(-1)!.to).toBe(c.emails[0]);
    const claimed: { occasion: number }[] = await t.db.query('SELECT occasion FROM outcome_notices WHERE assignment_id = $1 ORDER BY occasion', [made.body.id]);
    expect(claimed.map((r) => r.occasion)).toEqual([0, 1]);
  });

  it('puts the satisfaction series beside the repair figures in the couple’s summary, by month, with the gap and the cutoff', async () => {
    const c = await cast();
    const made = await assign(w.as.owner.auth, c.couple.id, { instrument: 'csi-4', schedule: 'once' }).expect(201);
    await answer(c.a.auth, made.body.id, { answers: CSI4_LOW }).expect(201);
    await answer(c.b.auth, made.body.id, { answers: CSI4_HIGH }).expect(201);
    const now = new Date();
    await insertRupture(t, c.couple, { occurredAt: new Date(now.getTime() - 20 * 60_000), stage: 'completed', recognizedAfter: 0.05, initiatedAfter: 0.1, completedAfter: 0.25 });
    const month = (await t.db.query(`SELECT to_char(now() AT TIME ZONE 'America/Toronto', 'YYYY-MM') AS m`))[0].m as string;

    const mine = await request(t.http).get(`${API}/couples/${c.couple.id}/repair-summary`).set(w.as.owner.auth).expect(200);
    expect(mine.body).toMatchObject({ total: 1, completed: 1 });
    expect(mine.body.satisfaction).toEqual([
      {
        instrument: 'csi-4',
        cutoff: 13.5,
        months: [
          {
            month,
            partnerA: { total: 12, belowCutoff: true, isYou: false },
            partnerB: { total: 17, belowCutoff: false, isYou: false },
            gap: 5,
            rupturesReported: 1,
            repairsCompleted: 1,
            medianHoursToRepair: 0.25,
          },
        ],
      },
    ]);
    // A partner sees their own total only, until the therapist shares totals.
    const hidden = await request(t.http).get(`${API}/couples/${c.couple.id}/repair-summary`).set(c.a.auth).expect(200);
    expect(hidden.body.satisfaction[0].months[0]).toMatchObject({ partnerA: { total: 12, isYou: true }, partnerB: null, gap: null });
    await request(t.http).patch(`${API}/outcome-assignments/${made.body.id}`).set(w.as.owner.auth).send({ sharesTotals: true }).expect(200);
    const shared = await request(t.http).get(`${API}/couples/${c.couple.id}/repair-summary`).set(c.b.auth).expect(200);
    expect(shared.body.satisfaction[0].months[0]).toMatchObject({ partnerA: { total: 12, isYou: false }, partnerB: { total: 17, isYou: true }, gap: 5 });
  });

  it('answers owner / other therapist / other couple’s partner / admin / anonymous as the caseload rules say', async () => {
    const c = await cast();
    const made = await assign(w.as.owner.auth, c.couple.id, { instrument: 'csi-16', schedule: 'sessions', every: 4 }).expect(201);
    const path = `${API}/couples/${c.couple.id}`;
    await assign(w.as.otherTherapist.auth, c.couple.id, { instrument: 'csi-4', schedule: 'once' }).expect(404);
    await assign(w.as.admin.auth, c.couple.id, { instrument: 'csi-4', schedule: 'once' }).expect(201);
    await assign(c.a.auth, c.couple.id, { instrument: 'csi-4', schedule: 'once' }).expect(403);
    await assign({}, c.couple.id, { instrument: 'csi-4', schedule: 'once' }).expect(401);
    await request(t.http).get(`${path}/outcome-assignments`).set(w.as.otherTherapist.auth).expect(404);
    await request(t.http).get(`${path}/outcome-assignments`).set(w.as.otherCouplePartner.auth).expect(404);
    await request(t.http).get(`${path}/outcome-responses`).set(w.as.otherCouplePartner.auth).expect(404);
    // Admins assign, but read no answers: counts only, in reports.
    await request(t.http).get(`${path}/outcome-responses`).set(w.as.admin.auth).expect(404);
    await request(t.http).get(`${path}/outcome-responses`).set(w.as.owner.auth).expect(200);
    await request(t.http).get(`${path}/outcome-responses`).expect(401);
    await request(t.http).patch(`${API}/outcome-assignments/${made.body.id}`).set(w.as.otherTherapist.auth).send({ sharesTotals: true }).expect(404);
  });

  describe('the de-identified outcome report', () => {
    /** Couples measured first in January 2019 below the cutoff (10), then again on `latestOn`: above (16) when `moved`. */
    async function measuredCouples(n: number, movedCount: number, latestOn: string) {
      for (let i = 0; i < n; i++) {
        const couple = await createCouple(t, w.owner);
        const [{ id }] = await t.db.query(
          `INSERT INTO outcome_assignments (couple_id, instrument, schedule_kind, every, assigned_by_user_id, assigned_at)
           VALUES ($1, 'csi-4', 'weeks', 4, $2, '2019-01-10T15:00:00Z') RETURNING id`,
          [couple.id, w.owner.id],
        );
        for (const p of couple.partners) {
          const later = i < movedCount ? 16 : 10;
          await t.db.query(
            `INSERT INTO outcome_responses (assignment_id, couple_id, client_id, answered_by_user_id, instrument, instrument_version, occasion, answers, total, below_cutoff, answered_at)
             VALUES ($1, $2, $3, $4, 'csi-4', 1, 0, '{}', 10, true, '2019-01-10T16:00:00Z'),
                    ($1, $2, $3, $4, 'csi-4', 1, 1, '{}', $5, $6, $7)`,
            [id, couple.id, p.id, w.owner.id, later, later < 13.5, latestOn],
          );
        }
      }
    }

    it('shows the share moving above the cutoff for 5 couples or more, suppresses fewer (and the quarter around them)', async () => {
      await measuredCouples(4, 2, '2019-03-12T16:00:00Z');
      await measuredCouples(6, 4, '2019-05-14T16:00:00Z');
      const months = await request(t.http).get(`${API}/reports/outcomes`).query({ from: '2019-01-01', to: '2019-07-01' }).set(w.as.admin.auth).expect(200);
      expect(months.body.rows).toEqual([
        { period: '2019-03-01', instrument: 'csi-4', sessionsBand: '0-5', suppressed: true, couples: null, movedAboveCutoff: null, shareMoved: null, repairRateMoved: null, repairRateStayed: null },
        { period: '2019-05-01', instrument: 'csi-4', sessionsBand: '0-5', suppressed: false, couples: 6, movedAboveCutoff: 4, shareMoved: 0.6667, repairRateMoved: null, repairRateStayed: null },
      ]);
      const quarters = await request(t.http).get(`${API}/reports/outcomes`).query({ from: '2019-01-01', to: '2019-07-01', groupBy: 'quarter' }).set(w.as.admin.auth).expect(200);
      expect(quarters.body.rows.map((r: { period: string; suppressed: boolean; couples: number | null }) => [r.period, r.suppressed, r.couples])).toEqual([
        ['2019-01-01', true, null],
        ['2019-04-01', false, 6],
      ]);
      const csv = await request(t.http).get(`${API}/reports/outcomes`).query({ from: '2019-05-01', to: '2019-06-01', format: 'csv' }).set(w.as.admin.auth).expect(200);
      expect(csv.text.split('\r\n')[0]).toBe('period,instrument,sessionsBand,suppressed,couples,movedAboveCutoff,shareMoved,repairRateMoved,repairRateStayed');
      expect(JSON.stringify(months.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      // Whole, closed periods only; therapists and clients do not read it.
      const partMonth = await request(t.http).get(`${API}/reports/outcomes`).query({ from: '2019-01-15', to: '2019-07-01' }).set(w.as.admin.auth).expect(400);
      // The refusal speaks of this report, not of the repair report whose bounds it shares.
      expect(partMonth.body).toMatchObject({ detail: 'This report covers whole calendar months only.', errors: [{ field: 'from' }] });
      await request(t.http).get(`${API}/reports/outcomes`).query({ from: '2019-01-01', to: '2019-07-01' }).set(w.as.owner.auth).expect(403);
      await request(t.http).get(`${API}/reports/outcomes`).query({ from: '2019-01-01', to: '2019-07-01' }).set(w.as.partner.auth).expect(403);
    });
  });
});
