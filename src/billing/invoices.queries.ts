import { AccessScope } from '../common/access/access-scope';
import { KeyedRow, keyset } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { BillingCounterName, InvoiceStatus } from './invoice.entities';

/** A session to bill, with the service type and price that apply to it, and the payers already billed for it on invoices that are not void. */
export type BillableSessionRow = Pick<Row<'therapy_sessions'>, 'id' | 'therapist_id' | 'couple_id' | 'client_id' | 'status' | 'late_cancellation'> & {
  service_date: string;
  minutes: number;
  partner_a_id: string | null;
  partner_b_id: string | null;
  billing_payer: Row<'couples'>['billing_payer'] | null;
  billing_share_a_basis_points: number | null;
  service_type_id: string | null;
  service_name: string | null;
  tax_treatment: Row<'service_types'>['tax_treatment'] | null;
  unit_price_cents: number | null;
  billed_payer_ids: string[];
};

/** Which sessions: those named, or a couple's or client's in a period `[from, to)` of the clinic's zone. */
export type SessionSelection = { sessionIds: string[] } | { coupleId?: string; clientId?: string; periodFrom: string; periodTo: string };

/** A document charge (a report for a third party) to bill, with its type's treatment and price on its date. */
export type DocumentChargeRow = { n: number; client_id: string; therapist_id: string; service_type_id: string; name: string; kind: Row<'service_types'>['kind']; tax_treatment: Row<'service_types'>['tax_treatment']; active: boolean; unit_price_cents: number | null };

export interface NewInvoice {
  id: string;
  number: number;
  payer_client_id: string;
  couple_id: string | null;
  period_from: string | null;
  period_to: string | null;
  subtotal_cents: number;
  tax_cents: number;
  total_cents: number;
  hst_number: string | null;
  issued_by: string;
}

export interface NewInvoiceLine {
  invoice_id: string;
  position: number;
  service_type_id: string;
  therapy_session_id: string | null;
  therapist_id: string;
  service_date: string;
  duration_minutes: number | null;
  description: string;
  tax_treatment: string;
  fee_cents: number;
  share_basis_points: number;
  amount_cents: number;
  tax_cents: number;
  total_cents: number;
}

export interface NewCreditNote {
  id: string;
  number: number;
  invoice_id: string;
  reason: string;
  subtotal_cents: number;
  tax_cents: number;
  total_cents: number;
  issued_by: string;
}

export interface NewCreditNoteLine {
  invoice_line_id: string;
  tax_treatment: string;
  amount_cents: number;
  tax_cents: number;
  total_cents: number;
}

/** An invoice as answered, without its lines; the sums are what is credited, paid and still owed. */
export type InvoiceSummaryRow = Pick<
  Row<'invoices'>,
  'id' | 'number' | 'payer_client_id' | 'couple_id' | 'status' | 'issued_at' | 'subtotal_cents' | 'tax_cents' | 'total_cents' | 'hst_number' | 'voided_at' | 'void_reason'
> & {
  payer_name: string;
  due_on: string;
  period_from: string | null;
  period_to: string | null;
  credited_cents: number;
  paid_cents: number;
  client_ids: string[];
};

export interface InvoiceLineJson {
  id: string;
  position: number;
  serviceTypeId: string;
  therapySessionId: string | null;
  therapistId: string;
  therapistName: string;
  serviceDate: string;
  durationMinutes: number | null;
  description: string;
  taxTreatment: 'exempt' | 'hst_13';
  feeCents: number;
  shareBasisPoints: number;
  amountCents: number;
  taxCents: number;
  totalCents: number;
  creditedCents: number;
  paidCents: number;
}

export interface CreditNoteJson {
  id: string;
  number: number;
  issuedAt: string;
  reason: string;
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
  lines: { invoiceLineId: string; amountCents: number; taxCents: number; totalCents: number }[];
}

export type InvoiceRow = InvoiceSummaryRow & { lines: InvoiceLineJson[]; credit_notes: CreditNoteJson[] };

/** An invoice line as a credit note sees it: what it still owes, and what each payment applied to it. */
export type CreditableLineRow = Pick<Row<'invoice_lines'>, 'id' | 'tax_treatment' | 'amount_cents' | 'total_cents'> & {
  credited_amount_cents: number;
  credited_total_cents: number;
  paid_cents: number;
  payments: { paymentId: string; appliedCents: number }[];
};

export type LockedInvoiceRow = Pick<Row<'invoices'>, 'id' | 'number' | 'status' | 'payer_client_id'> & { paid_cents: number; credited_cents: number; client_ids: string[] };

const CREDITED = `(SELECT coalesce(sum(cn.total_cents), 0)::int FROM credit_notes cn WHERE cn.invoice_id = i.id)`;
const PAID = `(SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.invoice_id = i.id)`;
/** Whose care the invoice shows: the couple's partners, or the payer. */
const CONCERNED = `CASE WHEN k.id IS NULL THEN ARRAY[i.payer_client_id] ELSE ARRAY[k.partner_a_id, k.partner_b_id] END`;

const SUMMARY_COLUMNS = `i.id, i.number, i.payer_client_id, coalesce(c.preferred_name, c.legal_name) AS payer_name, i.couple_id, i.status, i.issued_at,
    to_char(i.due_on, 'YYYY-MM-DD') AS due_on, to_char(i.period_from, 'YYYY-MM-DD') AS period_from, to_char(i.period_to, 'YYYY-MM-DD') AS period_to,
    i.subtotal_cents, i.tax_cents, i.total_cents, i.hst_number, i.voided_at, i.void_reason,
    ${CREDITED} AS credited_cents, ${PAID} AS paid_cents, ${CONCERNED} AS client_ids`;

const SUMMARY_FROM = `FROM invoices i JOIN clients c ON c.id = i.payer_client_id LEFT JOIN couples k ON k.id = i.couple_id`;

const LINES = `(SELECT json_agg(json_build_object(
      'id', l.id, 'position', l.position, 'serviceTypeId', l.service_type_id, 'therapySessionId', l.therapy_session_id,
      'therapistId', l.therapist_id, 'therapistName', u.display_name, 'serviceDate', to_char(l.service_date, 'YYYY-MM-DD'),
      'durationMinutes', l.duration_minutes, 'description', l.description, 'taxTreatment', l.tax_treatment,
      'feeCents', l.fee_cents, 'shareBasisPoints', l.share_basis_points, 'amountCents', l.amount_cents, 'taxCents', l.tax_cents,
      'totalCents', l.total_cents,
      'creditedCents', (SELECT coalesce(sum(cl.total_cents), 0) FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id),
      'paidCents', (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_line_id = l.id)) ORDER BY l.position)
    FROM invoice_lines l JOIN users u ON u.id = l.therapist_id WHERE l.invoice_id = i.id) AS lines`;

const CREDIT_NOTES = `(SELECT coalesce(json_agg(json_build_object(
      'id', cn.id, 'number', cn.number, 'issuedAt', cn.issued_at, 'reason', cn.reason, 'subtotalCents', cn.subtotal_cents,
      'taxCents', cn.tax_cents, 'totalCents', cn.total_cents,
      'lines', (SELECT json_agg(json_build_object('invoiceLineId', cl.invoice_line_id, 'amountCents', cl.amount_cents, 'taxCents', cl.tax_cents,
        'totalCents', cl.total_cents) ORDER BY l.position) FROM credit_note_lines cl JOIN invoice_lines l ON l.id = cl.invoice_line_id WHERE cl.credit_note_id = cn.id)
    ) ORDER BY cn.number), '[]') FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credit_notes`;

/** The invoice list: the latest issued first. */
export const INVOICE_ORDER = keyset({ column: 'i.issued_at', type: 'timestamptz', descending: true }, { column: 'i.number', type: 'integer', descending: true });

/** The sessions a selection names, in the caller's scope; a period's days are in the clinic's `zone`. */
function sessionsSelected(p: SqlParams, scope: AccessScope, selection: SessionSelection, zone: string): string {
  const where = [scope.sessions(p, 's')];
  if ('sessionIds' in selection) where.push(`s.id = ANY(${p.add(selection.sessionIds)}::uuid[])`);
  else {
    if (selection.coupleId) where.push(`s.couple_id = ${p.add(selection.coupleId)}`);
    if (selection.clientId) where.push(`s.client_id = ${p.add(selection.clientId)}`);
    const z = p.add(zone);
    where.push(`lower(s.during) >= (${p.add(selection.periodFrom)}::date::timestamp AT TIME ZONE ${z})`);
    where.push(`lower(s.during) < (${p.add(selection.periodTo)}::date::timestamp AT TIME ZONE ${z})`);
    where.push(`s.status <> 'scheduled'`);
  }
  return where.join(' AND ');
}

/** An invoice's parts, as `jsonb_to_recordset` columns, for inserting many rows in one statement. */
const INVOICE_RECORD = `id uuid, number int, payer_client_id uuid, couple_id uuid, period_from date, period_to date,
    subtotal_cents int, tax_cents int, total_cents int, hst_number varchar, issued_by uuid`;
const LINE_RECORD = `invoice_id uuid, position smallint, service_type_id uuid, therapy_session_id uuid, therapist_id uuid, service_date date,
    duration_minutes int, description varchar, tax_treatment varchar, fee_cents int, share_basis_points int, amount_cents int, tax_cents int, total_cents int`;

export interface ListInvoicesFilter {
  limit: number;
  cursor?: string;
  clientId?: string;
  coupleId?: string;
  status?: InvoiceStatus;
}

export const invoicesQueries = queryModule(
  'invoices',
  {
    /**
     * Locks the sessions to bill until the transaction ends, so two requests cannot bill one
     * session twice: the second waits, then reads (in a statement of its own, with a fresh
     * snapshot) what the first billed.
     */
    lockSessions(scope: AccessScope, selection: SessionSelection, zone: string) {
      const p = new SqlParams();
      return statement<Pick<Row<'therapy_sessions'>, 'id'>>(
        `SELECT s.id FROM therapy_sessions s WHERE ${sessionsSelected(p, scope, selection, zone)} ORDER BY s.id FOR UPDATE OF s`,
        p,
      );
    },

    /**
     * The sessions to bill, with their service type (the session's kind: a session by party and
     * minutes, a late cancellation, a no-show), the price in force on the service date and the
     * payers already billed for them. Run after lockSessions.
     */
    billableSessions(scope: AccessScope, selection: SessionSelection, zone: string) {
      const p = new SqlParams();
      const z = p.add(zone);
      const where = sessionsSelected(p, scope, selection, zone);
      return statement<BillableSessionRow>(
        `SELECT s.id, s.therapist_id, s.couple_id, s.client_id, s.status, s.late_cancellation,
    to_char(d.service_date, 'YYYY-MM-DD') AS service_date, d.minutes,
    k.partner_a_id, k.partner_b_id, k.billing_payer, k.billing_share_a_basis_points,
    st.id AS service_type_id, st.name AS service_name, st.tax_treatment, price.unit_price_cents,
    ARRAY(SELECT i.payer_client_id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE l.therapy_session_id = s.id AND i.status = 'issued') AS billed_payer_ids
  FROM therapy_sessions s
  CROSS JOIN LATERAL (SELECT (lower(s.during) AT TIME ZONE ${z})::date AS service_date,
    (extract(epoch FROM upper(s.during) - lower(s.during)) / 60)::int AS minutes) d
  LEFT JOIN couples k ON k.id = s.couple_id
  LEFT JOIN LATERAL (SELECT st.id, st.name, st.tax_treatment FROM service_types st
    WHERE st.active AND st.kind = CASE s.status WHEN 'completed' THEN 'session' WHEN 'cancelled' THEN 'late_cancellation' WHEN 'no_show' THEN 'no_show' END
      AND (st.kind <> 'session' OR (st.party = CASE WHEN s.couple_id IS NULL THEN 'individual' ELSE 'couple' END AND st.duration_minutes = d.minutes))
    ORDER BY st.code LIMIT 1) st ON TRUE
  LEFT JOIN LATERAL (SELECT sp.unit_price_cents FROM service_prices sp
    WHERE sp.service_type_id = st.id AND sp.effective_from <= d.service_date ORDER BY sp.effective_from DESC LIMIT 1) price ON TRUE
  WHERE ${where}
  ORDER BY lower(s.during), s.id`,
        p,
      );
    },

    /** Document charges: each client in the caller's reach, the therapist a therapist, the type's price on the date. */
    documentCharges(scope: AccessScope, charges: { clientId: string; therapistId: string; serviceTypeId: string; serviceDate: string }[]) {
      const p = new SqlParams();
      return statement<DocumentChargeRow>(
        `SELECT x.n, c.id AS client_id, u.id AS therapist_id, st.id AS service_type_id, st.name, st.kind, st.tax_treatment, st.active,
    (SELECT sp.unit_price_cents FROM service_prices sp WHERE sp.service_type_id = st.id AND sp.effective_from <= x."serviceDate"
      ORDER BY sp.effective_from DESC LIMIT 1) AS unit_price_cents
  FROM jsonb_to_recordset(${p.add(JSON.stringify(charges.map((c, n) => ({ ...c, n }))))}::jsonb)
    AS x(n int, "clientId" uuid, "therapistId" uuid, "serviceTypeId" uuid, "serviceDate" date)
  JOIN clients c ON c.id = x."clientId" AND ${scope.clients(p, 'c')}
  JOIN users u ON u.id = x."therapistId" AND u.role = 'therapist'
  JOIN service_types st ON st.id = x."serviceTypeId"
  ORDER BY x.n`,
        p,
      );
    },

    /** Takes `count` numbers of a series under the counter row's lock; the last one is returned. */
    takeNumbers(counter: BillingCounterName, count: number) {
      return statement<{ last_number: number }>(`UPDATE billing_counters SET last_number = last_number + $2 WHERE name = $1 RETURNING last_number`, [counter, count]);
    },

    /** Issued now; due `termsDays` after today in the clinic's zone. */
    insertInvoices(invoices: NewInvoice[], zone: string, termsDays: number) {
      return statement(
        `INSERT INTO invoices (id, number, payer_client_id, couple_id, issued_at, due_on, period_from, period_to, subtotal_cents, tax_cents, total_cents, hst_number, issued_by)
  SELECT x.id, x.number, x.payer_client_id, x.couple_id, now(), (now() AT TIME ZONE $2)::date + $3::int, x.period_from, x.period_to, x.subtotal_cents, x.tax_cents, x.total_cents, x.hst_number, x.issued_by
    FROM jsonb_to_recordset($1::jsonb) AS x(${INVOICE_RECORD})`,
        [JSON.stringify(invoices), zone, termsDays],
        'after-scoped-check',
      );
    },

    insertLines(lines: NewInvoiceLine[]) {
      return statement(
        `INSERT INTO invoice_lines (invoice_id, position, service_type_id, therapy_session_id, therapist_id, service_date, duration_minutes, description,
    tax_treatment, fee_cents, share_basis_points, amount_cents, tax_cents, total_cents)
  SELECT x.invoice_id, x.position, x.service_type_id, x.therapy_session_id, x.therapist_id, x.service_date, x.duration_minutes, x.description,
    x.tax_treatment, x.fee_cents, x.share_basis_points, x.amount_cents, x.tax_cents, x.total_cents
    FROM jsonb_to_recordset($1::jsonb) AS x(${LINE_RECORD})`,
        [JSON.stringify(lines)],
        'after-scoped-check',
      );
    },

    list(scope: AccessScope, query: ListInvoicesFilter) {
      const p = new SqlParams();
      const where = [scope.billing(p, 'i.payer_client_id')];
      if (query.clientId) where.push(`i.payer_client_id = ${p.add(query.clientId)}`);
      if (query.coupleId) where.push(`i.couple_id = ${p.add(query.coupleId)}`);
      if (query.status) where.push(`i.status = ${p.add(query.status)}`);
      where.push(INVOICE_ORDER.after(query.cursor, p));
      return statement<InvoiceSummaryRow & KeyedRow>(
        `SELECT ${SUMMARY_COLUMNS}, ${INVOICE_ORDER.key}
  ${SUMMARY_FROM} WHERE ${where.join(' AND ')} ORDER BY ${INVOICE_ORDER.orderBy} LIMIT ${INVOICE_ORDER.limit(query.limit)}`,
        p,
      );
    },

    invoice(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<InvoiceRow>(`SELECT ${SUMMARY_COLUMNS}, ${LINES}, ${CREDIT_NOTES}
  ${SUMMARY_FROM} WHERE i.id = ${p.add(id)} AND ${scope.billing(p, 'i.payer_client_id')}`, p);
    },

    /** Invoices just written in this transaction, as answered. */
    written(ids: string[]) {
      return statement<InvoiceRow>(`SELECT ${SUMMARY_COLUMNS}, ${LINES}, ${CREDIT_NOTES}
  ${SUMMARY_FROM} WHERE i.id = ANY($1::uuid[]) ORDER BY i.number`, [ids], 'after-scoped-check');
    },

    /** The invoice in the caller's reach, locked for a change (void, credit note), with what is paid and credited on it. */
    lock(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<LockedInvoiceRow>(
        `SELECT i.id, i.number, i.status, i.payer_client_id, ${PAID} AS paid_cents, ${CREDITED} AS credited_cents, ${CONCERNED} AS client_ids
  FROM invoices i LEFT JOIN couples k ON k.id = i.couple_id
  WHERE i.id = ${p.add(id)} AND ${scope.billing(p, 'i.payer_client_id')}
  FOR NO KEY UPDATE OF i`,
        p,
      );
    },

    markVoid(id: string, reason: string, voidedBy: string) {
      return statement(
        `UPDATE invoices SET status = 'void', voided_at = now(), voided_by = $3, void_reason = $2 WHERE id = $1 AND status = 'issued'`,
        [id, reason, voidedBy],
        'after-scoped-check',
      );
    },

    /** The lines of a locked invoice, with what is credited and paid on each, and by which payments (oldest first). */
    creditableLines(invoiceId: string) {
      return statement<CreditableLineRow>(
        `SELECT l.id, l.tax_treatment, l.amount_cents, l.total_cents,
    (SELECT coalesce(sum(cl.amount_cents), 0)::int FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id) AS credited_amount_cents,
    (SELECT coalesce(sum(cl.total_cents), 0)::int FROM credit_note_lines cl WHERE cl.invoice_line_id = l.id) AS credited_total_cents,
    (SELECT coalesce(sum(a.amount_cents), 0)::int FROM payment_allocations a WHERE a.invoice_line_id = l.id) AS paid_cents,
    (SELECT coalesce(json_agg(json_build_object('paymentId', x.payment_id, 'appliedCents', x.applied) ORDER BY x.received_at, x.payment_id), '[]')
       FROM (SELECT a.payment_id, pm.received_at, sum(a.amount_cents) AS applied FROM payment_allocations a JOIN payments pm ON pm.id = a.payment_id
              WHERE a.invoice_line_id = l.id GROUP BY a.payment_id, pm.received_at HAVING sum(a.amount_cents) > 0) x) AS payments
  FROM invoice_lines l WHERE l.invoice_id = $1 ORDER BY l.position`,
        [invoiceId],
        'after-scoped-check',
      );
    },

    insertCreditNote(note: NewCreditNote, lines: NewCreditNoteLine[]) {
      return statement(
        `WITH note AS (
      INSERT INTO credit_notes (id, number, invoice_id, issued_at, reason, subtotal_cents, tax_cents, total_cents, issued_by)
      VALUES ($1, $2, $3, now(), $4, $5, $6, $7, $8) RETURNING id
    )
    INSERT INTO credit_note_lines (credit_note_id, invoice_line_id, tax_treatment, amount_cents, tax_cents, total_cents)
    SELECT note.id, x.invoice_line_id, x.tax_treatment, x.amount_cents, x.tax_cents, x.total_cents
      FROM note, jsonb_to_recordset($9::jsonb) AS x(invoice_line_id uuid, tax_treatment varchar, amount_cents int, tax_cents int, total_cents int)`,
        [note.id, note.number, note.invoice_id, note.reason, note.subtotal_cents, note.tax_cents, note.total_cents, note.issued_by, JSON.stringify(lines)],
        'after-scoped-check',
      );
    },
  },
  {
    lockSessions: [
      [SAMPLE_SCOPE.admin, { sessionIds: [SAMPLE_ID.session] }, 'America/Toronto'],
      [SAMPLE_SCOPE.admin, { coupleId: SAMPLE_ID.couple, periodFrom: '2026-11-01', periodTo: '2026-12-01' }, 'America/Toronto'],
    ],
    billableSessions: [
      [SAMPLE_SCOPE.admin, { sessionIds: [SAMPLE_ID.session] }, 'America/Toronto'],
      [SAMPLE_SCOPE.admin, { coupleId: SAMPLE_ID.couple, periodFrom: '2026-11-01', periodTo: '2026-12-01' }, 'America/Toronto'],
      [SAMPLE_SCOPE.admin, { clientId: SAMPLE_ID.client, periodFrom: '2026-11-01', periodTo: '2026-12-01' }, 'America/Toronto'],
    ],
    documentCharges: [[SAMPLE_SCOPE.admin, [{ clientId: SAMPLE_ID.client, therapistId: SAMPLE_ID.therapist, serviceTypeId: SAMPLE_ID.other, serviceDate: '2026-11-20' }]]],
    takeNumbers: [['invoice', 2]],
    insertInvoices: [[[{ id: SAMPLE_ID.other, number: 41, payer_client_id: SAMPLE_ID.client, couple_id: SAMPLE_ID.couple, period_from: '2026-11-01', period_to: '2026-12-01', subtotal_cents: 17500, tax_cents: 0, total_cents: 17500, hst_number: null, issued_by: SAMPLE_ID.admin }], 'America/Toronto', 30]],
    insertLines: [[[{ invoice_id: SAMPLE_ID.other, position: 1, service_type_id: SAMPLE_ID.other, therapy_session_id: SAMPLE_ID.session, therapist_id: SAMPLE_ID.therapist, service_date: '2026-11-03', duration_minutes: 50, description: 'Couple psychotherapy session, 50 minutes', tax_treatment: 'exempt', fee_cents: 17500, share_basis_points: 10000, amount_cents: 17500, tax_cents: 0, total_cents: 17500 }]]],
    list: [
      [SAMPLE_SCOPE.therapist, { limit: 20 }],
      [SAMPLE_SCOPE.client, { limit: 20, clientId: SAMPLE_ID.client }],
      [SAMPLE_SCOPE.admin, { limit: 20, coupleId: SAMPLE_ID.couple, status: 'issued', cursor: sampleCursor('2026-11-30 15:00:00+00', '41') }],
    ],
    invoice: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.other], [SAMPLE_SCOPE.client, SAMPLE_ID.other]],
    written: [[[SAMPLE_ID.other]]],
    lock: [[SAMPLE_SCOPE.admin, SAMPLE_ID.other]],
    markVoid: [[SAMPLE_ID.other, 'Billed to the wrong partner', SAMPLE_ID.admin]],
    creditableLines: [[SAMPLE_ID.other]],
    insertCreditNote: [[
      { id: SAMPLE_ID.other, number: 3, invoice_id: SAMPLE_ID.other, reason: 'Session billed at 80 minutes, held for 50', subtotal_cents: 7500, tax_cents: 0, total_cents: 7500, issued_by: SAMPLE_ID.admin },
      [{ invoice_line_id: SAMPLE_ID.other, tax_treatment: 'exempt', amount_cents: 7500, tax_cents: 0, total_cents: 7500 }],
    ]],
  },
);
