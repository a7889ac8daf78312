import { AccessScope } from '../common/access/access-scope';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { inPeriod, label, periodsCte, rangeParams, ReportParams, ReportRange, SAMPLE_RANGE, therapistNames } from './reports.queries';

/**
 * Revenue per local period and therapist (the line's therapist), from three ledgers, each read by
 * its time index period by period (see periodsCte): invoices issued in the period (billed and its
 * tax; a voided invoice counts nowhere), credit notes issued in it (credited and its tax), and
 * payments received in it as applied to lines (collected, tax included; a credit note that gives a
 * paid part back counts then, negative). Money held as credit is collected when it is applied.
 */
const revenueSql = (q: ReportParams) => `
  WITH ${periodsCte(q)}, ledger AS (
    SELECT pr.p, l.therapist_id, l.amount_cents AS billed, l.tax_cents AS tax_billed, 0 AS credited, 0 AS tax_credited, 0 AS collected
      FROM periods pr
      JOIN invoices i ON ${inPeriod('i.issued_at', q)} AND i.status = 'issued'
      JOIN invoice_lines l ON l.invoice_id = i.id${q.therapist ? ` AND l.therapist_id = ${q.therapist}` : ''}
    UNION ALL
    SELECT pr.p, l.therapist_id, 0, 0, cl.amount_cents, cl.tax_cents, 0
      FROM periods pr
      JOIN credit_notes cn ON ${inPeriod('cn.issued_at', q)}
      JOIN credit_note_lines cl ON cl.credit_note_id = cn.id
      JOIN invoice_lines l ON l.id = cl.invoice_line_id${q.therapist ? ` AND l.therapist_id = ${q.therapist}` : ''}
    UNION ALL
    SELECT pr.p, l.therapist_id, 0, 0, 0, 0, a.amount_cents
      FROM periods pr
      JOIN payments pm ON ${inPeriod('pm.received_at', q)}
      JOIN payment_allocations a ON a.payment_id = pm.id AND a.credit_note_id IS NULL
      JOIN invoice_lines l ON l.id = a.invoice_line_id${q.therapist ? ` AND l.therapist_id = ${q.therapist}` : ''}
    UNION ALL
    SELECT pr.p, l.therapist_id, 0, 0, 0, 0, a.amount_cents
      FROM periods pr
      JOIN credit_notes cn ON ${inPeriod('cn.issued_at', q)}
      JOIN credit_note_lines cl ON cl.credit_note_id = cn.id
      -- A give-back is on a line its credit note credits: found by the line's index.
      JOIN payment_allocations a ON a.invoice_line_id = cl.invoice_line_id AND a.credit_note_id = cn.id
      JOIN invoice_lines l ON l.id = cl.invoice_line_id${q.therapist ? ` AND l.therapist_id = ${q.therapist}` : ''}
  ), figures AS (
    SELECT p, therapist_id, sum(billed)::bigint AS billed_cents, sum(tax_billed)::bigint AS tax_billed_cents,
           sum(credited)::bigint AS credited_cents, sum(tax_credited)::bigint AS tax_credited_cents, sum(collected)::bigint AS collected_cents
      FROM ledger
     GROUP BY 1, 2
  ), ${therapistNames('figures')}
  SELECT ${label('f.p')} AS period, f.therapist_id, u.display_name AS therapist_name,
         f.billed_cents, f.tax_billed_cents, f.credited_cents, f.tax_credited_cents, f.collected_cents
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY f.p, u.display_name, f.therapist_id`;

/** Sums of cents are bigint, which the driver reads as strings; the mapper makes them numbers. */
export type RevenueReportSqlRow = Pick<Row<'invoice_lines'>, 'therapist_id'> & {
  period: string;
  therapist_name: Row<'users'>['display_name'];
  billed_cents: string;
  tax_billed_cents: string;
  credited_cents: string;
  tax_credited_cents: string;
  collected_cents: string;
};

/** Accounts receivable as they stood at `cutoff` (an instant): the local day before it is the report's date. */
export interface AgingAsOf {
  /** The report's date, `YYYY-MM-DD`: ages are counted in days from each invoice's due date to it. */
  asOf: string;
  /** The end of that day in the clinic's zone: what the ledgers held before it counts. */
  cutoff: string;
}

/**
 * What each invoice line still owed at the cutoff: its total, less what credit notes took back and
 * what payments paid (net of give-backs) before it, on invoices issued before it and not voided by
 * then; aged by its invoice's due date, summed per therapist into 0–30, 31–60, 61–90 and over 90 days.
 */
const agingSql = (cutoff: string, asOf: string, therapist: string | null) => `
  WITH open_lines AS (
    SELECT l.therapist_id, ${asOf} - i.due_on AS days,
           l.total_cents
             - coalesce((SELECT sum(cl.total_cents) FROM credit_note_lines cl JOIN credit_notes cn ON cn.id = cl.credit_note_id
                          WHERE cl.invoice_line_id = l.id AND cn.issued_at < ${cutoff}), 0)
             - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
                          WHERE a.invoice_line_id = l.id AND a.allocated_at < ${cutoff}), 0) AS owed
      FROM invoices i
      JOIN invoice_lines l ON l.invoice_id = i.id${therapist ? ` AND l.therapist_id = ${therapist}` : ''}
     WHERE i.issued_at < ${cutoff} AND (i.status = 'issued' OR i.voided_at >= ${cutoff})
  ), figures AS (
    SELECT therapist_id,
           coalesce(sum(owed) FILTER (WHERE days <= 30), 0)::bigint AS current_cents,
           coalesce(sum(owed) FILTER (WHERE days BETWEEN 31 AND 60), 0)::bigint AS days_31_to_60_cents,
           coalesce(sum(owed) FILTER (WHERE days BETWEEN 61 AND 90), 0)::bigint AS days_61_to_90_cents,
           coalesce(sum(owed) FILTER (WHERE days > 90), 0)::bigint AS over_90_cents,
           sum(owed)::bigint AS total_cents
      FROM open_lines
     WHERE owed <> 0
     GROUP BY therapist_id
  ), ${therapistNames('figures')}
  SELECT f.therapist_id, u.display_name AS therapist_name,
         f.current_cents, f.days_31_to_60_cents, f.days_61_to_90_cents, f.over_90_cents, f.total_cents
    FROM figures f JOIN names u ON u.id = f.therapist_id
   ORDER BY u.display_name, f.therapist_id`;

export type AgingReportSqlRow = Pick<Row<'invoice_lines'>, 'therapist_id'> & {
  therapist_name: Row<'users'>['display_name'];
  current_cents: string;
  days_31_to_60_cents: string;
  days_61_to_90_cents: string;
  over_90_cents: string;
  total_cents: string;
};

const SAMPLE_AS_OF: AgingAsOf = { asOf: '2026-03-31', cutoff: '2026-04-01T04:00:00.000Z' };

/**
 * The clinic's financial reports (revenue, receivables aging): sums of money per period and
 * therapist, no client named. Admins and reporting keys only (the service refuses anyone else);
 * narrowed like the staff reports (AccessScope.staffReport) to the therapist asked for.
 */
export const billingReportQueries = queryModule(
  'billing-reports',
  {
    /** Revenue per period and therapist; `requested` is the therapist the query names, if any. */
    revenue(scope: AccessScope, range: ReportRange, requested: string | undefined) {
      const p = new SqlParams();
      const q = rangeParams(p, range);
      return statement<RevenueReportSqlRow>(revenueSql({ ...q, therapist: scope.staffReport(p, requested) }), p);
    },

    /** Receivables per therapist at `at`, aged; `requested` is the therapist the query names, if any. */
    aging(scope: AccessScope, at: AgingAsOf, requested: string | undefined) {
      const p = new SqlParams();
      const cutoff = `${p.add(at.cutoff)}::timestamptz`;
      const asOf = `${p.add(at.asOf)}::date`;
      return statement<AgingReportSqlRow>(agingSql(cutoff, asOf, scope.staffReport(p, requested)), p);
    },

    /** Money received before `cutoff` and not applied to an invoice line by then: the clients' credit, clinic-wide. */
    unappliedCredit(scope: AccessScope, cutoff: string, requested: string | undefined) {
      const p = new SqlParams();
      const at = `${p.add(cutoff)}::timestamptz`;
      // Credit belongs to no therapist: a report narrowed to one therapist has none.
      const narrowed = scope.staffReport(p, requested);
      return statement<{ unapplied_cents: string }>(
        `SELECT coalesce(sum(pm.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a
                                                          WHERE a.payment_id = pm.id AND a.allocated_at < ${at}), 0)), 0)::bigint AS unapplied_cents
    FROM payments pm
   WHERE pm.received_at < ${at} AND ${narrowed === null ? 'TRUE' : `${narrowed} IS NULL`}`,
        p,
      );
    },
  },
  {
    revenue: [
      [SAMPLE_SCOPE.admin, SAMPLE_RANGE, undefined],
      [SAMPLE_SCOPE.admin, { ...SAMPLE_RANGE, unit: 'week' }, SAMPLE_ID.therapist],
    ],
    aging: [
      [SAMPLE_SCOPE.admin, SAMPLE_AS_OF, undefined],
      [SAMPLE_SCOPE.admin, SAMPLE_AS_OF, SAMPLE_ID.therapist],
    ],
    unappliedCredit: [[SAMPLE_SCOPE.admin, SAMPLE_AS_OF.cutoff, undefined]],
  },
);
