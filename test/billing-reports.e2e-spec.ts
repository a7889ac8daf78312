import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { issueCreditNote, issueInvoice, recordPayment, voidInvoice } from './billing-ledger';
import { createClient, createPortalUser } from './clinic-factories';
import { createAdmin, createTherapist, createUser, loginAs, TestUser } from './factories';
import { useApp } from './use-app';

const API = '/api/v1';

/** The answer's body as text (CSV), as it streamed. */
const asText = (req: request.Test) =>
  req.buffer(true).parse((r, done) => {
    let body = '';
    r.on('data', (c: Buffer) => (body += c.toString()));
    r.on('end', () => done(null, body));
  });

/**
 * Revenue and receivables over invoices, credit notes and payments this file writes in periods no
 * other file uses (revenue in 2031, receivables in 2003), for its own therapists; every figure is
 * worked out by hand from those records, to the cent.
 */
describe('Billing reports', () => {
  const t = useApp();
  let adminUser: TestUser;
  let admin: { Authorization: string };
  let reportKey: string;
  let maya: TestUser;
  let daniel: TestUser;
  let agingTherapist: TestUser;
  let therapistAuth: { Authorization: string };
  let clientAuth: { Authorization: string };

  const get = (report: string, query: Record<string, string>, auth: Record<string, string> = admin) =>
    request(t.http).get(`${API}/reports/${report}`).query(query).set(auth);

  beforeAll(async () => {
    adminUser = await createAdmin(t);
    admin = (await loginAs(t, adminUser)).auth;
    reportKey = (await request(t.http).post(`${API}/api-keys`).set(admin).send({ name: 'Billing reports', scopes: ['reports:read'] }).expect(201)).body.key;
    maya = await createUser(t, 'therapist', { displayName: 'Maya Singh, RP' });
    daniel = await createTherapist(t);
    agingTherapist = await createUser(t, 'therapist', { displayName: 'Noor Haddad, RP' });
    therapistAuth = (await loginAs(t, maya)).auth;
    const by = adminUser.id;

    // Revenue, March and April 2031 in Toronto (EDT from 9 March).
    const alex = await createClient(t, maya);
    clientAuth = (await loginAs(t, await createPortalUser(t, alex))).auth;
    const a = await issueInvoice(t, {
      payerClientId: alex.id, issuedAt: '2031-03-05T15:00:00-05:00', dueOn: '2031-03-19', issuedBy: by,
      lines: [
        { therapistId: maya.id, service: 'couple_80', serviceDate: '2031-03-04', feeCents: 25_000, shareBasisPoints: 6_000 }, // 150.00
        { therapistId: maya.id, service: 'third_party_report', serviceDate: '2031-03-05', feeCents: 20_000 }, // 200.00 + 26.00 HST
      ],
    });
    // 23:30 on 31 March in Toronto is 1 April in UTC: still March's.
    const b = await issueInvoice(t, {
      payerClientId: alex.id, issuedAt: '2031-03-31T23:30:00-04:00', dueOn: '2031-04-14', issuedBy: by,
      lines: [{ therapistId: maya.id, service: 'late_cancellation', serviceDate: '2031-03-31', feeCents: 7_500 }],
    });
    await issueInvoice(t, {
      payerClientId: alex.id, issuedAt: '2031-03-10T10:00:00-04:00', dueOn: '2031-03-24', issuedBy: by,
      lines: [{ therapistId: daniel.id, service: 'couple_50', serviceDate: '2031-03-10', feeCents: 17_500 }],
    });
    const voided = await issueInvoice(t, {
      payerClientId: alex.id, issuedAt: '2031-03-12T10:00:00-04:00', dueOn: '2031-03-26', issuedBy: by,
      lines: [{ therapistId: maya.id, service: 'individual_50', serviceDate: '2031-03-12', feeCents: 15_000 }],
    });
    await voidInvoice(t, voided.id, by, '2031-03-13T10:00:00-04:00');
    const p1 = await recordPayment(t, {
      payerClientId: alex.id, receivedAt: '2031-03-20T12:00:00-04:00', amountCents: 20_000, recordedBy: by,
      allocations: [{ invoiceId: a.id, lineId: a.lines[0].id, amountCents: 15_000 }, { invoiceId: a.id, lineId: a.lines[1].id, amountCents: 5_000 }],
    });
    // April: 30.00 off the (paid) session, given back to credit; 100.00 + 13.00 HST off the report.
    await issueCreditNote(t, {
      invoiceId: a.id, issuedAt: '2031-04-02T09:00:00-04:00', issuedBy: by,
      lines: [{ lineId: a.lines[0].id, amountCents: 3_000 }, { lineId: a.lines[1].id, amountCents: 10_000 }],
      giveBack: [{ paymentId: p1, lineId: a.lines[0].id, amountCents: 3_000 }],
    });
    await recordPayment(t, {
      payerClientId: alex.id, receivedAt: '2031-04-15T12:00:00-04:00', amountCents: 7_500, method: 'cash', recordedBy: by,
      allocations: [{ invoiceId: b.id, lineId: b.lines[0].id, amountCents: 7_500 }],
    });

    // Receivables, 2003 (EDT), for agingTherapist only.
    const sam = await createClient(t, agingTherapist);
    const therapistId = agingTherapist.id;
    const invoice = (issuedAt: string, dueOn: string, service: string, feeCents: number) =>
      issueInvoice(t, { payerClientId: sam.id, issuedAt, dueOn, issuedBy: by, lines: [{ therapistId, service, serviceDate: issuedAt.slice(0, 10), feeCents }] });
    const e = await invoice('2003-06-20T10:00:00-04:00', '2003-06-25', 'individual_50', 15_000); // 5 days: current, 40.00 paid
    await recordPayment(t, { payerClientId: sam.id, receivedAt: '2003-06-26T10:00:00-04:00', amountCents: 4_000, recordedBy: by, allocations: [{ invoiceId: e.id, lineId: e.lines[0].id, amountCents: 4_000 }] });
    const f = await invoice('2003-05-01T10:00:00-04:00', '2003-05-15', 'couple_50', 17_500); // 46 days, 25.00 credited
    await issueCreditNote(t, { invoiceId: f.id, issuedAt: '2003-06-01T10:00:00-04:00', issuedBy: by, lines: [{ lineId: f.lines[0].id, amountCents: 2_500 }] });
    await invoice('2003-04-01T10:00:00-05:00', '2003-04-15', 'late_cancellation', 7_500); // 76 days
    const h = await invoice('2003-02-15T10:00:00-05:00', '2003-03-01', 'third_party_report', 20_000); // 121 days: 226.00 with HST
    await recordPayment(t, { payerClientId: sam.id, receivedAt: '2003-07-02T10:00:00-04:00', amountCents: 5_000, recordedBy: by, allocations: [{ invoiceId: h.id, lineId: h.lines[0].id, amountCents: 5_000 }] });
    const paid = await invoice('2003-06-14T10:00:00-04:00', '2003-06-28', 'no_show', 10_000);
    await recordPayment(t, { payerClientId: sam.id, receivedAt: '2003-06-29T10:00:00-04:00', amountCents: 10_000, recordedBy: by, allocations: [{ invoiceId: paid.id, lineId: paid.lines[0].id, amountCents: 10_000 }] });
    await invoice('2003-07-05T10:00:00-04:00', '2003-07-20', 'individual_50', 15_000); // after 30 June
    const laterVoided = await invoice('2003-06-01T10:00:00-04:00', '2003-06-15', 'individual_50', 15_000); // open on 30 June, void on 5 July
    await voidInvoice(t, laterVoided.id, by, '2003-07-05T10:00:00-04:00');
    // 50.00 received and not applied: the client's credit.
    await recordPayment(t, { payerClientId: sam.id, receivedAt: '2003-06-10T10:00:00-04:00', amountCents: 5_000, recordedBy: by, allocations: [] });
  });

  describe('revenue', () => {
    const spring = { from: '2031-03-01', to: '2031-05-01' };

    it('sums billed, credited, their taxes and collected per month and therapist, to the cent', async () => {
      const res = await get('revenue', { ...spring, therapistId: maya.id }).expect(200);
      expect(res.body).toMatchObject({ from: '2031-03-01T00:00:00-05:00', to: '2031-05-01T00:00:00-04:00', groupBy: 'month', timeZone: 'America/Toronto' });
      expect(res.body.rows).toEqual([
        // 150.00 + 200.00 + 75.00 (the 31 March invoice); the voided one counts nowhere; the 200.00 payment.
        { period: '2031-03-01', therapistId: maya.id, therapistName: 'Maya Singh, RP', billedCents: 42_500, taxBilledCents: 2_600, creditedCents: 0, taxCreditedCents: 0, collectedCents: 20_000 },
        // The credit note (30.00 + 100.00, 13.00 HST); 75.00 received less the 30.00 given back to credit.
        { period: '2031-04-01', therapistId: maya.id, therapistName: 'Maya Singh, RP', billedCents: 0, taxBilledCents: 0, creditedCents: 13_000, taxCreditedCents: 1_300, collectedCents: 4_500 },
      ]);
    });

    it('gives each therapist their own row, and every therapist’s without therapistId', async () => {
      const res = await get('revenue', spring).expect(200);
      const mine = (res.body.rows as { therapistId: string }[]).filter((r) => [maya.id, daniel.id].includes(r.therapistId));
      expect(mine).toHaveLength(3);
      expect(mine).toEqual(expect.arrayContaining([
        expect.objectContaining({ period: '2031-03-01', therapistId: daniel.id, billedCents: 17_500, collectedCents: 0 }),
        expect.objectContaining({ period: '2031-03-01', therapistId: maya.id, billedCents: 42_500 }),
        expect.objectContaining({ period: '2031-04-01', therapistId: maya.id, creditedCents: 13_000 }),
      ]));
    });

    it('cuts weeks in the clinic’s zone', async () => {
      const res = await get('revenue', { from: '2031-03-30', to: '2031-04-06', groupBy: 'week', therapistId: maya.id }).expect(200);
      // Monday 31 March 2031 starts the week; the 23:30 invoice (1 April UTC) and the 2 April credit note are in it.
      expect(res.body.rows).toEqual([expect.objectContaining({ period: '2031-03-31', billedCents: 7_500, creditedCents: 13_000, collectedCents: -3_000 })]);
    });

    it('answers CSV for scripts, with the JSON field names as the header', async () => {
      const res = await asText(get('revenue', { ...spring, therapistId: maya.id, format: 'csv' })).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="revenue-report_2031-03-01_2031-05-01_month.csv"');
      expect(parse(res.body as string, { columns: true })).toEqual([
        { period: '2031-03-01', therapistId: maya.id, therapistName: 'Maya Singh, RP', billedCents: '42500', taxBilledCents: '2600', creditedCents: '0', taxCreditedCents: '0', collectedCents: '20000' },
        { period: '2031-04-01', therapistId: maya.id, therapistName: 'Maya Singh, RP', billedCents: '0', taxBilledCents: '0', creditedCents: '13000', taxCreditedCents: '1300', collectedCents: '4500' },
      ]);
    });
  });

  describe('receivables aging', () => {
    it('ages what each line still owed at the end of the day by its due date, to the cent', async () => {
      const res = await get('receivables-aging', { asOf: '2003-06-30', therapistId: agingTherapist.id }).expect(200);
      const figures = { currentCents: 11_000 + 15_000, days31To60Cents: 15_000, days61To90Cents: 7_500, over90Cents: 22_600, totalCents: 71_100 };
      expect(res.body).toEqual({
        asOf: '2003-06-30',
        timeZone: 'America/Toronto',
        rows: [{ therapistId: agingTherapist.id, therapistName: 'Noor Haddad, RP', ...figures }],
        totals: figures,
        unappliedCreditCents: null,
      });
    });

    it('moves with the date: later payments, invoices and voids count from when they happened', async () => {
      const res = await get('receivables-aging', { asOf: '2003-07-10', therapistId: agingTherapist.id }).expect(200);
      // Current: 110.00 and the 5 July invoice (150.00); the void is gone; 50.00 paid on the report on 2 July.
      expect(res.body.rows).toEqual([{
        therapistId: agingTherapist.id, therapistName: 'Noor Haddad, RP',
        currentCents: 11_000 + 15_000, days31To60Cents: 15_000, days61To90Cents: 7_500, over90Cents: 17_600, totalCents: 66_100,
      }]);
    });

    it('reports the clients’ unapplied credit clinic-wide when no therapist is named', async () => {
      const res = await get('receivables-aging', { asOf: '2003-06-30' }).expect(200);
      expect(res.body.unappliedCreditCents).toBe(5_000);
      expect(res.body.rows).toEqual([expect.objectContaining({ therapistId: agingTherapist.id, totalCents: 71_100 })]);
      expect(res.body.totals).toMatchObject({ totalCents: 71_100 });
    });

    it('answers CSV with Accept: text/csv', async () => {
      const res = await asText(get('receivables-aging', { asOf: '2003-06-30', therapistId: agingTherapist.id }).set('Accept', 'text/csv')).expect(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="receivables-aging-report_2003-06-30.csv"');
      expect(parse(res.body as string, { columns: true })).toEqual([{
        therapistId: agingTherapist.id, therapistName: 'Noor Haddad, RP',
        currentCents: '26000', days31To60Cents: '15000', days61To90Cents: '7500', over90Cents: '22600', totalCents: '71100',
      }]);
    });

    it('refuses a malformed date, naming the field', async () => {
      const res = await get('receivables-aging', { asOf: '2003-02-30' }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
    });
  });

  describe('access', () => {
    it('is for admins and reporting keys: therapists and clients 403, no credentials 401; each read is audited', async () => {
      for (const report of ['revenue', 'receivables-aging']) {
        const query = { from: '2031-03-01', to: '2031-04-01' };
        await get(report, { ...query, therapistId: maya.id }, therapistAuth).expect(403);
        await get(report, query, therapistAuth).expect(403);
        await get(report, query, clientAuth).expect(403);
        await get(report, query, {}).expect(401);
        const byKey = await get(report, report === 'revenue' ? query : { asOf: '2003-06-30' }, { 'X-API-Key': reportKey }).expect(200);
        expect(byKey.body.rows.length).toBeGreaterThan(0);
      }
      const events: { action: string; resource_type: string; client_ids: string[] }[] = await t.db.query(
        `SELECT action, resource_type, client_ids FROM audit_events WHERE actor_kind = 'apiKey' AND resource_type = 'report' ORDER BY seq DESC LIMIT 2`,
      );
      expect(events).toEqual([
        { action: 'export', resource_type: 'report', client_ids: [] },
        { action: 'export', resource_type: 'report', client_ids: [] },
      ]);
    });
  });
});
