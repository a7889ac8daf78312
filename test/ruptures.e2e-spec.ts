import request from 'supertest';
import { inZone } from '../src/common/time/in-zone';
import { Actor, authOf, createCouple, createPortalUser, TestCouple } from './clinic-factories';
import { loginAs, Session } from './factories';
import { bookSession, pastSlot } from './session-factories';
import { confirmRepair, insertRupture, recognizeRupture, reportRupture, ruptureBody, startRepairAttempt } from './rupture-factories';
import { useClinic } from './use-app';

const API = '/api/v1';

interface Timeline {
  stage: string;
  recognitions: { recognizedBy: { role: string; name: string; isYou: boolean }; statement: string | null }[];
  attempts: { id: string; sequence: number; status: string; initiator: { name: string }; confirmations: { partner: { name: string }; feelsRepaired: boolean }[] }[];
  transitions: { event: string; fromStage: string | null; toStage: string; attemptId: string | null }[];
}

const events = (body: Timeline) => body.transitions.map((tr) => tr.event);

describe('ruptures and repair', () => {
  const { t, w } = useClinic();
  let a: string; // partner (w.as.partner)
  let b: string; // the other partner (w.as.otherPartner)
  let nameA: string;
  let nameB: string;
  beforeAll(async () => {
    [a, b] = w.couple.partners.map((p) => p.id);
    [nameA, nameB] = w.couple.partners.map((p) => p.legalName);
  });

  /** A rupture of the world's couple, moved to `stage` over HTTP; returns its id and open attempt. */
  async function ruptureAt(stage: 'reported' | 'recognized' | 'initiated' | 'completed', overrides: Record<string, unknown> = {}) {
    const rupture = await reportRupture(t, w.as.partner.auth, w.couple.id, overrides);
    let attemptId: string | undefined;
    if (stage !== 'reported') await recognizeRupture(t, w.as.partner.auth, rupture.id).expect(201);
    if (stage === 'initiated' || stage === 'completed') {
      const res = await startRepairAttempt(t, w.as.partner.auth, rupture.id).expect(201);
      attemptId = res.body.attempts.at(-1).id;
    }
    if (stage === 'completed') {
      await confirmRepair(t, w.as.partner.auth, rupture.id, attemptId!, { feelsRepaired: true }).expect(201);
      await confirmRepair(t, w.as.otherPartner.auth, rupture.id, attemptId!, { feelsRepaired: true }).expect(201);
    }
    return { id: rupture.id as string, attemptId: attemptId as string };
  }

  describe('the full cycle', () => {
    it('moves reported → recognized → initiated → completed when both partners feel repaired', async () => {
      const session = await bookSession(t, w.as.owner.auth, { coupleId: w.couple.id, ...pastSlot() });
      const created = await reportRupture(t, w.as.partner.auth, w.couple.id, {
        description: 'I reached for Sam’s hand and they kept scrolling.',
        severity: 'moderate',
        kind: 'dismissive_tone',
        themes: ['Phones '],
        sessionId: session.id,
      });
      expect(created).toMatchObject({
        coupleId: w.couple.id,
        stage: 'reported',
        reportedBy: { role: 'client', name: nameA, isYou: true },
        severity: 'moderate',
        kind: 'dismissive_tone',
        themes: ['phones'],
        sessionId: session.id,
        recognizedAt: null,
        recurrenceOf: null,
      });
      const id = created.id;

      const first = await recognizeRupture(t, w.as.otherPartner.auth, id, { statement: 'Something happened between us, and I want to understand it.' }).expect(201);
      expect(first.body.stage).toBe('recognized');
      expect(first.body.recognizedAt).not.toBeNull();
      // Later recognitions are kept but do not move the stage.
      const second = await recognizeRupture(t, w.as.partner.auth, id).expect(201);
      const third = await recognizeRupture(t, w.as.owner.auth, id, { statement: 'Named in session.' }).expect(201);
      expect(second.body.stage).toBe('recognized');
      expect(third.body.recognitions.map((r: Timeline['recognitions'][number]) => r.recognizedBy)).toEqual([
        { role: 'client', name: nameB, isYou: false },
        { role: 'client', name: nameA, isYou: false },
        { role: 'therapist', name: expect.any(String), isYou: true },
      ]);

      const attempt = await startRepairAttempt(t, w.as.partner.auth, id, { approach: 'imago_dialogue', imagoSteps: ['mirroring', 'validation', 'empathy'], notes: 'Mirrored until it landed.' }).expect(201);
      expect(attempt.body.stage).toBe('initiated');
      const [open] = attempt.body.attempts;
      expect(open).toMatchObject({ sequence: 1, initiator: { role: 'client', name: nameA, isYou: true }, approach: 'imago_dialogue', imagoSteps: ['mirroring', 'validation', 'empathy'], status: 'open', closedAt: null });

      // One partner's "yes" is not completion.
      const yesA = await confirmRepair(t, w.as.partner.auth, id, open.id, { feelsRepaired: true, comment: 'I felt heard.' }).expect(201);
      expect(yesA.body.stage).toBe('initiated');
      expect(yesA.body.attempts[0].status).toBe('open');
      const yesB = await confirmRepair(t, w.as.otherPartner.auth, id, open.id, { feelsRepaired: true }).expect(201);
      expect(yesB.body.stage).toBe('completed');
      expect(yesB.body.completedAt).not.toBeNull();

      const detail = await request(t.http).get(`${API}/ruptures/${id}`).set(w.as.owner.auth).expect(200);
      const body: Timeline = detail.body;
      expect(body.attempts).toHaveLength(1);
      expect(body.attempts[0]).toMatchObject({ status: 'completed' });
      expect(body.attempts[0].confirmations.map((c) => [c.partner.name, c.feelsRepaired])).toEqual([
        [nameA, true],
        [nameB, true],
      ]);
      expect(body.transitions.map((tr) => [tr.event, tr.fromStage, tr.toStage])).toEqual([
        ['reported', null, 'reported'],
        ['recognized', 'reported', 'recognized'],
        ['initiated', 'recognized', 'initiated'],
        ['completed', 'initiated', 'completed'],
      ]);
      expect(body.transitions[2].attemptId).toBe(open.id);
      expect(body.transitions[3].attemptId).toBe(open.id);

      // Every read and write was audited against both partners.
      const audit: { action: string; client_ids: string[] }[] = await t.db.query(
        `SELECT action, client_ids FROM audit_events WHERE resource_type = 'rupture' AND resource_id = $1 ORDER BY seq`,
        [id],
      );
      expect(audit.map((e) => e.action)).toEqual(['create', 'update', 'update', 'update', 'update', 'update', 'update', 'read']);
      for (const e of audit) expect([...e.client_ids].sort()).toEqual([a, b].sort());
    });

    it('after a "not yet", a second attempt can complete the repair', async () => {
      const { id } = await ruptureAt('recognized');
      const first = await startRepairAttempt(t, w.as.owner.auth, id, { approach: 'apology', initiatorClientId: b }).expect(201);
      const attempt1 = first.body.attempts[0];
      expect(attempt1).toMatchObject({ initiator: { role: 'client', name: nameB, isYou: false }, recordedBy: { role: 'therapist', isYou: true } });

      await confirmRepair(t, w.as.otherPartner.auth, id, attempt1.id, { feelsRepaired: true }).expect(201);
      const notYet = await confirmRepair(t, w.as.partner.auth, id, attempt1.id, { feelsRepaired: false, comment: 'Not yet.' }).expect(201);
      expect(notYet.body.stage).toBe('initiated');
      expect(notYet.body.attempts[0]).toMatchObject({ status: 'incomplete', closedAt: expect.any(String) });

      const second = await startRepairAttempt(t, w.as.partner.auth, id, { approach: 'behaviour_change_request', requests: ['  Phones away at breakfast '] }).expect(201);
      const attempt2 = second.body.attempts[1];
      expect(attempt2).toMatchObject({ sequence: 2, status: 'open', requests: ['Phones away at breakfast'], initiator: { name: nameA } });

      await confirmRepair(t, w.as.partner.auth, id, attempt2.id, { feelsRepaired: true }).expect(201);
      const done = await confirmRepair(t, w.as.otherPartner.auth, id, attempt2.id, { feelsRepaired: true }).expect(201);
      expect(done.body.stage).toBe('completed');
      expect(done.body.attempts.map((x: { status: string }) => x.status)).toEqual(['incomplete', 'completed']);
      expect(events(done.body)).toEqual(['reported', 'recognized', 'initiated', 'attempt_incomplete', 'initiated', 'completed']);
      expect(done.body.transitions[3]).toMatchObject({ fromStage: 'initiated', toStage: 'initiated', attemptId: attempt1.id });
    });
  });

  describe('refusals', () => {
    const expectProblem = (res: request.Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.type).toBe(`/problems/${code}`);
    };

    it('links only a session of the same couple', async () => {
      const own = await bookSession(t, w.as.owner.auth, { coupleId: w.couple.id, ...pastSlot() });
      const other = await bookSession(t, w.as.otherTherapist.auth, { coupleId: w.otherCouple.id, ...pastSlot() });
      const post = (auth: Record<string, string>, sessionId: string) =>
        request(t.http).post(`/api/v1/couples/${w.couple.id}/ruptures`).set(auth).send(ruptureBody({ sessionId }));
      const linked = await reportRupture(t, w.as.partner.auth, w.couple.id, { sessionId: own.id });
      expect(linked.sessionId).toBe(own.id);
      expectProblem(await post(w.as.partner.auth, other.id), 422, 'session-not-of-couple');
      // Out of reach stays 404, whatever the session.
      expectProblem(await post(w.as.otherTherapist.auth, other.id), 404, 'not-found');
    });

    it('refuses a repair attempt before recognition (no skipping)', async () => {
      const { id } = await ruptureAt('reported');
      expectProblem(await startRepairAttempt(t, w.as.partner.auth, id), 409, 'rupture-not-recognized');
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM repair_attempts WHERE rupture_id = $1', [id]);
      expect(n).toBe(0);
    });

    it('refuses a second open attempt', async () => {
      const { id } = await ruptureAt('initiated');
      expectProblem(await startRepairAttempt(t, w.as.otherPartner.auth, id), 409, 'repair-attempt-open');
    });

    it('refuses a second recognition by the same person', async () => {
      const { id } = await ruptureAt('recognized');
      expectProblem(await recognizeRupture(t, w.as.partner.auth, id), 409, 'already-recognized');
    });

    it('refuses a partner confirming twice on one attempt', async () => {
      const { id, attemptId } = await ruptureAt('initiated');
      await confirmRepair(t, w.as.partner.auth, id, attemptId, { feelsRepaired: true }).expect(201);
      expectProblem(await confirmRepair(t, w.as.partner.auth, id, attemptId, { feelsRepaired: true }), 409, 'already-confirmed');
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM repair_confirmations WHERE attempt_id = $1', [attemptId]);
      expect(n).toBe(1);
    });

    it('refuses a confirmation on a closed attempt', async () => {
      const { id, attemptId } = await ruptureAt('initiated');
      await confirmRepair(t, w.as.partner.auth, id, attemptId, { feelsRepaired: false }).expect(201);
      expectProblem(await confirmRepair(t, w.as.otherPartner.auth, id, attemptId, { feelsRepaired: true }), 409, 'repair-attempt-closed');
    });

    it('nobody confirms for someone else: therapist 403, a partner field 400, admin 404', async () => {
      const { id, attemptId } = await ruptureAt('initiated');
      expectProblem(await confirmRepair(t, w.as.owner.auth, id, attemptId, { feelsRepaired: true }), 403, 'forbidden');
      const forOther = await confirmRepair(t, w.as.partner.auth, id, attemptId, { feelsRepaired: true, clientId: b });
      expectProblem(forOther, 400, 'validation');
      expect(forOther.body.errors).toEqual([{ field: 'clientId', message: 'clientId is not a known field' }]);
      expectProblem(await confirmRepair(t, w.as.admin.auth, id, attemptId, { feelsRepaired: true }), 404, 'not-found');
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM repair_confirmations WHERE attempt_id = $1', [attemptId]);
      expect(n).toBe(0);
    });

    it('refuses every move on a completed rupture', async () => {
      const { id, attemptId } = await ruptureAt('completed');
      expectProblem(await recognizeRupture(t, w.as.owner.auth, id), 409, 'rupture-completed');
      expectProblem(await startRepairAttempt(t, w.as.partner.auth, id), 409, 'rupture-completed');
      expectProblem(await confirmRepair(t, w.as.partner.auth, id, attemptId, { feelsRepaired: true }), 409, 'rupture-completed');
    });

    it('answers 404 for an attempt of another rupture', async () => {
      const one = await ruptureAt('initiated');
      const other = await ruptureAt('initiated');
      expectProblem(await confirmRepair(t, w.as.partner.auth, one.id, other.attemptId, { feelsRepaired: true }), 404, 'not-found');
    });

    it('a partner initiates for themself; the therapist names a partner of the couple', async () => {
      const { id } = await ruptureAt('recognized');
      expectProblem(await startRepairAttempt(t, w.as.partner.auth, id, { approach: 'apology', initiatorClientId: b }), 422, 'initiator-not-caller');
      const missing = await startRepairAttempt(t, w.as.owner.auth, id, { approach: 'apology' });
      expectProblem(missing, 400, 'validation');
      expect(missing.body.errors[0].field).toBe('initiatorClientId');
      expectProblem(await startRepairAttempt(t, w.as.owner.auth, id, { approach: 'apology', initiatorClientId: w.otherCouple.partners[0].id }), 422, 'initiator-not-partner');
    });

    it('validates input with field errors and string/array limits', async () => {
      const post = (body: Record<string, unknown>) => request(t.http).post(`${API}/couples/${w.couple.id}/ruptures`).set(w.as.partner.auth).send(body);
      const fields = async (body: Record<string, unknown>) => {
        const res = await post(body);
        expectProblem(res, 400, 'validation');
        return res.body.errors.map((e: { field: string }) => e.field);
      };
      expect(await fields(ruptureBody({ severity: 'huge', kind: 'yelling' }))).toEqual(['severity', 'kind']);
      expect(await fields(ruptureBody({ description: 'x'.repeat(4001) }))).toEqual(['description']);
      expect(await fields(ruptureBody({ description: '   ' }))).toEqual(['description']);
      expect(await fields(ruptureBody({ themes: Array.from({ length: 11 }, (_, i) => `theme ${i}`) }))).toEqual(['themes']);
      expect(await fields(ruptureBody({ themes: ['x'.repeat(41)] }))).toEqual(['themes']);
      expect(await fields(ruptureBody({ occurredAt: 'yesterday' }))).toEqual(['occurredAt']);
      expect(await fields(ruptureBody({ occurredAt: new Date(Date.now() + 86_400_000).toISOString() }))).toEqual(['occurredAt']);
      expect(await fields(ruptureBody({ stage: 'completed' }))).toEqual(['stage']);
      // Ten themes that normalise to fewer are fine.
      await post(ruptureBody({ themes: [...Array.from({ length: 10 }, (_, i) => `Theme ${i}`), ' theme 0 '] })).expect(201);

      const { id } = await ruptureAt('recognized');
      const attemptFields = async (body: Record<string, unknown>) => {
        const res = await startRepairAttempt(t, w.as.partner.auth, id, body);
        expectProblem(res, 400, 'validation');
        return res.body.errors.map((e: { field: string }) => e.field);
      };
      expect(await attemptFields({ approach: 'imago_dialogue' })).toContain('imagoSteps');
      expect(await attemptFields({ approach: 'imago_dialogue', imagoSteps: ['mirroring', 'hugging'] })).toEqual(['imagoSteps']);
      expect(await attemptFields({ approach: 'apology', imagoSteps: ['mirroring'] })).toEqual(['imagoSteps']);
      expect(await attemptFields({ approach: 'behaviour_change_request' })).toContain('requests');
      expect(await attemptFields({ approach: 'behaviour_change_request', requests: Array.from({ length: 11 }, () => 'more') })).toEqual(['requests']);
      expect(await attemptFields({ approach: 'other', notes: 'x'.repeat(4001) })).toEqual(['notes']);
      const statement = await recognizeRupture(t, w.as.otherPartner.auth, id, { statement: 'x'.repeat(2001) });
      expectProblem(statement, 400, 'validation');
      const confirmation = await confirmRepair(t, w.as.partner.auth, id, '00000000-0000-4000-8000-000000000000', { feelsRepaired: 'yes' });
      expectProblem(confirmation, 400, 'validation');
    });
  });

  describe('concurrency', () => {
    it('two partners confirming at the same moment complete the rupture exactly once', async () => {
      for (let round = 0; round < 5; round++) {
        const { id, attemptId } = await ruptureAt('initiated');
        const answers = await Promise.all([
          confirmRepair(t, w.as.partner.auth, id, attemptId, { feelsRepaired: true }),
          confirmRepair(t, w.as.otherPartner.auth, id, attemptId, { feelsRepaired: true }),
        ]);
        expect(answers.map((r) => r.status)).toEqual([201, 201]);
        expect(answers.map((r) => r.body.stage).sort()).toEqual(['completed', 'initiated']);
        const [{ completed }] = await t.db.query(`SELECT count(*)::int AS completed FROM rupture_transitions WHERE rupture_id = $1 AND event = 'completed'`, [id]);
        expect(completed).toBe(1);
        const confirmations = await t.db.query('SELECT client_id, feels_repaired FROM repair_confirmations WHERE attempt_id = $1 ORDER BY client_id', [attemptId]);
        expect(confirmations).toEqual([a, b].sort().map((client_id) => ({ client_id, feels_repaired: true })));
        const [row] = await t.db.query('SELECT r.stage, a.status FROM ruptures r JOIN repair_attempts a ON a.rupture_id = r.id WHERE r.id = $1', [id]);
        expect(row).toEqual({ stage: 'completed', status: 'completed' });
      }
    });

    it('the same partner confirming twice at once is stored once', async () => {
      const { id, attemptId } = await ruptureAt('initiated');
      const answers = await Promise.all([1, 2, 3].map(() => confirmRepair(t, w.as.partner.auth, id, attemptId, { feelsRepaired: true })));
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM repair_confirmations WHERE attempt_id = $1', [attemptId]);
      expect(n).toBe(1);
    });

    it('the database itself refuses a second completed transition and a rewrite of history', async () => {
      const { id } = await ruptureAt('completed');
      await expect(
        t.db.query(`INSERT INTO rupture_transitions (rupture_id, event, from_stage, to_stage, actor_user_id, actor_role) VALUES ($1, 'completed', 'initiated', 'completed', $2, 'therapist')`, [id, w.owner.id]),
      ).rejects.toThrow(/rupture_transitions_once_key/);
      await expect(t.db.query(`DELETE FROM rupture_transitions WHERE rupture_id = $1`, [id])).rejects.toThrow(/append-only/);
    });
  });

  describe('recurrence', () => {
    it('links a rupture to the latest earlier one sharing a normalised theme', async () => {
      const couple = await createCouple(t, w.owner);
      const auth = w.as.owner.auth;
      const first = await reportRupture(t, auth, couple.id, { occurredAt: '2026-01-01T10:00:00Z', themes: [' Money ', 'money', 'In-Laws'] });
      expect(first).toMatchObject({ themes: ['money', 'in-laws'], recurrenceOf: null, recurringThemes: [] });
      const second = await reportRupture(t, auth, couple.id, { occurredAt: '2026-01-08T10:00:00Z', themes: ['MONEY', 'house   chores'] });
      expect(second).toMatchObject({ themes: ['money', 'house chores'], recurrenceOf: first.id, recurringThemes: ['money'] });
      const third = await reportRupture(t, auth, couple.id, { occurredAt: '2026-01-15T10:00:00Z', themes: ['House Chores', 'in-laws', 'sleep'] });
      expect(third).toMatchObject({ recurrenceOf: second.id, recurringThemes: ['house chores', 'in-laws'] });
      const unrelated = await reportRupture(t, auth, couple.id, { occurredAt: '2026-01-20T10:00:00Z', themes: ['holidays'] });
      expect(unrelated).toMatchObject({ recurrenceOf: null, recurringThemes: [] });
      // "Earlier" is when it happened: a rupture backdated before all others recurs nothing.
      const backdated = await reportRupture(t, auth, couple.id, { occurredAt: '2025-12-01T10:00:00Z', themes: ['money'] });
      expect(backdated).toMatchObject({ recurrenceOf: null, recurringThemes: [] });
      // Another couple's themes never link.
      const elsewhere = await reportRupture(t, w.as.partner.auth, w.couple.id, { occurredAt: '2026-02-01T10:00:00Z', themes: ['in-laws-of-another-couple'] });
      expect(elsewhere.recurrenceOf).toBeNull();

      const byTheme = await request(t.http).get(`${API}/couples/${couple.id}/ruptures`).query({ theme: '  MONEY ' }).set(auth).expect(200);
      expect(byTheme.body.data.map((r: { id: string }) => r.id)).toEqual([second.id, first.id, backdated.id]);
    });
  });

  describe('list', () => {
    it('filters by stage, theme, severity and time range, keyset-paginated', async () => {
      const couple = await createCouple(t, w.owner);
      const auth = w.as.owner.auth;
      const ids: string[] = [];
      for (const [day, severity] of [[1, 'minor'], [2, 'major'], [3, 'minor'], [4, 'moderate'], [5, 'minor']] as const) {
        ids.push((await reportRupture(t, auth, couple.id, { occurredAt: `2026-02-0${day}T12:00:00Z`, severity, themes: day % 2 ? ['odd'] : ['even'] })).id);
      }
      await recognizeRupture(t, auth, ids[2]).expect(201);
      const list = (query: Record<string, string | number>) => request(t.http).get(`${API}/couples/${couple.id}/ruptures`).query(query).set(auth).expect(200);
      const idsOf = (res: request.Response) => res.body.data.map((r: { id: string }) => r.id);

      expect(idsOf(await list({}))).toEqual([...ids].reverse());
      expect(idsOf(await list({ severity: 'minor' }))).toEqual([ids[4], ids[2], ids[0]]);
      expect(idsOf(await list({ stage: 'recognized' }))).toEqual([ids[2]]);
      expect(idsOf(await list({ theme: 'Even' }))).toEqual([ids[3], ids[1]]);
      expect(idsOf(await list({ from: '2026-02-02T12:00:00Z', to: '2026-02-04T12:00:00Z' }))).toEqual([ids[2], ids[1]]);

      const page1 = await list({ limit: 2 });
      const page2 = await list({ limit: 2, cursor: page1.body.nextCursor });
      const page3 = await list({ limit: 2, cursor: page2.body.nextCursor });
      expect([...idsOf(page1), ...idsOf(page2), ...idsOf(page3)]).toEqual([...ids].reverse());
      expect(page3.body.nextCursor).toBeNull();

      await request(t.http).get(`${API}/couples/${couple.id}/ruptures`).query({ stage: 'done' }).set(auth).expect(400);
      await request(t.http).get(`${API}/couples/${couple.id}/ruptures`).query({ cursor: 'garbage' }).set(auth).expect(400);
      const [event] = await t.db.query(`SELECT action, client_ids FROM audit_events WHERE resource_type = 'rupture' AND action = 'list' AND $1 = ANY(client_ids) ORDER BY seq DESC LIMIT 1`, [couple.partners[0].id]);
      expect(event.client_ids.sort()).toEqual(couple.partners.map((p) => p.id).sort());
    });
  });

  describe('repair summary', () => {
    const zone = process.env.CLINIC_TIME_ZONE ?? 'America/Toronto';
    const monthIn = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).format(d).slice(0, 7);
    const days = (n: number) => new Date(Date.now() - n * 86_400_000);

    it('computes exact figures on a hand-checked data set', async () => {
      const couple = await createCouple(t, w.owner);
      const old = {
        r1: new Date('2025-01-10T15:00:00Z'),
        r2: new Date('2025-02-01T03:00:00Z'), // 2025-01-31 22:00 in Toronto: a January rupture
        r3: new Date('2025-03-15T12:00:00Z'),
        r4: new Date('2025-03-20T12:00:00Z'),
      };
      const recent = { r5: days(2), r6: days(10), r7: days(20), r8: days(45) };
      await insertRupture(t, couple, { occurredAt: old.r1, stage: 'completed', recognizedAfter: 2, initiatedAfter: 3, completedAfter: 10, themes: ['money'], attempts: ['completed'] });
      // Completed 2025-03-01 05:00 in Toronto, 679 hours after it occurred.
      await insertRupture(t, couple, { occurredAt: old.r2, stage: 'completed', recognizedAfter: 4, initiatedAfter: 5, completedAfter: 679, themes: ['money', 'chores'], attempts: ['incomplete', 'completed'] });
      await insertRupture(t, couple, { occurredAt: old.r3, stage: 'recognized', recognizedAfter: 6, themes: ['money'] });
      await insertRupture(t, couple, { occurredAt: old.r4, stage: 'reported', themes: ['chores'] });
      await insertRupture(t, couple, { occurredAt: recent.r5, stage: 'reported', themes: ['sleep'] });
      await insertRupture(t, couple, { occurredAt: recent.r6, stage: 'initiated', recognizedAfter: 8, initiatedAfter: 9, attempts: ['open'] });
      await insertRupture(t, couple, { occurredAt: recent.r7, stage: 'completed', recognizedAfter: 1, initiatedAfter: 2, completedAfter: 30, attempts: ['completed'] });
      await insertRupture(t, couple, { occurredAt: recent.r8, stage: 'reported' });

      const res = await request(t.http).get(`${API}/couples/${couple.id}/repair-summary`).set(w.as.owner.auth).expect(200);
      const now = new Date(res.body.generatedAt).getTime();
      const ageDays = (d: Date) => Math.floor((now - d.getTime()) / 86_400_000);
      expect(res.body).toMatchObject({
        coupleId: couple.id,
        timeZone: zone,
        total: 8,
        completed: 3,
        openByStage: [
          { stage: 'reported', count: 3, oldestAgeDays: ageDays(old.r4) },
          { stage: 'recognized', count: 1, oldestAgeDays: ageDays(old.r3) },
          { stage: 'initiated', count: 1, oldestAgeDays: 10 },
        ],
        openByAge: { under7Days: 1, days7To29: 1, days30To89: 1, days90OrMore: 2 },
        repairRate: { overall: 0.375, last90Days: 0.25 },
        // Recognition: 1, 2, 4, 6, 8 hours → 4. Completion: 10, 30, 679 → 30. Attempts: 1, 2, 1 → 1.33.
        medianHoursToRecognition: 4,
        medianHoursToCompletion: 30,
        attemptsPerCompletedRepair: 1.33,
        recurringThemes: [
          { theme: 'money', count: 3, lastSeen: inZone(old.r3, zone), repaired: 2 },
          { theme: 'chores', count: 2, lastSeen: inZone(old.r4, zone), repaired: 1 },
        ],
      });

      // Months in the clinic's zone, gaps filled with zeros.
      expect(res.body.months.slice(0, 3)).toEqual([
        { month: '2025-01', reported: 2, completed: 1 },
        { month: '2025-02', reported: 0, completed: 0 },
        { month: '2025-03', reported: 2, completed: 1 },
      ]);
      const expected = new Map<string, { reported: number; completed: number }>();
      const bump = (d: Date, key: 'reported' | 'completed') => {
        const m = monthIn(d);
        const entry = expected.get(m) ?? { reported: 0, completed: 0 };
        entry[key] += 1;
        expected.set(m, entry);
      };
      Object.values(recent).forEach((d) => bump(d, 'reported'));
      bump(new Date(recent.r7.getTime() + 30 * 3_600_000), 'completed');
      const later = res.body.months.slice(3) as { month: string; reported: number; completed: number }[];
      expect(later.at(-1)!.month).toBe([...expected.keys()].sort().at(-1));
      for (const m of later) expect({ reported: m.reported, completed: m.completed }).toEqual(expected.get(m.month) ?? { reported: 0, completed: 0 });
      // One entry per month, consecutive.
      const all = res.body.months.map((m: { month: string }) => m.month);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual([...all].sort());

      const [event] = await t.db.query(`SELECT action, resource_id, client_ids FROM audit_events WHERE resource_type = 'repair_summary' AND resource_id = $1`, [couple.id]);
      expect(event.action).toBe('read');
      expect(event.client_ids.sort()).toEqual(couple.partners.map((p) => p.id).sort());
    });

    it('answers nulls and zeros for a couple without ruptures', async () => {
      const couple = await createCouple(t, w.owner);
      const res = await request(t.http).get(`${API}/couples/${couple.id}/repair-summary`).set(w.as.owner.auth).expect(200);
      expect(res.body).toMatchObject({
        total: 0,
        completed: 0,
        openByStage: [
          { stage: 'reported', count: 0, oldestAgeDays: null },
          { stage: 'recognized', count: 0, oldestAgeDays: null },
          { stage: 'initiated', count: 0, oldestAgeDays: null },
        ],
        repairRate: { overall: null, last90Days: null },
        medianHoursToRecognition: null,
        medianHoursToCompletion: null,
        attemptsPerCompletedRepair: null,
        recurringThemes: [],
        months: [],
      });
    });

    // Speed is measured in bench/, never asserted here; this checks the figures at scale.
    it('summarises a couple with thousands of ruptures', async () => {
      const couple = await createCouple(t, w.owner);
      await t.db.query(
        `INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, description, severity, kind, themes, stage, recognized_at, initiated_at, completed_at)
         SELECT $1, now() - g * interval '3 hours', $2, 'therapist', 'Bulk.', 'minor', 'other', ARRAY['theme ' || (g % 40)]::varchar[],
                CASE WHEN g % 2 = 0 THEN 'completed' ELSE 'reported' END,
                CASE WHEN g % 2 = 0 THEN now() - g * interval '3 hours' + interval '1 hour' END,
                CASE WHEN g % 2 = 0 THEN now() - g * interval '3 hours' + interval '2 hours' END,
                CASE WHEN g % 2 = 0 THEN now() - g * interval '3 hours' + interval '2 hours' END
           FROM generate_series(1, 5000) g`,
        [couple.id, w.owner.id],
      );
      const res = await request(t.http).get(`${API}/couples/${couple.id}/repair-summary`).set(w.as.owner.auth).expect(200);
      expect(res.body).toMatchObject({ total: 5000, completed: 2500, repairRate: { overall: 0.5 } });
      expect(res.body.recurringThemes).toHaveLength(20);
    });
  });

  describe('access', () => {
    const reach: [Actor, number][] = [
      ['owner', 200],
      ['partner', 200],
      ['otherPartner', 200],
      ['otherTherapist', 404],
      ['otherCouplePartner', 404],
      ['admin', 404],
      ['anonymous', 401],
    ];
    // The same reach for writes, which answer 201.
    const writeReach = reach.map(([actor, status]) => [actor, status === 200 ? 201 : status] as [Actor, number]);

    it.each(reach)('GET /couples/{id}/ruptures as %s → %i', async (actor, status) => {
      await ruptureAt('reported');
      const res = await request(t.http).get(`${API}/couples/${w.couple.id}/ruptures`).set(authOf(w, actor)).expect(status);
      if (status === 200) expect(res.body.data.length).toBeGreaterThan(0);
    });

    it.each(writeReach)('POST /couples/{id}/ruptures as %s → %i', async (actor, status) => {
      const res = await request(t.http).post(`${API}/couples/${w.couple.id}/ruptures`).set(authOf(w, actor)).send(ruptureBody());
      expect(res.status).toBe(status);
      if (res.status === 201) {
        const expectedName = actor === 'partner' ? nameA : actor === 'otherPartner' ? nameB : expect.any(String);
        expect(res.body.reportedBy).toEqual({ role: actor === 'owner' ? 'therapist' : 'client', name: expectedName, isYou: true });
      }
    });

    it.each(reach)('GET /couples/{id}/repair-summary as %s → %i', async (actor, status) => {
      await request(t.http).get(`${API}/couples/${w.couple.id}/repair-summary`).set(authOf(w, actor)).expect(status);
    });

    it.each(reach)('GET /ruptures/{id} as %s → %i', async (actor, status) => {
      const { id } = await ruptureAt('reported');
      const res = await request(t.http).get(`${API}/ruptures/${id}`).set(authOf(w, actor)).expect(status);
      if (status === 200) expect(res.body.id).toBe(id);
      if (status === 404) expect(JSON.stringify(res.body)).not.toContain('breakfast');
    });

    it.each(writeReach)('POST /ruptures/{id}/recognition as %s → %i', async (actor, status) => {
      const { id } = await ruptureAt('reported');
      await recognizeRupture(t, authOf(w, actor), id).expect(status);
    });

    it.each(writeReach)('POST /ruptures/{id}/repair-attempts as %s → %i', async (actor, status) => {
      const { id } = await ruptureAt('recognized');
      const body = actor === 'owner' ? { approach: 'apology', initiatorClientId: b } : { approach: 'apology' };
      await startRepairAttempt(t, authOf(w, actor), id, body).expect(status);
    });

    it.each<[Actor, number]>([
      ['owner', 403],
      ['partner', 201],
      ['otherPartner', 201],
      ['otherTherapist', 404],
      ['otherCouplePartner', 404],
      ['admin', 404],
      ['anonymous', 401],
    ])('POST /ruptures/{id}/repair-attempts/{attemptId}/confirmations as %s → %i', async (actor, status) => {
      const { id, attemptId } = await ruptureAt('initiated');
      await confirmRepair(t, authOf(w, actor), id, attemptId, { feelsRepaired: true }).expect(status);
    });

    it('a partner reads the timeline by names and roles: neither partner’s nor the therapist’s internal ids', async () => {
      const { id, attemptId } = await ruptureAt('initiated');
      await recognizeRupture(t, w.as.otherPartner.auth, id).expect(201);
      await confirmRepair(t, w.as.otherPartner.auth, id, attemptId, { feelsRepaired: false }).expect(201);
      await recognizeRupture(t, w.as.owner.auth, id).expect(201);
      const [partnerUser, otherUser]: { portal_user_id: string }[] = await t.db.query(
        'SELECT portal_user_id FROM clients WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)',
        [[a, b]],
      );
      const res = await request(t.http).get(`${API}/ruptures/${id}`).set(w.as.partner.auth).expect(200);
      const text = JSON.stringify(res.body);
      for (const internal of [a, b, partnerUser.portal_user_id, otherUser.portal_user_id, w.owner.id]) expect(text).not.toContain(internal);
      const [mine, theirs] = w.couple.partners.map((p) => p.legalName);
      expect(res.body.reportedBy).toEqual({ role: 'client', name: mine, isYou: true });
      expect(res.body.recognitions.map((g: { recognizedBy: unknown }) => g.recognizedBy)).toEqual([
        { role: 'client', name: mine, isYou: true },
        { role: 'client', name: theirs, isYou: false },
        { role: 'therapist', name: expect.any(String), isYou: false },
      ]);
      expect(res.body.attempts[0]).toMatchObject({ initiator: { role: 'client', name: mine, isYou: true }, recordedBy: { name: mine, isYou: true } });
      expect(res.body.attempts[0].confirmations).toEqual([expect.objectContaining({ partner: { role: 'client', name: theirs, isYou: false }, feelsRepaired: false })]);
      expect(res.body.transitions.map((tr: { actor: { name: string } }) => tr.actor.name)).toEqual([mine, mine, mine, theirs]);
    });

    it('a couple out of reach is 404 even when it has no ruptures; an unknown id too', async () => {
      const empty = await createCouple(t, w.owner);
      await request(t.http).get(`${API}/couples/${empty.id}/ruptures`).set(w.as.owner.auth).expect(200, { data: [], nextCursor: null });
      await request(t.http).get(`${API}/couples/${empty.id}/ruptures`).set(w.as.otherTherapist.auth).expect(404);
      await request(t.http).get(`${API}/ruptures/00000000-0000-4000-8000-000000000000`).set(w.as.owner.auth).expect(404);
      await request(t.http).get(`${API}/ruptures/not-a-uuid`).set(w.as.owner.auth).expect(400);
    });

    it('a partner of another couple of the same therapist gets 404', async () => {
      const stranger: TestCouple = await createCouple(t, w.owner);
      const session: Session = await loginAs(t, await createPortalUser(t, stranger.partners[0]));
      const { id } = await ruptureAt('reported');
      await request(t.http).get(`${API}/ruptures/${id}`).set(session.auth).expect(404);
    });
  });
});
