import { TaxTreatment } from './fee-schedule.entities';

/** Ontario HST, in percent; docs/billing.md gives the sources. */
export const HST_PERCENT = 13;

/** A whole number of basis points in a whole: 10000 = all of it. */
export const WHOLE_SHARE = 10_000;

/** `numerator / denominator` rounded half-up, for non-negative integers (exact: no floating point). */
function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** The tax on an amount in cents: 13 % rounded half-up to the cent for `hst_13`, none when exempt. */
export function taxOf(amountCents: number, treatment: TaxTreatment): number {
  return treatment === 'hst_13' ? divideHalfUp(amountCents * HST_PERCENT, 100) : 0;
}

/**
 * A fee split between partner A (`shareABasisPoints` of it, rounded half-up to the cent) and
 * partner B (the rest), so the two always sum exactly to the fee: an odd cent of an even split goes to A.
 */
export function splitFee(feeCents: number, shareABasisPoints: number): [a: number, b: number] {
  const a = divideHalfUp(feeCents * shareABasisPoints, WHOLE_SHARE);
  return [a, feeCents - a];
}

/** A billed amount with its tax and total. */
export interface PricedAmount {
  amountCents: number;
  taxCents: number;
  totalCents: number;
}

export function priced(amountCents: number, treatment: TaxTreatment): PricedAmount {
  const taxCents = taxOf(amountCents, treatment);
  return { amountCents, taxCents, totalCents: amountCents + taxCents };
}

/** A document's totals: always the sums of its lines. */
export function totalsOf(lines: readonly PricedAmount[]): { subtotalCents: number; taxCents: number; totalCents: number } {
  const subtotalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const taxCents = lines.reduce((sum, l) => sum + l.taxCents, 0);
  return { subtotalCents, taxCents, totalCents: subtotalCents + taxCents };
}
