import { AccessScope } from '../common/access/access-scope';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';

/** The payer a receipt is made out to, found in the caller's scope, and every client it names (for the audit trail). */
export type ReceiptPayerRow = { payer_client_id: string; payer_name: Row<'clients'>['legal_name']; client_ids: string[] };

/** The payment of a payment receipt, with its payer. */
export type PaymentReceiptRow = ReceiptPayerRow & Pick<Row<'payments'>, 'id' | 'received_at'>;

/** One allocation on a receipt: the part of a payment applied to (or given back from) one invoice line, with that line. */
export type ReceiptAllocationRow = Pick<Row<'payment_allocations'>, 'payment_id' | 'allocated_at'> &
  Pick<Row<'payments'>, 'method' | 'received_at'> &
  Pick<Row<'invoice_lines'>, 'duration_minutes' | 'description' | 'tax_treatment' | 'amount_cents' | 'tax_cents' | 'total_cents' | 'therapist_id'> & {
    allocated_cents: Row<'payment_allocations'>['amount_cents'];
    paid_on: string;
    line_id: string;
    position: number;
    invoice_number: Row<'invoices'>['number'];
    hst_number: Row<'invoices'>['hst_number'];
    service_date: string;
    client_names: string[];
    therapist_name: Row<'users'>['display_name'];
    crpo_number: Row<'therapist_profiles'>['crpo_number'];
  };

/** A credit note's part on the lines of a receipt, tax included. */
export type ReceiptCreditRow = { credit_note_number: Row<'credit_notes'>['number']; invoice_number: Row<'invoices'>['number']; issued_on: string; amount_cents: string };

/** A period of service dates `[from, to)` (dates in the clinic's zone). */
export interface ServicePeriod {
  from: string;
  to: string;
}

/** The clients a receipt names: its payer, and both partners of a couple whose invoice it covers. */
const namedClients = (payer: string, invoices: string) =>
  `ARRAY(SELECT ${payer} UNION SELECT unnest(ARRAY[k.partner_a_id, k.partner_b_id]) FROM couples k WHERE k.id IN (SELECT i.couple_id FROM ${invoices}))`;

/** Lines joined for a receipt: `a` the allocations, `pm` their payments, `l` `i` the lines and invoices, the therapist and the clients served. */
const allocationSelect = (zone: string) => `
  SELECT a.payment_id, a.allocated_at, a.amount_cents AS allocated_cents, pm.method, pm.received_at,
         to_char(pm.received_at AT TIME ZONE ${zone}, 'YYYY-MM-DD') AS paid_on,
         l.id AS line_id, l.position, i.number AS invoice_number, i.hst_number, to_char(l.service_date, 'YYYY-MM-DD') AS service_date,
         l.duration_minutes, l.description, l.tax_treatment, l.amount_cents, l.tax_cents, l.total_cents,
         l.therapist_id, u.display_name AS therapist_name, tp.crpo_number,
         CASE WHEN i.couple_id IS NULL THEN ARRAY[payer.legal_name]
              ELSE ARRAY(SELECT c.legal_name FROM couples k JOIN clients c ON c.id IN (k.partner_a_id, k.partner_b_id)
                          WHERE k.id = i.couple_id ORDER BY c.id = k.partner_b_id) END AS client_names
    FROM payment_allocations a
    JOIN payments pm ON pm.id = a.payment_id
    JOIN invoice_lines l ON l.id = a.invoice_line_id
    JOIN invoices i ON i.id = l.invoice_id
    JOIN clients payer ON payer.id = i.payer_client_id
    JOIN users u ON u.id = l.therapist_id
    LEFT JOIN therapist_profiles tp ON tp.user_id = l.therapist_id`;

const ALLOCATION_ORDER = 'ORDER BY l.service_date, i.number, l.position, pm.received_at, a.allocated_at, a.payment_id';

/**
 * Receipts for insurance claims (docs/billing.md, "Receipts"): the payer is found in the caller's
 * billing scope (AccessScope.billing: admins any, a therapist a payer on their caseload, a client
 * themself) and that read is audited; the receipt's lines follow in the same transaction.
 */
export const receiptQueries = queryModule(
  'receipts',
  {
    /** One payment and its payer, in the caller's reach. */
    payment(scope: AccessScope, paymentId: string) {
      const p = new SqlParams();
      return statement<PaymentReceiptRow>(
        `SELECT pm.id, pm.received_at, pm.payer_client_id, c.legal_name AS payer_name,
                ${namedClients('pm.payer_client_id', 'payment_allocations pa JOIN invoices i ON i.id = pa.invoice_id WHERE pa.payment_id = pm.id')} AS client_ids
           FROM payments pm JOIN clients c ON c.id = pm.payer_client_id
          WHERE pm.id = ${p.add(paymentId)} AND ${scope.billing(p, 'pm.payer_client_id')}`,
        p,
      );
    },

    /** A client as the payer of a period's receipt, in the caller's reach. */
    payer(scope: AccessScope, clientId: string, period: ServicePeriod) {
      const p = new SqlParams();
      const from = `${p.add(period.from)}::date`;
      const to = `${p.add(period.to)}::date`;
      return statement<ReceiptPayerRow>(
        `SELECT c.id AS payer_client_id, c.legal_name AS payer_name,
                ${namedClients('c.id', `invoices i WHERE i.payer_client_id = c.id AND EXISTS (
                    SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id AND l.service_date >= ${from} AND l.service_date < ${to})`)} AS client_ids
           FROM clients c
          WHERE c.id = ${p.add(clientId)} AND ${scope.billing(p, 'c.id')}`,
        p,
      );
    },

    /** Every allocation of one payment, with its line. */
    paymentAllocations(paymentId: string, zone: string) {
      const p = new SqlParams();
      const payment = p.add(paymentId);
      return statement<ReceiptAllocationRow>(`${allocationSelect(`${p.add(zone)}::text`)}
   WHERE a.payment_id = ${payment}
   ${ALLOCATION_ORDER}`, p, 'after-scoped-check');
    },

    /** Every allocation of the payer's payments to their lines of services in the period. */
    periodAllocations(payerClientId: string, period: ServicePeriod, zone: string) {
      const p = new SqlParams();
      const payer = p.add(payerClientId);
      return statement<ReceiptAllocationRow>(`${allocationSelect(`${p.add(zone)}::text`)}
   WHERE i.payer_client_id = ${payer} AND pm.payer_client_id = ${payer} AND i.status = 'issued'
     AND l.service_date >= ${p.add(period.from)}::date AND l.service_date < ${p.add(period.to)}::date
   ${ALLOCATION_ORDER}`, p, 'after-scoped-check');
    },

    /** Credit notes on the receipt's lines, per credit note and invoice. */
    credits(lineIds: string[], zone: string) {
      const p = new SqlParams();
      return statement<ReceiptCreditRow>(
        `SELECT cn.number AS credit_note_number, i.number AS invoice_number,
                to_char(cn.issued_at AT TIME ZONE ${p.add(zone)}::text, 'YYYY-MM-DD') AS issued_on, sum(cl.total_cents)::bigint AS amount_cents
           FROM credit_note_lines cl
           JOIN credit_notes cn ON cn.id = cl.credit_note_id
           JOIN invoices i ON i.id = cn.invoice_id
          WHERE cl.invoice_line_id = ANY(${p.add(lineIds)}::uuid[])
          GROUP BY cn.number, i.number, cn.issued_at
          ORDER BY cn.issued_at, cn.number`,
        p,
        'after-scoped-check',
      );
    },
  },
  {
    payment: [[SAMPLE_SCOPE.client, SAMPLE_ID.other], [SAMPLE_SCOPE.therapist, SAMPLE_ID.other]],
    payer: [[SAMPLE_SCOPE.client, SAMPLE_ID.client, { from: '2026-03-01', to: '2026-04-01' }]],
    paymentAllocations: [[SAMPLE_ID.other, 'America/Toronto']],
    periodAllocations: [[SAMPLE_ID.client, { from: '2026-03-01', to: '2026-04-01' }, 'America/Toronto']],
    credits: [[[SAMPLE_ID.other], 'America/Toronto']],
  },
);
