import { ReceiptClinic, ReceiptCredit, ReceiptKind, ReceiptPayment, ReceiptResponse, ReceiptService, ReceiptTherapist } from './dto/receipt.response';
import { ReceiptAllocationRow, ReceiptCreditRow, ReceiptPayerRow } from './receipts.queries';

/** What a receipt is made of, as read. */
export interface ReceiptParts {
  kind: ReceiptKind;
  reference: string;
  period: { from: string; to: string } | null;
  clinic: Omit<ReceiptClinic, 'hstNumber'>;
  payer: ReceiptPayerRow;
  allocations: ReceiptAllocationRow[];
  credits: ReceiptCreditRow[];
  /** When nothing was paid: the receipt is dated by this instead. */
  issuedWithoutPayment: Date;
}

/** A therapist named on a receipt without a CRPO registration number. */
export interface UnregisteredTherapist {
  id: string;
  name: string;
}

/** The therapists of the receipt's services who have no CRPO registration number on their profile. */
export function unregisteredTherapists(allocations: ReceiptAllocationRow[]): UnregisteredTherapist[] {
  const missing = new Map<string, string>();
  for (const a of allocations) if (!a.crpo_number) missing.set(a.therapist_id, a.therapist_name);
  return [...missing].map(([id, name]) => ({ id, name }));
}

/**
 * The receipt: one service per invoice line its allocations touch (with what they paid on it, net
 * of what a credit note gave back), one payment row per payment and invoice, and the credit notes
 * on those lines. It is dated by the last allocation or payment on it, so it reads the same until
 * money on it moves again.
 */
export function toReceiptResponse(parts: ReceiptParts): ReceiptResponse {
  const services = new Map<string, ReceiptService>();
  const payments = new Map<string, ReceiptPayment>();
  const therapists = new Map<string, ReceiptTherapist>();
  let issuedAt = 0;
  let taxed: string | null = null;
  for (const a of parts.allocations) {
    issuedAt = Math.max(issuedAt, a.allocated_at.getTime(), a.received_at.getTime());
    const service = services.get(a.line_id) ?? {
      invoiceNumber: a.invoice_number,
      serviceDate: a.service_date,
      durationMinutes: a.duration_minutes,
      description: a.description,
      clientNames: a.client_names,
      therapistId: a.therapist_id,
      feeCents: a.amount_cents,
      taxCents: a.tax_cents,
      taxStatus: a.tax_treatment,
      totalCents: a.total_cents,
      paidCents: 0,
    };
    service.paidCents += a.allocated_cents;
    services.set(a.line_id, service);
    const key = `${a.payment_id}/${a.invoice_number}`;
    const payment = payments.get(key) ?? { paymentId: a.payment_id, paidOn: a.paid_on, method: a.method, invoiceNumber: a.invoice_number, amountCents: 0 };
    payment.amountCents += a.allocated_cents;
    payments.set(key, payment);
    therapists.set(a.therapist_id, { id: a.therapist_id, name: a.therapist_name, designation: 'RP', crpoNumber: a.crpo_number ?? '' });
    if (a.tax_cents > 0) taxed ??= a.hst_number;
  }
  const paid = [...services.values()].filter((s) => s.paidCents !== 0);
  const credits: ReceiptCredit[] = parts.credits.map((c) => ({
    creditNoteNumber: c.credit_note_number,
    invoiceNumber: c.invoice_number,
    issuedOn: c.issued_on,
    amountCents: Number(c.amount_cents),
  }));
  const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
  return {
    kind: parts.kind,
    reference: parts.reference,
    issuedAt: issuedAt ? new Date(issuedAt) : parts.issuedWithoutPayment,
    periodFrom: parts.period?.from ?? null,
    periodTo: parts.period?.to ?? null,
    clinic: { ...parts.clinic, hstNumber: paid.some((s) => s.taxCents > 0) ? taxed : null },
    client: { id: parts.payer.payer_client_id, name: parts.payer.payer_name },
    therapists: [...therapists.values()].filter((t) => paid.some((s) => s.therapistId === t.id)),
    services: paid,
    payments: [...payments.values()].filter((p) => p.amountCents !== 0),
    credits,
    totals: {
      feeCents: sum(paid.map((s) => s.feeCents)),
      taxCents: sum(paid.map((s) => s.taxCents)),
      creditedCents: sum(credits.map((c) => c.amountCents)),
      paidCents: sum(paid.map((s) => s.paidCents)),
    },
  };
}
