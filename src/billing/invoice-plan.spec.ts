import fc from 'fast-check';
import { invoicesByPayer, linesOfSession } from './invoice-plan';
import { BillableSessionRow } from './invoices.queries';

const policy = { lateCancellations: true, noShows: true };

function session(overrides: Partial<BillableSessionRow> = {}): BillableSessionRow {
  return {
    id: 's1',
    therapist_id: 't1',
    couple_id: 'k1',
    client_id: null,
    status: 'completed',
    late_cancellation: null,
    service_date: '2025-11-03',
    minutes: 50,
    partner_a_id: 'a',
    partner_b_id: 'b',
    billing_payer: 'partner_a',
    billing_share_a_basis_points: null,
    service_type_id: 'st',
    service_name: 'Couple psychotherapy session, 50 minutes',
    tax_treatment: 'exempt',
    unit_price_cents: 17500,
    billed_payer_ids: [],
    ...overrides,
  };
}

describe('invoice plan', () => {
  it('bills a couple session to the paying partner, or to both by their shares summing to the fee', () => {
    expect(linesOfSession(session(), policy)).toMatchObject([{ payerClientId: 'a', amountCents: 17500, shareBasisPoints: 10000, durationMinutes: 50 }]);
    expect(linesOfSession(session({ billing_payer: 'partner_b' }), policy)).toMatchObject([{ payerClientId: 'b', amountCents: 17500 }]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 9999 }), (fee, share) => {
        const lines = linesOfSession(session({ billing_payer: 'split', billing_share_a_basis_points: share, unit_price_cents: fee }), policy);
        if (typeof lines === 'string') throw new Error(lines);
        expect(lines.map((l) => l.payerClientId)).toEqual(['a', 'b']);
        expect(lines[0].amountCents + lines[1].amountCents).toBe(fee);
        expect(lines[0].shareBasisPoints + lines[1].shareBasisPoints).toBe(10000);
      }),
    );
  });

  it('charges late cancellations and no-shows only under the policy, and never a session cancelled in time', () => {
    const late = session({ status: 'cancelled', late_cancellation: true });
    expect(linesOfSession(late, policy)).toMatchObject([{ durationMinutes: null }]);
    expect(linesOfSession(late, { ...policy, lateCancellations: false })).toBe('session-not-billable');
    expect(linesOfSession(session({ status: 'cancelled', late_cancellation: false }), policy)).toBe('session-not-billable');
    expect(linesOfSession(session({ status: 'no_show' }), { ...policy, noShows: false })).toBe('session-not-billable');
    expect(linesOfSession(session({ status: 'scheduled' }), policy)).toBe('session-not-billable');
  });

  it('leaves out payers already billed, and says when a session has no type or price', () => {
    const split = session({ billing_payer: 'split', billing_share_a_basis_points: 5000 });
    expect(linesOfSession({ ...split, billed_payer_ids: ['a'] }, policy)).toMatchObject([{ payerClientId: 'b', amountCents: 8750 }]);
    expect(linesOfSession({ ...split, billed_payer_ids: ['a', 'b'] }, policy)).toBe('session-already-billed');
    expect(linesOfSession(session({ service_type_id: null, service_name: null, tax_treatment: null }), policy)).toBe('no-service-type');
    expect(linesOfSession(session({ unit_price_cents: null }), policy)).toBe('no-price-in-force');
  });

  it('groups lines into one invoice per payer, in the order payers appear', () => {
    const lines = [session({ id: 's1' }), session({ id: 's2', billing_payer: 'split', billing_share_a_basis_points: 4000 })].flatMap((s) => {
      const l = linesOfSession(s, policy);
      return typeof l === 'string' ? [] : l;
    });
    const invoices = invoicesByPayer(lines);
    expect(invoices.map((i) => [i.payerClientId, i.coupleId, i.lines.length])).toEqual([['a', 'k1', 2], ['b', 'k1', 1]]);
  });
});
