import fc from 'fast-check';
import { allocate, reversalsFor } from './allocation';
import { priced, splitFee, taxOf, totalsOf } from './money';

/** Half-up rounding of a decimal written out as text, computed the schoolbook way. */
function halfUpOfThirteenPercent(cents: number): number {
  const thousandths = cents * 130; // 13 % of the amount, in thousandths of a cent × 10
  const whole = Math.floor(thousandths / 1000);
  return thousandths % 1000 >= 500 ? whole + 1 : whole;
}

describe('money', () => {
  it('taxes 13 % rounded half-up to the cent, and nothing when exempt', () => {
    expect(taxOf(20000, 'hst_13')).toBe(2600);
    expect(taxOf(150, 'hst_13')).toBe(20); // 19.5 → 20
    expect(taxOf(149, 'hst_13')).toBe(19); // 19.37 → 19
    expect(taxOf(50, 'hst_13')).toBe(7); // 6.5 → 7
    expect(taxOf(20000, 'exempt')).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (cents) => {
        expect(taxOf(cents, 'hst_13')).toBe(halfUpOfThirteenPercent(cents));
        expect(taxOf(cents, 'exempt')).toBe(0);
      }),
    );
  });

  it('agrees with the database check on a line: (amount × 13 + 50) / 100 in integers', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), (cents) => expect(taxOf(cents, 'hst_13')).toBe(Math.trunc((cents * 13 + 50) / 100))));
  });

  it('splits a fee into two shares that sum exactly to it; the odd cent of an even split goes to partner A', () => {
    expect(splitFee(17501, 5000)).toEqual([8751, 8750]);
    expect(splitFee(25000, 6000)).toEqual([15000, 10000]);
    expect(splitFee(10000, 3333)).toEqual([3333, 6667]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 9999 }), (fee, share) => {
        const [a, b] = splitFee(fee, share);
        expect(a + b).toBe(fee);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeGreaterThanOrEqual(0);
        // A's part is within half a cent of the exact share.
        expect(Math.abs(a * 10_000 - fee * share)).toBeLessThanOrEqual(5000);
      }),
    );
  });

  it('makes a total the sum of its lines, whatever the lines', () => {
    const line = fc.record({ amount: fc.integer({ min: 0, max: 1_000_000 }), taxed: fc.boolean() });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (raw) => {
        const lines = raw.map((l) => priced(l.amount, l.taxed ? 'hst_13' : 'exempt'));
        const totals = totalsOf(lines);
        expect(totals.totalCents).toBe(lines.reduce((sum, l) => sum + l.totalCents, 0));
        expect(totals.totalCents).toBe(totals.subtotalCents + totals.taxCents);
        for (const l of lines) expect(l.totalCents).toBe(l.amountCents + l.taxCents);
      }),
    );
  });
});

describe('allocation', () => {
  it('applies the oldest credit to the oldest line, never beyond either', () => {
    expect(
      allocate(
        [{ paymentId: 'p1', availableCents: 10000 }, { paymentId: 'p2', availableCents: 5000 }],
        [{ invoiceLineId: 'l1', invoiceId: 'i1', owingCents: 8750 }, { invoiceLineId: 'l2', invoiceId: 'i1', owingCents: 8750 }],
      ),
    ).toEqual([
      { paymentId: 'p1', invoiceLineId: 'l1', invoiceId: 'i1', amountCents: 8750 },
      { paymentId: 'p1', invoiceLineId: 'l2', invoiceId: 'i1', amountCents: 1250 },
      { paymentId: 'p2', invoiceLineId: 'l2', invoiceId: 'i1', amountCents: 5000 },
    ]);
    const credits = fc.array(fc.integer({ min: 0, max: 50_000 }), { maxLength: 8 });
    const lines = fc.array(fc.integer({ min: 0, max: 50_000 }), { maxLength: 8 });
    fc.assert(
      fc.property(credits, lines, (cs, ls) => {
        const out = allocate(
          cs.map((c, i) => ({ paymentId: `p${i}`, availableCents: c })),
          ls.map((l, i) => ({ invoiceLineId: `l${i}`, invoiceId: 'i', owingCents: l })),
        );
        const byPayment = (id: string) => out.filter((a) => a.paymentId === id).reduce((s, a) => s + a.amountCents, 0);
        const byLine = (id: string) => out.filter((a) => a.invoiceLineId === id).reduce((s, a) => s + a.amountCents, 0);
        cs.forEach((c, i) => expect(byPayment(`p${i}`)).toBeLessThanOrEqual(c));
        ls.forEach((l, i) => expect(byLine(`l${i}`)).toBeLessThanOrEqual(l));
        for (const a of out) expect(a.amountCents).toBeGreaterThan(0);
        // Everything that can be applied is: the smaller side is used up.
        const applied = out.reduce((s, a) => s + a.amountCents, 0);
        expect(applied).toBe(Math.min(cs.reduce((s, c) => s + c, 0), ls.reduce((s, l) => s + l, 0)));
      }),
    );
  });

  it('gives back to credit only what a credit note takes beyond the unpaid part, from the latest payment first', () => {
    const paid = [{ paymentId: 'p1', appliedCents: 3000 }, { paymentId: 'p2', appliedCents: 2000 }];
    expect(reversalsFor(4000, 5000, paid)).toEqual([]);
    expect(reversalsFor(6000, 3000, paid)).toEqual([{ paymentId: 'p2', amountCents: -2000 }, { paymentId: 'p1', amountCents: -1000 }]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 5 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 60_000 }), (applied, owing, credited) => {
        const payments = applied.map((a, i) => ({ paymentId: `p${i}`, appliedCents: a }));
        const total = applied.reduce((s, a) => s + a, 0);
        fc.pre(credited <= owing + total);
        const out = reversalsFor(credited, owing, payments);
        expect(0 - out.reduce((s, r) => s + r.amountCents, 0)).toBe(Math.max(0, credited - owing));
        for (const r of out) expect(-r.amountCents).toBeLessThanOrEqual(payments.find((p) => p.paymentId === r.paymentId)!.appliedCents);
      }),
    );
  });
});
