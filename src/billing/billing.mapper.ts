import { BalanceResponse, PaymentResponse } from './dto/payment.dto';
import { ServiceTypeResponse } from './dto/fee-schedule.dto';
import { InvoiceResponse, InvoiceSummaryResponse } from './dto/invoice.dto';
import { ServiceTypeRow } from './fee-schedule.queries';
import { InvoiceRow, InvoiceSummaryRow } from './invoices.queries';
import { BalanceRow, PaymentRow } from './payments.queries';

export function toServiceTypeResponse(r: ServiceTypeRow): ServiceTypeResponse {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    party: r.party,
    durationMinutes: r.duration_minutes,
    taxTreatment: r.tax_treatment,
    active: r.active,
    currentPriceCents: r.current_price_cents,
    prices: r.prices,
    createdAt: r.created_at,
  };
}

export function toInvoiceSummaryResponse(r: InvoiceSummaryRow): InvoiceSummaryResponse {
  return {
    id: r.id,
    number: r.number,
    payerClientId: r.payer_client_id,
    payerName: r.payer_name,
    coupleId: r.couple_id,
    status: r.status,
    issuedAt: r.issued_at,
    dueOn: r.due_on,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    subtotalCents: r.subtotal_cents,
    taxCents: r.tax_cents,
    totalCents: r.total_cents,
    creditedCents: r.credited_cents,
    paidCents: r.paid_cents,
    balanceCents: r.status === 'void' ? 0 : r.total_cents - r.credited_cents - r.paid_cents,
    hstNumber: r.hst_number,
    voidedAt: r.voided_at,
    voidReason: r.void_reason,
  };
}

export function toInvoiceResponse(r: InvoiceRow): InvoiceResponse {
  return {
    ...toInvoiceSummaryResponse(r),
    lines: r.lines,
    creditNotes: r.credit_notes.map((n) => ({ ...n, issuedAt: new Date(n.issuedAt) })),
  };
}

export function toPaymentResponse(r: PaymentRow): PaymentResponse {
  return {
    id: r.id,
    payerClientId: r.payer_client_id,
    method: r.method,
    amountCents: r.amount_cents,
    receivedAt: r.received_at,
    reference: r.reference,
    recordedAt: r.recorded_at,
    allocatedCents: r.allocated_cents,
    unallocatedCents: r.amount_cents - r.allocated_cents,
    allocations: r.allocations.map((a) => ({ ...a, allocatedAt: new Date(a.allocatedAt) })),
  };
}

export function toBalanceResponse(r: BalanceRow): BalanceResponse {
  return { clientId: r.client_id, owingCents: r.owing_cents, creditCents: r.credit_cents, balanceCents: r.owing_cents - r.credit_cents, openInvoices: r.open_invoices };
}
