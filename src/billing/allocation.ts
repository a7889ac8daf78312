/** Money of a payer not yet applied: a payment's unallocated part. */
export interface Credit {
  paymentId: string;
  availableCents: number;
}

/** What an invoice line still owes. */
export interface OpenLine {
  invoiceLineId: string;
  invoiceId: string;
  owingCents: number;
}

export interface Allocation {
  paymentId: string;
  invoiceLineId: string;
  invoiceId: string;
  amountCents: number;
}

/**
 * Applies credits to open lines, both in the order given (oldest payment to oldest line), until
 * one side runs out. Never allocates more than a credit holds or a line owes.
 */
export function allocate(credits: readonly Credit[], lines: readonly OpenLine[]): Allocation[] {
  const out: Allocation[] = [];
  const left = credits.map((c) => c.availableCents);
  let c = 0;
  for (const line of lines) {
    let owing = line.owingCents;
    while (owing > 0 && c < credits.length) {
      const amount = Math.min(owing, left[c]);
      if (amount > 0) {
        out.push({ paymentId: credits[c].paymentId, invoiceLineId: line.invoiceLineId, invoiceId: line.invoiceId, amountCents: amount });
        owing -= amount;
        left[c] -= amount;
      }
      if (left[c] === 0) c++;
    }
    if (c >= credits.length) break;
  }
  return out;
}

/** What one payment has applied (net) to a line. */
export interface LinePayment {
  paymentId: string;
  appliedCents: number;
}

/**
 * The reversals a credit note needs on one line: crediting `creditedCents` where only
 * `owingCents` is unpaid gives the difference back to the payer's credit, taken from the payments
 * applied to the line, the latest first (`payments` in the order they were received).
 */
export function reversalsFor(creditedCents: number, owingCents: number, payments: readonly LinePayment[]): { paymentId: string; amountCents: number }[] {
  let toGiveBack = Math.max(0, creditedCents - owingCents);
  const out: { paymentId: string; amountCents: number }[] = [];
  for (let i = payments.length - 1; i >= 0 && toGiveBack > 0; i--) {
    const amount = Math.min(toGiveBack, payments[i].appliedCents);
    if (amount > 0) {
      out.push({ paymentId: payments[i].paymentId, amountCents: -amount });
      toGiveBack -= amount;
    }
  }
  return out;
}
