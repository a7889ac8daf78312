import { TaxTreatment } from './fee-schedule.entities';
import { BillableSessionRow } from './invoices.queries';
import { priced, PricedAmount, splitFee, WHOLE_SHARE } from './money';

/** The clinic's charging policy (settings BILLING_CHARGE_*). */
export interface ChargingPolicy {
  lateCancellations: boolean;
  noShows: boolean;
}

/** One line to issue, before it has an invoice. */
export interface PlannedLine extends PricedAmount {
  payerClientId: string;
  coupleId: string | null;
  serviceTypeId: string;
  therapySessionId: string | null;
  therapistId: string;
  serviceDate: string;
  durationMinutes: number | null;
  description: string;
  taxTreatment: TaxTreatment;
  feeCents: number;
  shareBasisPoints: number;
}

/** Why a session cannot be billed; the service words it as a problem. */
export type Refusal = 'session-not-billable' | 'session-already-billed' | 'no-service-type' | 'no-price-in-force';

/** Whether the session's status makes it billable under the policy. */
function chargeable(s: BillableSessionRow, policy: ChargingPolicy): boolean {
  if (s.status === 'completed') return true;
  if (s.status === 'cancelled') return s.late_cancellation === true && policy.lateCancellations;
  if (s.status === 'no_show') return policy.noShows;
  return false;
}

/**
 * The lines of one session not billed yet: one for its client, or for a couple one for the paying
 * partner or two split by the couple's arrangement, whose amounts sum exactly to the fee
 * (money.splitFee). A payer already billed for it (a partner whose share's invoice was not voided) gets none.
 */
export function linesOfSession(s: BillableSessionRow, policy: ChargingPolicy): PlannedLine[] | Refusal {
  if (!chargeable(s, policy)) return 'session-not-billable';
  const lines = payerLines(s);
  if (typeof lines === 'string') return lines;
  const unbilled = lines.filter((l) => !s.billed_payer_ids.includes(l.payerClientId));
  return unbilled.length ? unbilled : 'session-already-billed';
}

function payerLines(s: BillableSessionRow): PlannedLine[] | Refusal {
  if (!s.service_type_id || !s.tax_treatment || !s.service_name) return 'no-service-type';
  if (s.unit_price_cents === null) return 'no-price-in-force';
  const fee = s.unit_price_cents;
  const treatment = s.tax_treatment;
  const line = (payerClientId: string, shareBasisPoints: number, amountCents: number): PlannedLine => ({
    payerClientId,
    coupleId: s.couple_id,
    serviceTypeId: s.service_type_id as string,
    therapySessionId: s.id,
    therapistId: s.therapist_id,
    serviceDate: s.service_date,
    durationMinutes: s.status === 'completed' ? s.minutes : null,
    description: s.service_name as string,
    taxTreatment: treatment,
    feeCents: fee,
    shareBasisPoints,
    ...priced(amountCents, treatment),
  });
  if (!s.couple_id) return [line(s.client_id as string, WHOLE_SHARE, fee)];
  const [a, b] = [s.partner_a_id as string, s.partner_b_id as string];
  if (s.billing_payer === 'partner_b') return [line(b, WHOLE_SHARE, fee)];
  if (s.billing_payer === 'split' && s.billing_share_a_basis_points) {
    const share = s.billing_share_a_basis_points;
    const [amountA, amountB] = splitFee(fee, share);
    return [line(a, share, amountA), line(b, WHOLE_SHARE - share, amountB)];
  }
  return [line(a, WHOLE_SHARE, fee)];
}

/** Lines grouped into one invoice per payer, in the order payers first appear. */
export function invoicesByPayer(lines: PlannedLine[]): { payerClientId: string; coupleId: string | null; lines: PlannedLine[] }[] {
  const byPayer = new Map<string, PlannedLine[]>();
  for (const l of lines) byPayer.set(l.payerClientId, [...(byPayer.get(l.payerClientId) ?? []), l]);
  return [...byPayer].map(([payerClientId, ls]) => {
    const couples = [...new Set(ls.map((l) => l.coupleId).filter((c): c is string => c !== null))];
    return { payerClientId, coupleId: couples.length === 1 ? couples[0] : null, lines: ls };
  });
}
