import request from 'supertest';
import { issueCreditNote, issueInvoice, LedgerInvoice, recordPayment, voidInvoice } from './billing-ledger';
import { createCouple, createPortalUser, TestCouple } from './clinic-factories';
import { createAdmin, createTherapist, createUser, loginAs, TestUser } from './factories';
import { pdfText } from './pdf-text';
import { useApp } from './use-app';

const API = '/api/v1';
const CLINIC = { CLINIC_NAME: 'Harbourview Couples Therapy', CLINIC_ADDRESS: '200 Bay Street, Suite 1200; Toronto, ON M5J 2J2' };
const saved = Object.fromEntries(Object.keys(CLINIC).map((k) => [k, process.env[k]]));
Object.assign(process.env, CLINIC);
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

/** The PDF answer as bytes. */
const asBytes = (req: request.Test) =>
  req.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });

/**
 * March 2026 of a couple billed 60/40 (split arrangement): four 80-minute sessions and a late
 * cancellation, one batched invoice per partner, a duplicate invoice voided, a partial payment by
 * partner A and a credit note on a session she part paid, partner B paying in full. Their receipts,
 * as JSON and as PDFs read back, and who may read them.
 */
describe('Receipts for insurance claims', () => {
  const t = useApp();
  let adminUser: TestUser;
  let maya: TestUser;
  let couple: TestCouple;
  let alexInvoice: LedgerInvoice;
  let samInvoice: LedgerInvoice;
  let creditNoteNumber: number;
  let alexPayment: string;
  let samPayment: string;
  const as: Record<'admin' | 'owner' | 'otherTherapist' | 'alex' | 'sam' | 'otherCouplePartner', Record<string, string>> = {} as never;
  const march = { from: '2026-03-01', to: '2026-04-01' };
  const [alex, sam] = [() => couple.partners[0], () => couple.partners[1]];

  beforeAll(async () => {
    adminUser = await createAdmin(t);
    maya = await createUser(t, 'therapist', { displayName: 'Maya Singh' });
    await t.db.query(`UPDATE therapist_profiles SET crpo_number = '20871' WHERE user_id = $1`, [maya.id]);
    const other = await createTherapist(t);
    couple = await createCouple(t, maya);
    const otherCouple = await createCouple(t, other);
    await t.db.query(`UPDATE clients SET legal_name = $2 WHERE id = $1`, [alex().id, 'Alex Martin']);
    await t.db.query(`UPDATE clients SET legal_name = $2 WHERE id = $1`, [sam().id, 'Sam Okafor']);
    await t.db.query(`UPDATE couples SET billing_payer = 'split', billing_share_a_basis_points = 6000 WHERE id = $1`, [couple.id]);
    const logins = await Promise.all([
      loginAs(t, adminUser), loginAs(t, maya), loginAs(t, other),
      loginAs(t, await createPortalUser(t, alex())), loginAs(t, await createPortalUser(t, sam())), loginAs(t, await createPortalUser(t, otherCouple.partners[0])),
    ]);
    [as.admin, as.owner, as.otherTherapist, as.alex, as.sam, as.otherCouplePartner] = logins.map((l) => l.auth);

    const by = adminUser.id;
    const month = (shareBasisPoints: number) => [
      ...['2026-03-04', '2026-03-11', '2026-03-18', '2026-03-25'].map((serviceDate) => ({ therapistId: maya.id, service: 'couple_80', serviceDate, feeCents: 25_000, shareBasisPoints })),
      { therapistId: maya.id, service: 'late_cancellation', serviceDate: '2026-03-28', feeCents: 7_500, shareBasisPoints },
    ];
    const batch = { coupleId: couple.id, issuedAt: '2026-03-31T17:00:00-04:00', dueOn: '2026-04-30', issuedBy: by };
    alexInvoice = await issueInvoice(t, { ...batch, payerClientId: alex().id, lines: month(6_000) }); // 4 × 150.00 + 45.00
    samInvoice = await issueInvoice(t, { ...batch, payerClientId: sam().id, lines: month(4_000) }); // 4 × 100.00 + 30.00
    const duplicate = await issueInvoice(t, { ...batch, payerClientId: alex().id, lines: month(6_000).slice(0, 1) });
    await voidInvoice(t, duplicate.id, by, '2026-03-31T17:05:00-04:00');
    // Alex pays 400.00 of 645.00, oldest first: 150.00, 150.00 and 100.00 of the 18 March session.
    alexPayment = await recordPayment(t, {
      payerClientId: alex().id, receivedAt: '2026-04-02T10:00:00-04:00', amountCents: 40_000, recordedBy: by,
      allocations: alexInvoice.lines.slice(0, 3).map((l, i) => ({ invoiceId: alexInvoice.id, lineId: l.id, amountCents: i < 2 ? 15_000 : 10_000 })),
    });
    // The 18 March session ended early: 30.00 off Alex's share.
    creditNoteNumber = (await issueCreditNote(t, {
      invoiceId: alexInvoice.id, issuedAt: '2026-04-03T09:00:00-04:00', issuedBy: by, lines: [{ lineId: alexInvoice.lines[2].id, amountCents: 3_000 }],
    })).number;
    samPayment = await recordPayment(t, {
      payerClientId: sam().id, receivedAt: '2026-04-01T12:30:00-04:00', amountCents: 43_000, method: 'card_terminal', recordedBy: by,
      allocations: samInvoice.lines.map((l) => ({ invoiceId: samInvoice.id, lineId: l.id, amountCents: l.totalCents })),
    });
  });

  const session = (date: string, feeCents: number, paidCents: number, invoiceNumber: number) => ({
    invoiceNumber, serviceDate: date, durationMinutes: 80, description: 'Couple psychotherapy session, 80 minutes',
    clientNames: ['Alex Martin', 'Sam Okafor'], therapistId: maya.id, feeCents, taxCents: 0, taxStatus: 'exempt', totalCents: feeCents, paidCents,
  });

  it('makes out a period receipt to the paying partner: her share, what she paid, the credit note, the therapist’s registration', async () => {
    const res = await request(t.http).get(`${API}/clients/${alex().id}/receipt`).query(march).set(as.alex).expect(200);
    expect(res.body).toEqual({
      kind: 'period',
      reference: '2026-03-01 to 2026-04-01',
      // Dated by the last money on it: the payment of 2 April.
      issuedAt: '2026-04-02T10:00:00-04:00',
      periodFrom: '2026-03-01',
      periodTo: '2026-04-01',
      clinic: { name: 'Harbourview Couples Therapy', address: ['200 Bay Street, Suite 1200', 'Toronto, ON M5J 2J2'], hstNumber: null },
      client: { id: alex().id, name: 'Alex Martin' },
      therapists: [{ id: maya.id, name: 'Maya Singh', designation: 'RP', crpoNumber: '20871' }],
      // The 25 March session and the late cancellation are unpaid: not on the receipt.
      services: [
        session('2026-03-04', 15_000, 15_000, alexInvoice.number),
        session('2026-03-11', 15_000, 15_000, alexInvoice.number),
        session('2026-03-18', 15_000, 10_000, alexInvoice.number),
      ],
      payments: [{ paymentId: alexPayment, paidOn: '2026-04-02', method: 'e_transfer', invoiceNumber: alexInvoice.number, amountCents: 40_000 }],
      credits: [{ creditNoteNumber, invoiceNumber: alexInvoice.number, issuedOn: '2026-04-03', amountCents: 3_000 }],
      totals: { feeCents: 45_000, taxCents: 0, creditedCents: 3_000, paidCents: 40_000 },
    });
  });

  it('gives the other partner her own receipt for her 40 % share, paid in full, late cancellation included', async () => {
    const res = await request(t.http).get(`${API}/payments/${samPayment}/receipt`).set(as.sam).expect(200);
    expect(res.body).toMatchObject({
      kind: 'payment', reference: samPayment, issuedAt: '2026-04-01T12:30:00-04:00', periodFrom: null, periodTo: null,
      client: { id: sam().id, name: 'Sam Okafor' },
      payments: [{ paymentId: samPayment, paidOn: '2026-04-01', method: 'card_terminal', invoiceNumber: samInvoice.number, amountCents: 43_000 }],
      credits: [],
      totals: { feeCents: 43_000, taxCents: 0, creditedCents: 0, paidCents: 43_000 },
    });
    expect(res.body.services).toHaveLength(5);
    expect(res.body.services[4]).toEqual({
      invoiceNumber: samInvoice.number, serviceDate: '2026-03-28', durationMinutes: null, description: 'Late cancellation fee',
      clientNames: ['Alex Martin', 'Sam Okafor'], therapistId: maya.id, feeCents: 3_000, taxCents: 0, taxStatus: 'exempt', totalCents: 3_000, paidCents: 3_000,
    });
  });

  it('answers the PDF for Accept: application/pdf, with every field an insurer asks for, the same bytes each time', async () => {
    const first = await asBytes(request(t.http).get(`${API}/clients/${alex().id}/receipt`).query(march).set(as.alex).set('Accept', 'application/pdf')).expect(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['content-disposition']).toBe('attachment; filename="receipt-2026-03-01-2026-04-01.pdf"');
    const pdf = first.body as Buffer;
    // Lines wrap inside table cells: compare the words.
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const field of [
      'Harbourview Couples Therapy', '200 Bay Street, Suite 1200', 'Toronto, ON M5J 2J2',
      'Client: Alex Martin', 'Period: 2026-03-01 to 2026-04-01',
      'Maya Singh, RP (Registered Psychotherapist), CRPO registration no. 20871',
      '2026-03-04', '2026-03-11', '2026-03-18', '80 min', 'Couple psychotherapy session, 80 minutes', 'Alex Martin & Sam Okafor',
      '$150.00', 'HST exempt', '$100.00', 'e-Transfer', '2026-04-02', '$400.00', '$30.00',
      'Fees: $450.00', 'Tax: $0.00', 'Credited: $30.00', 'Amount paid: $400.00',
    ]) expect(text).toContain(field);
    expect(text).not.toContain('2026-03-25');
    expect(text).not.toContain('HST registration');
    const again = await asBytes(request(t.http).get(`${API}/clients/${alex().id}/receipt`).query({ ...march, format: 'pdf' }).set(as.owner)).expect(200);
    expect((again.body as Buffer).equals(pdf)).toBe(true);
  });

  it('refuses a receipt naming a therapist without a CRPO registration number: 409 with the reason', async () => {
    const unregistered = await createUser(t, 'therapist', { displayName: 'Jordan Lee' });
    await t.db.query(`UPDATE therapist_profiles SET crpo_number = NULL WHERE user_id = $1`, [unregistered.id]);
    const invoice = await issueInvoice(t, {
      payerClientId: alex().id, issuedAt: '2026-05-06T17:00:00-04:00', dueOn: '2026-06-05', issuedBy: adminUser.id,
      lines: [{ therapistId: unregistered.id, service: 'individual_50', serviceDate: '2026-05-06', feeCents: 15_000 }],
    });
    const payment = await recordPayment(t, {
      payerClientId: alex().id, receivedAt: '2026-05-07T10:00:00-04:00', amountCents: 15_000, recordedBy: adminUser.id,
      allocations: [{ invoiceId: invoice.id, lineId: invoice.lines[0].id, amountCents: 15_000 }],
    });
    for (const req of [
      request(t.http).get(`${API}/payments/${payment}/receipt`).set(as.alex),
      request(t.http).get(`${API}/clients/${alex().id}/receipt`).query({ from: '2026-05-01', to: '2026-06-01', format: 'pdf' }).set(as.admin),
    ]) {
      const res = await req.expect(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: '/problems/therapist-registration-missing', status: 409, therapistIds: [unregistered.id] });
      expect(res.body.detail).toContain('Jordan Lee');
    }
    // March's receipt names only Maya: unaffected.
    await request(t.http).get(`${API}/clients/${alex().id}/receipt`).query(march).set(as.alex).expect(200);
  });

  it('shows each receipt to its payer, the couple’s therapist and admins; to anyone else it does not exist', async () => {
    const payment = `${API}/payments/${alexPayment}/receipt`;
    const period = `${API}/clients/${alex().id}/receipt?from=2026-03-01&to=2026-04-01`;
    for (const path of [payment, period]) {
      for (const who of ['alex', 'owner', 'admin'] as const) await request(t.http).get(path).set(as[who]).expect(200);
      // The other partner pays her own share: Alex's receipts are not hers.
      for (const who of ['sam', 'otherTherapist', 'otherCouplePartner'] as const) {
        const res = await request(t.http).get(path).set(as[who]).expect(404);
        expect(res.body.type).toBe('/problems/not-found');
      }
      await request(t.http).get(path).expect(401);
    }
    await request(t.http).get(`${API}/payments/00000000-0000-4000-8000-000000000000/receipt`).set(as.admin).expect(404);
  });

  it('audits each read as personal health information, naming both partners', async () => {
    await request(t.http).get(`${API}/payments/${alexPayment}/receipt`).set(as.owner).expect(200);
    const [event]: { action: string; resource_type: string; resource_id: string; client_ids: string[] }[] = await t.db.query(
      `SELECT action, resource_type, resource_id, client_ids FROM audit_events WHERE actor_id = $1 ORDER BY seq DESC LIMIT 1`,
      [maya.id],
    );
    expect(event).toMatchObject({ action: 'read', resource_type: 'receipt', resource_id: alexPayment });
    expect([...event.client_ids].sort()).toEqual([alex().id, sam().id].sort());
  });

  it('refuses a malformed or too long period, naming the field', async () => {
    const bad = await request(t.http).get(`${API}/clients/${alex().id}/receipt`).query({ from: '2026-03-01', to: '2026-02-30' }).set(as.alex).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    const long = await request(t.http).get(`${API}/clients/${alex().id}/receipt`).query({ from: '2026-01-01', to: '2027-01-02' }).set(as.alex).expect(400);
    expect(long.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    await request(t.http).get(`${API}/clients/${alex().id}/receipt`).query({ ...march, format: 'docx' }).set(as.alex).expect(400);
  });
});
