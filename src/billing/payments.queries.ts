import { AccessScope } from '../common/access/access-scope';
import { KeyedRow, keyset } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { Allocation, Credit, OpenLine } from './allocation';
import { PaymentMethod } from './payment.entities';

export interface NewPayment {
  payerClientId: string;
  method: PaymentMethod;
  amountCents: number;
  receivedAt: string;
  reference: string | null;
  recordedBy: string;
}

export interface PaymentAllocationJson {
  invoiceId: string;
  invoiceNumber: number;
  invoiceLineId: string;
  amountCents: number;
  allocatedAt: string;
  creditNoteId: string | null;
}

export type PaymentRow = Pick<Row<'payments'>, 'id' | 'payer_client_id' | 'method' | 'amount_cents' | 'received_at' | 'reference' | 'recorded_at'> & {
  allocated_cents: number;
  allocations: PaymentAllocationJson[];
};

export type BalanceRow = { client_id: string; owing_cents: number; credit_cents: number; open_invoices: number };

/** A reversal of part of an allocation, given back to the payer's credit by a credit note. */
export interface Reversal {
  paymentId: string;
  invoiceLineId: string;
  invoiceId: string;
  amountCents: number;
  creditNoteId: string;
}

const PAYMENT_COLUMNS = `pm.id, pm.payer_client_id, pm.method, pm.amount_cents, pm.received_at, pm.reference, pm.recorded_at,
    (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.payment_id = pm.id) AS allocated_cents,
    (SELECT coalesce(json_agg(json_build_object('invoiceId', a.invoice_id, 'invoiceNumber', i.number, 'invoiceLineId', a.invoice_line_id,
       'amountCents', a.amount_cents, 'allocatedAt', a.allocated_at, 'creditNoteId', a.credit_note_id) ORDER BY a.allocated_at, i.number, l.position, a.id), '[]')
       FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id JOIN invoice_lines l ON l.id = a.invoice_line_id
      WHERE a.payment_id = pm.id) AS allocations`;

/** The payment list: the latest received first. */
export const PAYMENT_ORDER = keyset({ column: 'pm.received_at', type: 'timestamptz', descending: true }, { column: 'pm.id', type: 'uuid', descending: true });

/** What a line still owes: its total less credit notes and (net) payments. */
const OWING = `l.total_cents - (SELECT coalesce(sum(cl.total_cents), 0) FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id)
    - (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_line_id = l.id)`;

export const paymentsQueries = queryModule(
  'payments',
  {
    /** Serialises the billing of one payer (credits and open lines) until the transaction ends. */
    lockPayer(payerClientId: string) {
      return statement<{ locked: string }>(`SELECT pg_advisory_xact_lock(hashtextextended('billing-payer:' || $1::text, 0))::text AS locked`, [payerClientId]);
    },

    /** The payer, when the caller may bill them. */
    payer(scope: AccessScope, clientId: string) {
      const p = new SqlParams();
      return statement<Pick<Row<'clients'>, 'id'>>(`SELECT c.id FROM clients c WHERE c.id = ${p.add(clientId)} AND ${scope.clients(p, 'c')}`, p);
    },

    insert(payment: NewPayment) {
      return statement<Pick<Row<'payments'>, 'id'>>(
        `INSERT INTO payments (payer_client_id, method, amount_cents, received_at, reference, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [payment.payerClientId, payment.method, payment.amountCents, payment.receivedAt, payment.reference, payment.recordedBy],
        'after-scoped-check',
      );
    },

    /** The payer's money not yet applied, oldest payment first. */
    credits(payerClientId: string) {
      return statement<Credit>(
        `SELECT pm.id AS "paymentId", (pm.amount_cents - coalesce(sum(a.amount_cents), 0))::int AS "availableCents"
  FROM payments pm LEFT JOIN payment_allocations a ON a.payment_id = pm.id
  WHERE pm.payer_client_id = $1
  GROUP BY pm.id HAVING pm.amount_cents - coalesce(sum(a.amount_cents), 0) > 0
  ORDER BY pm.received_at, pm.id`,
        [payerClientId],
        'after-scoped-check',
      );
    },

    /** The payer's lines that still owe, on issued invoices, oldest invoice first. */
    openLines(payerClientId: string) {
      return statement<OpenLine>(
        `SELECT l.id AS "invoiceLineId", l.invoice_id AS "invoiceId", (${OWING})::int AS "owingCents"
  FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
  WHERE i.payer_client_id = $1 AND i.status = 'issued' AND ${OWING} > 0
  ORDER BY i.issued_at, i.number, l.position`,
        [payerClientId],
        'after-scoped-check',
      );
    },

    insertAllocations(allocations: (Allocation | Reversal)[]) {
      return statement(
        `INSERT INTO payment_allocations (payment_id, invoice_line_id, invoice_id, amount_cents, credit_note_id)
  SELECT x."paymentId", x."invoiceLineId", x."invoiceId", x."amountCents", x."creditNoteId"
    FROM jsonb_to_recordset($1::jsonb) AS x("paymentId" uuid, "invoiceLineId" uuid, "invoiceId" uuid, "amountCents" int, "creditNoteId" uuid)`,
        [JSON.stringify(allocations)],
        'after-scoped-check',
      );
    },

    list(scope: AccessScope, query: { limit: number; cursor?: string; clientId?: string }) {
      const p = new SqlParams();
      const where = [scope.billing(p, 'pm.payer_client_id')];
      if (query.clientId) where.push(`pm.payer_client_id = ${p.add(query.clientId)}`);
      where.push(PAYMENT_ORDER.after(query.cursor, p));
      return statement<PaymentRow & KeyedRow>(
        `SELECT ${PAYMENT_COLUMNS}, ${PAYMENT_ORDER.key}
  FROM payments pm WHERE ${where.join(' AND ')} ORDER BY ${PAYMENT_ORDER.orderBy} LIMIT ${PAYMENT_ORDER.limit(query.limit)}`,
        p,
      );
    },

    payment(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments pm WHERE pm.id = ${p.add(id)} AND ${scope.billing(p, 'pm.payer_client_id')}`, p);
    },

    written(id: string) {
      return statement<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments pm WHERE pm.id = $1`, [id], 'after-scoped-check');
    },

    /** What a client owes on their issued invoices, and the credit they hold. */
    balance(scope: AccessScope, clientId: string) {
      const p = new SqlParams();
      return statement<BalanceRow>(
        `SELECT c.id AS client_id,
    (SELECT coalesce(sum(${OWING}), 0)::int FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
      WHERE i.payer_client_id = c.id AND i.status = 'issued') AS owing_cents,
    (SELECT (coalesce(sum(pm.amount_cents), 0) - coalesce(sum((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.payment_id = pm.id)), 0))::int
      FROM payments pm WHERE pm.payer_client_id = c.id) AS credit_cents,
    (SELECT count(*)::int FROM invoices i WHERE i.payer_client_id = c.id AND i.status = 'issued'
      AND EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id AND ${OWING} > 0)) AS open_invoices
  FROM clients c WHERE c.id = ${p.add(clientId)} AND ${scope.billing(p, 'c.id')}`,
        p,
      );
    },
  },
  {
    lockPayer: [[SAMPLE_ID.client]],
    payer: [[SAMPLE_SCOPE.admin, SAMPLE_ID.client]],
    insert: [[{ payerClientId: SAMPLE_ID.client, method: 'e_transfer', amountCents: 17500, receivedAt: '2026-11-05T10:00:00-05:00', reference: 'CA1xYz', recordedBy: SAMPLE_ID.admin }]],
    credits: [[SAMPLE_ID.client]],
    openLines: [[SAMPLE_ID.client]],
    insertAllocations: [[[{ paymentId: SAMPLE_ID.other, invoiceLineId: SAMPLE_ID.other, invoiceId: SAMPLE_ID.other, amountCents: 8750 }]]],
    list: [[SAMPLE_SCOPE.therapist, { limit: 20 }], [SAMPLE_SCOPE.client, { limit: 20, clientId: SAMPLE_ID.client, cursor: sampleCursor('2026-11-05 15:00:00+00', SAMPLE_ID.other) }]],
    payment: [[SAMPLE_SCOPE.client, SAMPLE_ID.other]],
    written: [[SAMPLE_ID.other]],
    balance: [[SAMPLE_SCOPE.client, SAMPLE_ID.client], [SAMPLE_SCOPE.therapist, SAMPLE_ID.client]],
  },
);
