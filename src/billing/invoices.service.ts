import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Page } from '../common/pagination/pagination';
import { Conflict, InvalidRequest, NotFound, Unprocessable } from '../common/problem/problem';
import type { AppConfig } from '../config/environment';
import { first, rows } from '../database/statement';
import { reversalsFor } from './allocation';
import { toInvoiceResponse, toInvoiceSummaryResponse } from './billing.mapper';
import { BILLING_PROBLEMS } from './billing.problems';
import { CreateCreditNoteDto, CreateInvoicesDto, CreditNoteResponse, InvoiceResponse, InvoiceSummaryResponse, IssuedInvoicesResponse, ListInvoicesQuery, VoidInvoiceDto } from './dto/invoice.dto';
import { ChargingPolicy, invoicesByPayer, linesOfSession, PlannedLine, Refusal } from './invoice-plan';
import { INVOICE_ORDER, invoicesQueries, InvoiceRow, NewCreditNoteLine, SessionSelection } from './invoices.queries';
import { priced, totalsOf } from './money';
import { Reversal } from './payments.queries';
import { PaymentsService } from './payments.service';

const CONCERNED = 'rows.client_ids';

const REFUSALS: Record<Refusal, string> = {
  'session-not-billable': 'is not billable: it is scheduled, was cancelled in time, or the clinic does not charge its late cancellation or no-show',
  'session-already-billed': 'is already on an invoice that is not void',
  'no-service-type': 'fits no active service type of the fee schedule (its kind, party and length)',
  'no-price-in-force': 'has no price in force for its service type on its date',
};

/** Invoices: issuing with gap-free numbers, reading, voiding and crediting (docs/billing.md). */
@Injectable()
export class InvoicesService {
  private readonly zone: string;
  private readonly policy: ChargingPolicy;
  private readonly hstNumber: string | null;
  private readonly termsDays: number;

  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
    private readonly payments: PaymentsService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.zone = config.get('CLINIC_TIME_ZONE', { infer: true });
    this.policy = { lateCancellations: config.get('BILLING_CHARGE_LATE_CANCELLATIONS', { infer: true }), noShows: config.get('BILLING_CHARGE_NO_SHOWS', { infer: true }) };
    this.hstNumber = config.get('CLINIC_HST_NUMBER', { infer: true }) || null;
    this.termsDays = config.get('BILLING_PAYMENT_TERMS_DAYS', { infer: true });
  }

  /**
   * Issues one invoice per payer for the sessions (and documents) given, numbered in this
   * transaction from the locked counter, and applies each payer's credit to them.
   */
  async issue(actor: UserActor, dto: CreateInvoicesDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<IssuedInvoicesResponse>> {
    const selection = this.selection(dto);
    const write = { stored: (r: IssuedInvoicesResponse) => ({ ids: r.invoices.map((i) => i.id) }), replay: (s: { ids: string[] }) => this.readMany(actor, s.ids) };
    return this.idempotency.run(idempotent, dto, write, async (tx) => {
      const lines: PlannedLine[] = [];
      if (selection) lines.push(...(await this.sessionLines(tx, actor, selection)));
      if (dto.documents) lines.push(...(await this.documentLines(tx, actor, dto)));
      if (!lines.length) throw new Conflict(BILLING_PROBLEMS['nothing-to-bill'], 'No billable session without an invoice was found for this request.');
      if (!this.hstNumber && lines.some((l) => l.taxCents > 0 || l.taxTreatment !== 'exempt')) {
        throw new Conflict(BILLING_PROBLEMS['hst-number-missing'], 'A taxed line needs the clinic’s HST number on the invoice; set CLINIC_HST_NUMBER.');
      }
      const groups = invoicesByPayer(lines);
      const [{ last_number: last }] = await rows(tx, invoicesQueries.takeNumbers('invoice', groups.length));
      const invoices = groups.map((g, i) => ({ ...g, id: randomUUID(), number: last - groups.length + 1 + i }));
      await rows(
        tx,
        invoicesQueries.insertInvoices(
          invoices.map((inv) => {
            const totals = totalsOf(inv.lines);
            return {
              id: inv.id,
              number: inv.number,
              payer_client_id: inv.payerClientId,
              couple_id: inv.coupleId,
              period_from: dto.periodFrom ?? null,
              period_to: dto.periodTo ?? null,
              subtotal_cents: totals.subtotalCents,
              tax_cents: totals.taxCents,
              total_cents: totals.totalCents,
              hst_number: inv.lines.some((l) => l.taxTreatment !== 'exempt') ? this.hstNumber : null,
              issued_by: actor.id,
            };
          }),
          this.zone,
          this.termsDays,
        ),
      );
      await rows(
        tx,
        invoicesQueries.insertLines(
          invoices.flatMap((inv) =>
            inv.lines.map((l, i) => ({
              invoice_id: inv.id,
              position: i + 1,
              service_type_id: l.serviceTypeId,
              therapy_session_id: l.therapySessionId,
              therapist_id: l.therapistId,
              service_date: l.serviceDate,
              duration_minutes: l.durationMinutes,
              description: l.description,
              tax_treatment: l.taxTreatment,
              fee_cents: l.feeCents,
              share_basis_points: l.shareBasisPoints,
              amount_cents: l.amountCents,
              tax_cents: l.taxCents,
              total_cents: l.totalCents,
            })),
          ),
        ),
      );
      for (const payer of [...new Set(invoices.map((i) => i.payerClientId))].sort()) await this.payments.applyCredit(tx, payer);
      const written = await rows(tx, invoicesQueries.written(invoices.map((i) => i.id)));
      for (const inv of written) await this.audit.record(tx, actor, { action: 'create', resourceType: 'invoice', resourceId: inv.id, clientIds: inv.client_ids });
      return { invoices: written.map(toInvoiceResponse) };
    });
  }

  list(actor: UserActor, query: ListInvoicesQuery): Promise<Page<InvoiceSummaryResponse>> {
    const select = invoicesQueries.list(this.access.scope(actor), query);
    return this.audit.readPage(actor, select, INVOICE_ORDER, query.limit, { action: 'list', resourceType: 'invoice', clientIds: CONCERNED }, toInvoiceSummaryResponse);
  }

  async get(actor: UserActor, id: string): Promise<InvoiceResponse> {
    return toInvoiceResponse(await this.readOne(actor, id));
  }

  /** Voids an issued invoice with nothing paid or credited on it; it keeps its number. */
  async void(actor: UserActor, id: string, dto: VoidInvoiceDto): Promise<InvoiceResponse> {
    const scope = this.access.scope(actor);
    return this.db.transaction(async (tx) => {
      const found = await first(tx, invoicesQueries.lock(scope, id));
      if (!found) throw new NotFound('invoice');
      // Payments are applied under the payer's lock: holding it, a second read sees every payment committed.
      await this.payments.lockPayer(tx, found.payer_client_id);
      const invoice = (await first(tx, invoicesQueries.lock(scope, id))) ?? found;
      if (invoice.status === 'void') throw new Conflict(BILLING_PROBLEMS['invoice-void'], `Invoice ${invoice.number} is already void.`);
      if (invoice.paid_cents !== 0) throw new Conflict(BILLING_PROBLEMS['invoice-paid'], `A payment is applied to invoice ${invoice.number}; correct it with a credit note.`);
      if (invoice.credited_cents !== 0) throw new Conflict(BILLING_PROBLEMS['invoice-credited'], `Invoice ${invoice.number} has a credit note; credit what remains instead.`);
      await rows(tx, invoicesQueries.markVoid(id, dto.reason, actor.id));
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'invoice', resourceId: id, clientIds: invoice.client_ids });
      const [row] = await rows(tx, invoicesQueries.written([id]));
      return toInvoiceResponse(row);
    });
  }

  /**
   * Issues a credit note taking back parts of the invoice's lines. What was already paid on a
   * credited part returns to the payer's credit, which then goes to what they still owe.
   */
  async credit(actor: UserActor, id: string, dto: CreateCreditNoteDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<CreditNoteResponse>> {
    const ids = dto.lines.map((l) => l.invoiceLineId);
    if (new Set(ids).size !== ids.length) throw new InvalidRequest('Name each invoice line once.', [{ field: 'lines', message: 'lines must name each invoiceLineId once' }]);
    const scope = this.access.scope(actor);
    const write = { stored: (n: CreditNoteResponse) => ({ id: n.id }), replay: (s: { id: string }) => this.readCreditNote(actor, id, s.id) };
    return this.idempotency.run(idempotent, dto, write, async (tx) => {
      const invoice = await first(tx, invoicesQueries.lock(scope, id));
      if (!invoice) throw new NotFound('invoice');
      if (invoice.status === 'void') throw new Conflict(BILLING_PROBLEMS['invoice-void'], `Invoice ${invoice.number} is void; there is nothing to credit.`);
      await this.payments.lockPayer(tx, invoice.payer_client_id);
      const lines = new Map((await rows(tx, invoicesQueries.creditableLines(id))).map((l) => [l.id, l]));
      const noteId = randomUUID();
      const credited: NewCreditNoteLine[] = [];
      const reversals: Reversal[] = [];
      dto.lines.forEach((wanted, i) => {
        const line = lines.get(wanted.invoiceLineId);
        if (!line) throw new Unprocessable(BILLING_PROBLEMS['unknown-invoice-line'], `lines[${i}] names no line of invoice ${invoice.number}.`);
        const remaining = line.amount_cents - line.credited_amount_cents;
        const amount = wanted.amountCents ?? remaining;
        if (amount <= 0 || amount > remaining) {
          throw new Conflict(BILLING_PROBLEMS['credit-exceeds-line'], `lines[${i}]: ${remaining} cents of the line remain to credit; ${amount} asked.`);
        }
        const p = priced(amount, line.tax_treatment);
        credited.push({ invoice_line_id: line.id, tax_treatment: line.tax_treatment, amount_cents: p.amountCents, tax_cents: p.taxCents, total_cents: p.totalCents });
        const owing = line.total_cents - line.credited_total_cents - line.paid_cents;
        for (const r of reversalsFor(p.totalCents, owing, line.payments)) reversals.push({ ...r, invoiceLineId: line.id, invoiceId: id, creditNoteId: noteId });
      });
      const totals = totalsOf(credited.map((c) => ({ amountCents: c.amount_cents, taxCents: c.tax_cents, totalCents: c.total_cents })));
      const [{ last_number: number }] = await rows(tx, invoicesQueries.takeNumbers('credit_note', 1));
      await rows(
        tx,
        invoicesQueries.insertCreditNote(
          { id: noteId, number, invoice_id: id, reason: dto.reason, subtotal_cents: totals.subtotalCents, tax_cents: totals.taxCents, total_cents: totals.totalCents, issued_by: actor.id },
          credited,
        ),
      );
      await this.payments.giveBack(tx, invoice.payer_client_id, reversals);
      await this.audit.record(tx, actor, { action: 'create', resourceType: 'credit_note', resourceId: noteId, clientIds: invoice.client_ids });
      const [row] = await rows(tx, invoicesQueries.written([id]));
      return noteOf(row, noteId);
    });
  }

  /** Which sessions the request bills, or none when it bills documents only; refuses contradictory fields. */
  private selection(dto: CreateInvoicesDto): SessionSelection | undefined {
    const byParty = dto.coupleId !== undefined || dto.clientId !== undefined;
    const invalid = (field: string, message: string) => new InvalidRequest(`The request has 1 invalid field: ${field}.`, [{ field, message }]);
    if ((dto.periodFrom === undefined) !== (dto.periodTo === undefined)) throw invalid(dto.periodFrom ? 'periodTo' : 'periodFrom', 'periodFrom and periodTo go together');
    if (dto.periodFrom && dto.periodTo && dto.periodTo <= dto.periodFrom) throw invalid('periodTo', 'periodTo must be after periodFrom');
    if (dto.coupleId && dto.clientId) throw invalid('clientId', 'name a couple or a client, not both');
    if (byParty && dto.sessionIds) throw invalid('sessionIds', 'name sessions, or a couple or client with a period, not both');
    if (byParty && !dto.periodFrom) throw invalid('periodFrom', 'a couple or client is billed for a period: give periodFrom and periodTo');
    if (!dto.sessionIds && !byParty && !dto.documents) throw invalid('sessionIds', 'name sessions, a couple or client with a period, or documents to bill');
    if (dto.sessionIds) return { sessionIds: dto.sessionIds };
    if (byParty) return { coupleId: dto.coupleId, clientId: dto.clientId, periodFrom: dto.periodFrom as string, periodTo: dto.periodTo as string };
    return undefined;
  }

  /**
   * The lines of the sessions selected, locked first against a concurrent billing. Named sessions must
   * all be billable (409 naming the first that is not); a period takes those that are.
   */
  private async sessionLines(tx: EntityManager, actor: UserActor, selection: SessionSelection): Promise<PlannedLine[]> {
    const scope = this.access.scope(actor);
    await rows(tx, invoicesQueries.lockSessions(scope, selection, this.zone));
    const sessions = await rows(tx, invoicesQueries.billableSessions(scope, selection, this.zone));
    const named = 'sessionIds' in selection;
    if (named && sessions.length !== selection.sessionIds.length) throw new NotFound('session');
    const lines: PlannedLine[] = [];
    for (const s of sessions) {
      const planned = linesOfSession(s, this.policy);
      if (typeof planned !== 'string') lines.push(...planned);
      else if (named || planned === 'no-service-type' || planned === 'no-price-in-force') {
        throw new Conflict(BILLING_PROBLEMS[planned], `Session ${s.id} ${REFUSALS[planned]}.`, { sessionId: s.id });
      }
    }
    return lines;
  }

  private async documentLines(tx: EntityManager, actor: UserActor, dto: CreateInvoicesDto): Promise<PlannedLine[]> {
    const documents = dto.documents ?? [];
    const found = await rows(tx, invoicesQueries.documentCharges(this.access.scope(actor), documents));
    return documents.map((d, i) => {
      const row = found.find((f) => f.n === i);
      if (!row || row.kind !== 'document' || !row.active) {
        throw new Unprocessable(BILLING_PROBLEMS['unknown-service-type'], `documents[${i}] needs an active document service type, a client within your reach and a therapist.`);
      }
      if (row.unit_price_cents === null) throw new Conflict(BILLING_PROBLEMS['no-price-in-force'], `documents[${i}]: the service type has no price in force on ${d.serviceDate}.`);
      return {
        payerClientId: d.clientId,
        coupleId: null,
        serviceTypeId: d.serviceTypeId,
        therapySessionId: null,
        therapistId: d.therapistId,
        serviceDate: d.serviceDate,
        durationMinutes: null,
        description: d.description ?? row.name,
        taxTreatment: row.tax_treatment,
        feeCents: row.unit_price_cents,
        shareBasisPoints: 10_000,
        ...priced(row.unit_price_cents, row.tax_treatment),
      };
    });
  }

  private async readOne(actor: UserActor, id: string): Promise<InvoiceRow> {
    const select = invoicesQueries.invoice(this.access.scope(actor), id);
    const row = await this.audit.readOne(actor, select, { action: 'read', resourceType: 'invoice', resourceId: 'rows.id', clientIds: CONCERNED });
    if (!row) throw new NotFound('invoice');
    return row;
  }

  private async readMany(actor: UserActor, ids: string[]): Promise<IssuedInvoicesResponse> {
    const invoices: InvoiceResponse[] = [];
    for (const id of ids) invoices.push(await this.get(actor, id));
    return { invoices };
  }

  private async readCreditNote(actor: UserActor, invoiceId: string, noteId: string): Promise<CreditNoteResponse> {
    return noteOf(await this.readOne(actor, invoiceId), noteId);
  }
}

function noteOf(row: InvoiceRow, noteId: string): CreditNoteResponse {
  const note = toInvoiceResponse(row).creditNotes.find((n) => n.id === noteId);
  if (!note) throw new NotFound('credit note');
  return note;
}
