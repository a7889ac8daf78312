import { TestApp } from './app';

/**
 * Billing records written straight into the ledgers, in one transaction each, as the billing
 * service writes them (numbers from `billing_counters`, sums that pass the database's checks at
 * commit), at the times a test chooses: reports and receipts are read over them.
 */

export interface LedgerLine {
  therapistId: string;
  /** A fee-schedule code (`couple_80`, `third_party_report`, …). */
  service: string;
  serviceDate: string;
  feeCents: number;
  /** This payer's part of the fee, in basis points; default all of it. */
  shareBasisPoints?: number;
  sessionId?: string;
}

export interface LedgerInvoice {
  id: string;
  number: number;
  lines: { id: string; totalCents: number }[];
}

/** Half-up to the cent, in integers, as the schema's check computes it. */
const hst = (cents: number) => Math.floor((cents * 13 + 50) / 100);

export async function issueInvoice(
  t: TestApp,
  invoice: { payerClientId: string; coupleId?: string; issuedAt: string; dueOn: string; issuedBy: string; hstNumber?: string; lines: LedgerLine[] },
): Promise<LedgerInvoice> {
  return t.db.transaction(async (m) => {
    const [{ last_number: number }]: { last_number: number }[] = await m.query(
      `WITH n AS (UPDATE billing_counters SET last_number = last_number + 1 WHERE name = 'invoice' RETURNING last_number) SELECT last_number FROM n`,
    );
    const found: { code: string; id: string; tax: string; name: string; minutes: number | null }[] = await m.query(
      `SELECT code, id, tax_treatment AS tax, name, duration_minutes AS minutes FROM service_types WHERE code = ANY($1)`,
      [invoice.lines.map((l) => l.service)],
    );
    const types = new Map(found.map((f) => [f.code, f]));
    const computed = invoice.lines.map((l) => {
      const type = types.get(l.service);
      if (!type) throw new Error(`no service type ${l.service}`);
      const share = l.shareBasisPoints ?? 10_000;
      const amount = Math.floor((l.feeCents * share + 5_000) / 10_000);
      const tax = type.tax === 'hst_13' ? hst(amount) : 0;
      return { ...l, type, share, amount, tax, total: amount + tax };
    });
    const subtotal = computed.reduce((s, l) => s + l.amount, 0);
    const tax = computed.reduce((s, l) => s + l.tax, 0);
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO invoices (number, payer_client_id, couple_id, issued_at, due_on, subtotal_cents, tax_cents, total_cents, hst_number, issued_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [number, invoice.payerClientId, invoice.coupleId ?? null, invoice.issuedAt, invoice.dueOn, subtotal, tax, subtotal + tax, tax ? (invoice.hstNumber ?? '123456789 RT0001') : null, invoice.issuedBy],
    );
    const written: { id: string; totalCents: number }[] = [];
    for (const [i, l] of computed.entries()) {
      const [line]: { id: string }[] = await m.query(
        `INSERT INTO invoice_lines (invoice_id, position, service_type_id, therapy_session_id, therapist_id, service_date, duration_minutes, description,
                                    tax_treatment, fee_cents, share_basis_points, amount_cents, tax_cents, total_cents)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [id, i + 1, l.type.id, l.sessionId ?? null, l.therapistId, l.serviceDate, l.type.minutes, l.type.name, l.type.tax, l.feeCents, l.share, l.amount, l.tax, l.total],
      );
      written.push({ id: line.id, totalCents: l.total });
    }
    return { id, number, lines: written };
  });
}

/** A payment, applied to the lines given (what is left is the payer's credit). */
export async function recordPayment(
  t: TestApp,
  payment: { payerClientId: string; receivedAt: string; amountCents: number; method?: string; recordedBy: string; allocations: { invoiceId: string; lineId: string; amountCents: number }[]; /** Default: when received. */ allocatedAt?: string },
): Promise<string> {
  return t.db.transaction(async (m) => {
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO payments (payer_client_id, method, amount_cents, received_at, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [payment.payerClientId, payment.method ?? 'e_transfer', payment.amountCents, payment.receivedAt, payment.recordedBy],
    );
    for (const a of payment.allocations) {
      await m.query(
        `INSERT INTO payment_allocations (payment_id, invoice_line_id, invoice_id, amount_cents, allocated_at) VALUES ($1, $2, $3, $4, $5)`,
        [id, a.lineId, a.invoiceId, a.amountCents, payment.allocatedAt ?? payment.receivedAt],
      );
    }
    return id;
  });
}

/** A credit note on `invoice` taking back parts of its lines; `giveBack` returns paid parts to the payer's credit. */
export async function issueCreditNote(
  t: TestApp,
  note: {
    invoiceId: string;
    issuedAt: string;
    issuedBy: string;
    lines: { lineId: string; amountCents: number }[];
    giveBack?: { paymentId: string; lineId: string; amountCents: number }[];
  },
): Promise<{ id: string; number: number }> {
  return t.db.transaction(async (m) => {
    const [{ last_number: number }]: { last_number: number }[] = await m.query(
      `WITH n AS (UPDATE billing_counters SET last_number = last_number + 1 WHERE name = 'credit_note' RETURNING last_number) SELECT last_number FROM n`,
    );
    const treatments: { id: string; tax_treatment: string }[] = await m.query(`SELECT id, tax_treatment FROM invoice_lines WHERE id = ANY($1)`, [note.lines.map((l) => l.lineId)]);
    const computed = note.lines.map((l) => {
      const treatment = treatments.find((x) => x.id === l.lineId)!.tax_treatment;
      const tax = treatment === 'hst_13' ? hst(l.amountCents) : 0;
      return { ...l, treatment, tax };
    });
    const subtotal = computed.reduce((s, l) => s + l.amountCents, 0);
    const tax = computed.reduce((s, l) => s + l.tax, 0);
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO credit_notes (number, invoice_id, issued_at, reason, subtotal_cents, tax_cents, total_cents, issued_by)
       VALUES ($1, $2, $3, 'Session fee corrected', $4, $5, $6, $7) RETURNING id`,
      [number, note.invoiceId, note.issuedAt, subtotal, tax, subtotal + tax, note.issuedBy],
    );
    for (const l of computed) {
      await m.query(
        `INSERT INTO credit_note_lines (credit_note_id, invoice_line_id, tax_treatment, amount_cents, tax_cents, total_cents) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, l.lineId, l.treatment, l.amountCents, l.tax, l.amountCents + l.tax],
      );
    }
    for (const g of note.giveBack ?? []) {
      await m.query(
        `INSERT INTO payment_allocations (payment_id, invoice_line_id, invoice_id, amount_cents, credit_note_id, allocated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [g.paymentId, g.lineId, note.invoiceId, -g.amountCents, id, note.issuedAt],
      );
    }
    return { id, number };
  });
}

/** Voids an invoice nothing was paid on. */
export async function voidInvoice(t: TestApp, invoiceId: string, by: string, at: string): Promise<void> {
  await t.db.query(`UPDATE invoices SET status = 'void', voided_at = $2, voided_by = $3, void_reason = 'Issued in error' WHERE id = $1`, [invoiceId, at, by]);
}
