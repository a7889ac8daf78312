import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { Actor, authOf, createClient, createPortalUser } from './clinic-factories';
import { loginAs } from './factories';
import { API, bookSession, ZONE } from './session-factories';
import { useClinic } from './use-app';

// Reports written for an insurer are taxed: the clinic has an HST number in this file.
process.env.CLINIC_HST_NUMBER = '123456789 RT0001';

interface Line {
  id: string;
  serviceDate: string;
  durationMinutes: number | null;
  feeCents: number;
  shareBasisPoints: number;
  amountCents: number;
  taxCents: number;
  totalCents: number;
  paidCents: number;
  creditedCents: number;
  therapistId: string;
  therapySessionId: string | null;
}
interface Invoice {
  id: string;
  number: number;
  payerClientId: string;
  status: string;
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
  paidCents: number;
  creditedCents: number;
  balanceCents: number;
  hstNumber: string | null;
  lines: Line[];
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('billing', () => {
  const { t, w } = useClinic();
  const admin = () => w.as.admin.auth;

  /** A session of `minutes` on a day of November 2025 at 10:00 in Toronto, booked by its therapist. */
  async function pastSession(party: { coupleId?: string; clientId?: string }, day: string, minutes: number, auth = w.as.owner.auth): Promise<string> {
    const start = DateTime.fromISO(`${day}T10:00:00`, { zone: ZONE });
    const s = await bookSession(t, auth, { ...party, startsAt: start.toISO()!, endsAt: start.plus({ minutes }).toISO()! });
    return s.id;
  }

  async function complete(id: string, attended?: string[], auth = w.as.owner.auth): Promise<void> {
    await request(t.http).post(`${API}/sessions/${id}/complete`).set(auth).send(attended ? { attendedClientIds: attended } : {}).expect(200);
  }

  /** The clinic's records hold a late cancellation (the API cancels only sessions still to come). */
  async function markLateCancelled(id: string): Promise<void> {
    await t.db.query(
      `UPDATE therapy_sessions SET status = 'cancelled', cancelled_at = lower(during) - interval '3 hours', cancelled_by = 'client', late_cancellation = true WHERE id = $1`,
      [id],
    );
  }

  const issue = (body: object, auth = admin()) => request(t.http).post(`${API}/invoices`).set(auth).send(body);
  const getInvoice = (id: string, auth = admin()) => request(t.http).get(`${API}/invoices/${id}`).set(auth);
  const pay = (body: object) => request(t.http).post(`${API}/payments`).set(admin()).send({ method: 'e_transfer', receivedAt: '2025-12-05T10:00:00-05:00', ...body });
  const balanceOf = async (clientId: string) => (await request(t.http).get(`${API}/clients/${clientId}/balance`).set(admin()).expect(200)).body;

  /** Every invoice's totals are the sums of its lines, each line's tax 13 % half-up or none. */
  function expectConsistent(inv: Invoice): void {
    expect(inv.subtotalCents).toBe(sum(inv.lines.map((l) => l.amountCents)));
    expect(inv.taxCents).toBe(sum(inv.lines.map((l) => l.taxCents)));
    expect(inv.totalCents).toBe(inv.subtotalCents + inv.taxCents);
    expect(inv.balanceCents).toBe(inv.status === 'void' ? 0 : inv.totalCents - inv.creditedCents - inv.paidCents);
  }

  describe('a month of a couple’s sessions, split one third / two thirds', () => {
    let partnerA: string;
    let partnerB: string;
    let invoiceA: Invoice;
    let invoiceB: Invoice;
    let sessions: string[];

    beforeAll(async () => {
      [partnerA, partnerB] = w.couple.partners.map((p) => p.id);
      // Partner A pays 33.33 % of each fee, partner B the rest.
      const couple = await request(t.http)
        .patch(`${API}/couples/${w.couple.id}`)
        .set(w.as.owner.auth)
        .send({ billingPayer: 'split', partnerAShareBasisPoints: 3333 })
        .expect(200);
      expect(couple.body).toMatchObject({ billingPayer: 'split', partnerAShareBasisPoints: 3333 });
      sessions = [
        await pastSession({ coupleId: w.couple.id }, '2025-11-03', 50),
        await pastSession({ coupleId: w.couple.id }, '2025-11-10', 80),
        await pastSession({ coupleId: w.couple.id }, '2025-11-17', 50),
        await pastSession({ coupleId: w.couple.id }, '2025-11-24', 90),
        // Booked and never held: not billable, left out of the period.
        await pastSession({ coupleId: w.couple.id }, '2025-11-26', 50),
      ];
      for (const id of sessions.slice(0, 3)) await complete(id, [partnerA, partnerB]);
      await markLateCancelled(sessions[3]);
    });

    it('issues one invoice per partner for the period, shares summing to each fee to the cent', async () => {
      const res = await issue({ coupleId: w.couple.id, periodFrom: '2025-11-01', periodTo: '2025-12-01' }).expect(201);
      const invoices = res.body.invoices as Invoice[];
      expect(invoices.map((i) => i.payerClientId)).toEqual([partnerA, partnerB]);
      [invoiceA, invoiceB] = invoices;
      // Consecutive numbers, allocated in the one issuing transaction.
      expect(invoiceB.number).toBe(invoiceA.number + 1);
      // Fees 175.00, 250.00, 175.00 and the 75.00 late-cancellation fee; A's third rounded half-up (8332.5 → 8333).
      expect(invoiceA.lines.map((l) => [l.serviceDate, l.durationMinutes, l.feeCents, l.amountCents])).toEqual([
        ['2025-11-03', 50, 17500, 5833],
        ['2025-11-10', 80, 25000, 8333],
        ['2025-11-17', 50, 17500, 5833],
        ['2025-11-24', null, 7500, 2500],
      ]);
      expect(invoiceB.lines.map((l) => l.amountCents)).toEqual([11667, 16667, 11667, 5000]);
      invoiceA.lines.forEach((l, i) => expect(l.amountCents + invoiceB.lines[i].amountCents).toBe(l.feeCents));
      expect([invoiceA.totalCents, invoiceB.totalCents]).toEqual([22499, 45001]);
      expect(invoiceA.totalCents + invoiceB.totalCents).toBe(67500);
      for (const inv of invoices) {
        expectConsistent(inv);
        expect(inv.taxCents).toBe(0); // psychotherapy is exempt
        expect(inv.hstNumber).toBeNull(); // shown only with a taxed line
        expect(inv.lines.every((l) => l.therapistId === w.owner.id)).toBe(true);
      }
      expect(invoiceA.lines.map((l) => l.shareBasisPoints)).toEqual([3333, 3333, 3333, 3333]);
      // The database holds the same figures.
      const [stored] = await t.db.query(`SELECT sum(total_cents)::int AS total FROM invoice_lines WHERE invoice_id = ANY($1::uuid[])`, [[invoiceA.id, invoiceB.id]]);
      expect(stored.total).toBe(67500);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE resource_type = 'invoice' AND action = 'create' AND resource_id = ANY($1::uuid[])`, [[invoiceA.id, invoiceB.id]]);
      expect(n).toBe(2);
    });

    it('never bills a session twice: the same period again has nothing left, a named session is 409', async () => {
      const again = await issue({ coupleId: w.couple.id, periodFrom: '2025-11-01', periodTo: '2025-12-01' }).expect(409);
      expect(again.body.type).toBe('/problems/nothing-to-bill');
      const named = await issue({ sessionIds: [sessions[0]] }).expect(409);
      expect(named.body.type).toBe('/problems/session-already-billed');
      const held = await issue({ sessionIds: [sessions[4]] }).expect(409);
      expect(held.body.type).toBe('/problems/session-not-billable');
    });

    it('takes a partial payment, a credit note and an overpayment held as credit for the next invoice', async () => {
      // Partner A pays 100.00: the first line in full, 41.67 of the second.
      const first = await pay({ payerClientId: partnerA, amountCents: 10000, reference: 'CA7Hq2' }).expect(201);
      expect(first.body).toMatchObject({ amountCents: 10000, allocatedCents: 10000, unallocatedCents: 0 });
      expect(first.body.allocations.map((a: { amountCents: number }) => a.amountCents)).toEqual([5833, 4167]);
      expect(await balanceOf(partnerA)).toEqual({ clientId: partnerA, owingCents: 12499, creditCents: 0, balanceCents: 12499, openInvoices: 1 });

      // The 80-minute session was held for 50: a credit note takes back 25.00 of the second line.
      const note = await request(t.http)
        .post(`${API}/invoices/${invoiceA.id}/credit-notes`)
        .set(admin())
        .send({ reason: 'Session billed at 80 minutes, held for 50', lines: [{ invoiceLineId: invoiceA.lines[1].id, amountCents: 2500 }] })
        .expect(201);
      expect(note.body).toMatchObject({ subtotalCents: 2500, taxCents: 0, totalCents: 2500, lines: [{ invoiceLineId: invoiceA.lines[1].id, amountCents: 2500, totalCents: 2500 }] });
      const afterNote = (await getInvoice(invoiceA.id).expect(200)).body as Invoice;
      expect(afterNote).toMatchObject({ totalCents: 22499, creditedCents: 2500, paidCents: 10000, balanceCents: 9999 });
      expectConsistent(afterNote);

      // 200.00 more: 99.99 settles the invoice, 100.01 is credit.
      await pay({ payerClientId: partnerA, amountCents: 20000, method: 'card_terminal' }).expect(201);
      expect(await balanceOf(partnerA)).toEqual({ clientId: partnerA, owingCents: 0, creditCents: 10001, balanceCents: -10001, openInvoices: 0 });
      const settled = (await getInvoice(invoiceA.id).expect(200)).body as Invoice;
      expect(settled.balanceCents).toBe(0);
      expect(settled.lines.map((l) => l.totalCents - l.creditedCents - l.paidCents)).toEqual([0, 0, 0, 0]);

      // December's session: the credit pays A's share at once.
      const december = await pastSession({ coupleId: w.couple.id }, '2025-12-01', 50);
      await complete(december, [partnerA, partnerB]);
      const next = (await issue({ sessionIds: [december] }).expect(201)).body.invoices as Invoice[];
      const nextA = next.find((i) => i.payerClientId === partnerA)!;
      expect(nextA).toMatchObject({ totalCents: 5833, paidCents: 5833, balanceCents: 0 });
      expect(await balanceOf(partnerA)).toMatchObject({ owingCents: 0, creditCents: 4168, balanceCents: -4168 });
      // Partner A's credit never pays partner B's share.
      expect(next.find((i) => i.payerClientId === partnerB)).toMatchObject({ totalCents: 11667, paidCents: 0, balanceCents: 11667 });
    });

    it('gives a paid part back to credit when a credit note takes it', async () => {
      const before = await balanceOf(partnerA);
      // The first line (58.33) is paid; crediting all of it returns 58.33 to partner A's credit.
      const note = await request(t.http)
        .post(`${API}/invoices/${invoiceA.id}/credit-notes`)
        .set(admin())
        .send({ reason: 'Session of 3 November waived', lines: [{ invoiceLineId: invoiceA.lines[0].id }] })
        .expect(201);
      expect(note.body.totalCents).toBe(5833);
      expect(note.body.number).toBeGreaterThan(0);
      expect(await balanceOf(partnerA)).toMatchObject({ owingCents: 0, creditCents: before.creditCents + 5833 });
      const line = ((await getInvoice(invoiceA.id).expect(200)).body as Invoice).lines[0];
      expect(line).toMatchObject({ totalCents: 5833, creditedCents: 5833, paidCents: 0 });
      // Nothing remains to credit on that line.
      const more = await request(t.http)
        .post(`${API}/invoices/${invoiceA.id}/credit-notes`)
        .set(admin())
        .send({ reason: 'Again', lines: [{ invoiceLineId: invoiceA.lines[0].id, amountCents: 1 }] })
        .expect(409);
      expect(more.body.type).toBe('/problems/credit-exceeds-line');
    });

    it('voids an unpaid invoice, which keeps its number, and bills that share again; a paid one cannot be voided', async () => {
      const voided = await request(t.http).post(`${API}/invoices/${invoiceB.id}/void`).set(admin()).send({ reason: 'Issued before the arrangement was confirmed' }).expect(200);
      expect(voided.body).toMatchObject({ id: invoiceB.id, number: invoiceB.number, status: 'void', balanceCents: 0, voidReason: 'Issued before the arrangement was confirmed' });
      const again = await request(t.http).post(`${API}/invoices/${invoiceB.id}/void`).set(admin()).send({ reason: 'Twice' }).expect(409);
      expect(again.body.type).toBe('/problems/invoice-void');
      await pay({ payerClientId: partnerB, amountCents: 100 }).expect(201);
      const credit = await request(t.http).post(`${API}/invoices/${invoiceB.id}/credit-notes`).set(admin()).send({ reason: 'x', lines: [{ invoiceLineId: invoiceB.lines[0].id }] }).expect(409);
      expect(credit.body.type).toBe('/problems/invoice-void');

      // Partner B's share of November is billed again, on a new number; partner A's is not billed twice.
      const rebilled = (await issue({ coupleId: w.couple.id, periodFrom: '2025-11-01', periodTo: '2025-12-01' }).expect(201)).body.invoices as Invoice[];
      expect(rebilled.map((i) => i.payerClientId)).toEqual([partnerB]);
      expect(rebilled[0].number).toBeGreaterThan(invoiceB.number);
      // Partner B's 1.00 went to their oldest open invoice (December's), not to the void one.
      expect(rebilled[0]).toMatchObject({ totalCents: 45001, paidCents: 0, balanceCents: 45001 });

      const paid = await request(t.http).post(`${API}/invoices/${invoiceA.id}/void`).set(admin()).send({ reason: 'Mistake' }).expect(409);
      expect(paid.body.type).toBe('/problems/invoice-paid');
    });

    it.each<[Actor, number]>([
      ['owner', 200],
      ['admin', 200],
      ['partner', 200],
      ['otherPartner', 404],
      ['otherTherapist', 404],
      ['otherCouplePartner', 404],
      ['anonymous', 401],
    ])('GET /invoices/{id} of partner A’s invoice as %s → %i', async (actor, status) => {
      const res = await request(t.http).get(`${API}/invoices/${invoiceA.id}`).set(authOf(w, actor)).expect(status);
      if (status === 200) expect(res.body.number).toBe(invoiceA.number);
    });

    it.each<[Actor, number]>([
      ['owner', 200],
      ['admin', 200],
      ['partner', 200],
      ['otherPartner', 404],
      ['otherTherapist', 404],
      ['otherCouplePartner', 404],
      ['anonymous', 401],
    ])('GET /clients/{id}/balance of partner A as %s → %i', async (actor, status) => {
      await request(t.http).get(`${API}/clients/${partnerA}/balance`).set(authOf(w, actor)).expect(status);
    });

    it('lists a client’s own invoices and payments only, and audits the reads', async () => {
      const mine = await request(t.http).get(`${API}/invoices`).set(w.as.partner.auth).expect(200);
      expect(mine.body.data.length).toBeGreaterThan(0);
      expect(mine.body.data.every((i: Invoice) => i.payerClientId === partnerA)).toBe(true);
      const theirs = await request(t.http).get(`${API}/invoices`).set(w.as.otherCouplePartner.auth).expect(200);
      expect(theirs.body.data).toEqual([]);
      const other = await request(t.http).get(`${API}/invoices`).set(w.as.otherTherapist.auth).expect(200);
      expect(other.body.data.some((i: Invoice) => [partnerA, partnerB].includes(i.payerClientId))).toBe(false);
      const payments = await request(t.http).get(`${API}/payments`).set(w.as.partner.auth).expect(200);
      expect(payments.body.data.map((p: { payerClientId: string }) => p.payerClientId)).toEqual([partnerA, partnerA]);
      await request(t.http).get(`${API}/payments/${payments.body.data[0].id}`).set(w.as.otherPartner.auth).expect(404);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE resource_type = 'invoice' AND action = 'read' AND resource_id = $1 AND actor_role = 'client'`,
        [invoiceA.id],
      );
      expect(n).toBeGreaterThan(0);
    });

    it('refuses any change of an issued invoice: no route edits it, and the database refuses it', async () => {
      await request(t.http).patch(`${API}/invoices/${invoiceA.id}`).set(admin()).send({ totalCents: 1 }).expect(405);
      await expect(t.db.query(`UPDATE invoices SET total_cents = 1, subtotal_cents = 1 WHERE id = $1`, [invoiceA.id])).rejects.toThrow(/cannot change/);
      await expect(t.db.query(`UPDATE invoice_lines SET amount_cents = 1 WHERE invoice_id = $1`, [invoiceA.id])).rejects.toThrow(/append-only/);
      await expect(t.db.query(`DELETE FROM invoices WHERE id = $1`, [invoiceA.id])).rejects.toThrow(/cannot change/);
      await expect(t.db.query(`UPDATE payments SET amount_cents = 1 WHERE payer_client_id = $1`, [partnerA])).rejects.toThrow(/append-only/);
      // Un-voiding is a change too.
      await expect(t.db.query(`UPDATE invoices SET status = 'issued', voided_at = NULL, voided_by = NULL, void_reason = NULL WHERE id = $1`, [invoiceB.id])).rejects.toThrow(/cannot change/);
      const unchanged = (await getInvoice(invoiceA.id).expect(200)).body as Invoice;
      expect(unchanged.totalCents).toBe(22499);
    });

    it('refuses writes by anyone but an admin', async () => {
      await issue({ sessionIds: [sessions[0]] }, w.as.owner.auth).expect(403);
      await issue({ sessionIds: [sessions[0]] }, w.as.partner.auth).expect(403);
      await request(t.http).post(`${API}/payments`).set(w.as.partner.auth).send({ payerClientId: partnerA, method: 'cash', amountCents: 100, receivedAt: '2025-12-05T10:00:00-05:00' }).expect(403);
      await request(t.http).post(`${API}/invoices/${invoiceA.id}/void`).set(w.as.owner.auth).send({ reason: 'x' }).expect(403);
      await request(t.http).post(`${API}/invoices`).send({ sessionIds: [sessions[0]] }).expect(401);
    });
  });

  describe('amounts', () => {
    it.each<[string, object, string]>([
      ['a negative amount', { amountCents: -500 }, 'amountCents'],
      ['a fractional amount', { amountCents: 12.5 }, 'amountCents'],
      ['an amount as text', { amountCents: '100' }, 'amountCents'],
      ['a card number as reference', { amountCents: 100, reference: '4111 1111 1111 1111' }, 'reference'],
      ['an unknown method', { amountCents: 100, method: 'cheque' }, 'method'],
    ])('refuses a payment with %s (400 naming the field)', async (_, body, field) => {
      const res = await pay({ payerClientId: w.couple.partners[0].id, ...body }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('refuses a fractional or negative credit and a price in fractions of a cent (400 naming the field)', async () => {
      const res = await request(t.http)
        .post(`${API}/invoices/${randomUUID()}/credit-notes`)
        .set(admin())
        .send({ reason: 'x', lines: [{ invoiceLineId: randomUUID(), amountCents: 0.5 }] })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).join()).toMatch(/amountCents/);
      const price = await request(t.http).post(`${API}/fee-schedule`).set(admin()).send({
        code: 'report_fraction', name: 'x', kind: 'document', taxTreatment: 'hst_13', unitPriceCents: -1, effectiveFrom: '2026-01-01',
      }).expect(400);
      expect(price.body.errors.map((e: { field: string }) => e.field)).toContain('unitPriceCents');
    });

    it('names the payer out of reach like one that does not exist (422)', async () => {
      const res = await pay({ payerClientId: randomUUID(), amountCents: 100 }).expect(422);
      expect(res.body.type).toBe('/problems/unknown-payer');
    });
  });

  describe('fee schedule and taxed documents', () => {
    it('lets therapists read the schedule, with the defaults the clinic starts with', async () => {
      const res = await request(t.http).get(`${API}/fee-schedule?limit=100`).set(w.as.owner.auth).expect(200);
      const byCode = Object.fromEntries(res.body.data.map((s: { code: string }) => [s.code, s]));
      expect(byCode.couple_80).toMatchObject({ kind: 'session', party: 'couple', durationMinutes: 80, taxTreatment: 'exempt', currentPriceCents: 25000 });
      expect(byCode.third_party_report).toMatchObject({ kind: 'document', taxTreatment: 'hst_13' });
      expect(Object.keys(byCode)).toEqual(expect.arrayContaining(['individual_50', 'couple_50', 'couple_90', 'late_cancellation', 'no_show']));
      await request(t.http).get(`${API}/fee-schedule`).set(w.as.partner.auth).expect(403);
      await request(t.http).post(`${API}/fee-schedule`).set(w.as.owner.auth).send({}).expect(403);
    });

    it('adds a service type and a new price from a date; invoices keep the price of their service date', async () => {
      const code = `report_${randomUUID().slice(0, 8)}`;
      const created = await request(t.http)
        .post(`${API}/fee-schedule`)
        .set(admin())
        .set('Idempotency-Key', `fee-${code}`)
        .send({ code, name: 'Progress report for an insurer', kind: 'document', taxTreatment: 'hst_13', unitPriceCents: 15050, effectiveFrom: '2025-01-01' })
        .expect(201);
      expect(created.headers.location).toBe(`${API}/fee-schedule/${created.body.id}`);
      const replay = await request(t.http)
        .post(`${API}/fee-schedule`)
        .set(admin())
        .set('Idempotency-Key', `fee-${code}`)
        .send({ code, name: 'Progress report for an insurer', kind: 'document', taxTreatment: 'hst_13', unitPriceCents: 15050, effectiveFrom: '2025-01-01' })
        .expect(201);
      expect(replay.headers['idempotency-replayed']).toBe('true');
      expect(replay.body.id).toBe(created.body.id);
      const priced = await request(t.http).post(`${API}/fee-schedule/${created.body.id}/prices`).set(admin()).send({ unitPriceCents: 20000, effectiveFrom: '2025-12-01' }).expect(201);
      expect(priced.body).toMatchObject({ currentPriceCents: 20000, prices: [{ effectiveFrom: '2025-01-01', unitPriceCents: 15050 }, { effectiveFrom: '2025-12-01', unitPriceCents: 20000 }] });
      await request(t.http).post(`${API}/fee-schedule/${created.body.id}/prices`).set(admin()).send({ unitPriceCents: 1, effectiveFrom: '2025-12-01' }).expect(409);

      // A report of November at its November price: 150.50 + 13 % HST = 19.565 → 19.57 (half-up).
      const client = await createClient(t, w.owner);
      const res = await issue({ documents: [{ serviceTypeId: created.body.id, clientId: client.id, therapistId: w.owner.id, serviceDate: '2025-11-20' }] }).expect(201);
      const [inv] = res.body.invoices as Invoice[];
      expect(inv.lines[0]).toMatchObject({ feeCents: 15050, amountCents: 15050, taxCents: 1957, totalCents: 17007, durationMinutes: null, therapySessionId: null });
      expect(inv).toMatchObject({ subtotalCents: 15050, taxCents: 1957, totalCents: 17007, hstNumber: '123456789 RT0001' });
      expectConsistent(inv);
    });

    it('refuses a session with no fitting service type (409 naming the session)', async () => {
      const client = await createClient(t, w.owner);
      const id = await pastSession({ clientId: client.id }, '2025-11-12', 45);
      await complete(id);
      const res = await issue({ sessionIds: [id] }).expect(409);
      expect(res.body).toMatchObject({ type: '/problems/no-service-type', sessionId: id });
    });
  });

  describe('numbering', () => {
    it('gives invoices issued at the same time distinct numbers, and leaves no gap', async () => {
      const clients = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createClient(t, w.owner)));
      const ids: string[] = [];
      for (const [i, c] of clients.entries()) {
        const id = await pastSession({ clientId: c.id }, `2025-10-${String(i + 1).padStart(2, '0')}`, 50);
        await complete(id);
        ids.push(id);
      }
      // A failed issue in the middle takes no number.
      const answers = await Promise.all([...ids.map((id) => issue({ sessionIds: [id] })), issue({ sessionIds: [ids[0], randomUUID()] })]);
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201, 404]);
      const numbers = answers.slice(0, 6).map((a) => (a.body.invoices as Invoice[])[0].number);
      expect(new Set(numbers).size).toBe(6);
      const [all] = await t.db.query(`SELECT count(*)::int AS n, min(number) AS first, max(number) AS last, count(DISTINCT number)::int AS distinct FROM invoices`);
      expect(all).toEqual({ n: all.last, first: 1, last: all.last, distinct: all.last });
      const [counter] = await t.db.query(`SELECT last_number FROM billing_counters WHERE name = 'invoice'`);
      expect(counter.last_number).toBe(all.last);
    });
  });

  describe('retries and races', () => {
    it('bills a session once when two requests race for it, and replays a retried issue or payment', async () => {
      const client = await createClient(t, w.owner);
      const id = await pastSession({ clientId: client.id }, '2025-08-04', 50);
      await complete(id);
      const raced = await Promise.all([issue({ sessionIds: [id] }), issue({ sessionIds: [id] })]);
      expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(raced.find((r) => r.status === 409)?.body.type).toBe('/problems/session-already-billed');

      const other = await pastSession({ clientId: client.id }, '2025-08-11', 50);
      await complete(other);
      const key = `issue-${randomUUID()}`;
      const first = await issue({ sessionIds: [other] }).set('Idempotency-Key', key).expect(201);
      const replay = await issue({ sessionIds: [other] }).set('Idempotency-Key', key).expect(201);
      expect(replay.headers['idempotency-replayed']).toBe('true');
      expect(replay.body.invoices.map((i: Invoice) => i.number)).toEqual(first.body.invoices.map((i: Invoice) => i.number));
      const paymentKey = `pay-${randomUUID()}`;
      const paid = await pay({ payerClientId: client.id, amountCents: 15000 }).set('Idempotency-Key', paymentKey).expect(201);
      const again = await pay({ payerClientId: client.id, amountCents: 15000 }).set('Idempotency-Key', paymentKey).expect(201);
      expect(again.body.id).toBe(paid.body.id);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM payments WHERE payer_client_id = $1`, [client.id]);
      expect(n).toBe(1);
      await pay({ payerClientId: client.id, amountCents: 14000 }).set('Idempotency-Key', paymentKey).expect(422);
    });
  });

  describe('a couple billed to one partner', () => {
    it('bills partner B alone when the couple says so, and shows partner B their invoice and not partner A', async () => {
      const couple = await request(t.http).post(`${API}/couples`).set(w.as.owner.auth).send({
        partnerAId: (await createClient(t, w.owner)).id,
        partnerBId: (await createClient(t, w.owner)).id,
      }).expect(201);
      const [a, b] = couple.body.partners.map((p: { id: string }) => p.id);
      await request(t.http).patch(`${API}/couples/${couple.body.id}`).set(w.as.owner.auth).send({ billingPayer: 'partner_b' }).expect(200);
      const bad = await request(t.http).patch(`${API}/couples/${couple.body.id}`).set(w.as.owner.auth).send({ billingPayer: 'split' }).expect(400);
      expect(bad.body.errors[0].field).toBe('partnerAShareBasisPoints');
      const id = await pastSession({ coupleId: couple.body.id }, '2025-09-15', 90);
      await complete(id, [a, b]);
      const [inv] = (await issue({ sessionIds: [id] }).expect(201)).body.invoices as Invoice[];
      expect(inv).toMatchObject({ payerClientId: b, totalCents: 28000 });
      const portalB = await loginAs(t, await createPortalUser(t, { id: b, legalName: 'B', therapistId: w.owner.id }));
      const portalA = await loginAs(t, await createPortalUser(t, { id: a, legalName: 'A', therapistId: w.owner.id }));
      await getInvoice(inv.id, portalB.auth).expect(200);
      await getInvoice(inv.id, portalA.auth).expect(404);
    });
  });
});
