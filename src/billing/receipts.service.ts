import { Injectable, StreamableFile } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Conflict, InvalidRequest, NotFound } from '../common/problem/problem';
import { AppConfig } from '../config/environment';
import { rows } from '../database/statement';
import { PeriodReceiptQuery, ReceiptFormat } from './dto/receipt.query';
import { ReceiptResponse } from './dto/receipt.response';
import { renderReceiptPdf } from './receipt-pdf';
import { ReceiptParts, toReceiptResponse, unregisteredTherapists } from './receipts.mapper';
import { RECEIPT_PROBLEMS } from './receipts.problems';
import { receiptQueries } from './receipts.queries';

/** What the audit trail records of a receipt read: the payer and the partners it names. */
const RECEIPT_READ = { action: 'read', resourceType: 'receipt', clientIds: 'rows.client_ids' } as const;

/**
 * Receipts for insurance claims, per payment or per period of service dates, as JSON or PDF
 * (docs/billing.md, "Receipts"). Nothing is stored: a receipt is read from the ledgers each time,
 * and the same ledgers give the same receipt, to the byte.
 */
@Injectable()
export class ReceiptsService {
  private readonly zone: string;
  private readonly clinic: ReceiptParts['clinic'];

  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    config: ConfigService<AppConfig, true>,
  ) {
    this.zone = config.get('CLINIC_TIME_ZONE', { infer: true });
    const address = config.get('CLINIC_ADDRESS', { infer: true });
    this.clinic = {
      name: config.get('CLINIC_NAME', { infer: true }),
      address: address.split(';').map((line) => line.trim()).filter(Boolean),
    };
  }

  /** The receipt of one payment. */
  async ofPayment(actor: UserActor, paymentId: string, format: ReceiptFormat | undefined, accept?: string): Promise<ReceiptResponse | StreamableFile> {
    const scope = this.access.scope(actor);
    const parts = await this.read(async (m) => {
      const payment = await this.audit.readOne(actor, receiptQueries.payment(scope, paymentId), { ...RECEIPT_READ, resourceId: 'rows.id' }, m);
      if (!payment) return undefined;
      const allocations = await rows(m, receiptQueries.paymentAllocations(paymentId, this.zone));
      return { payer: payment, allocations, reference: payment.id, period: null, issuedWithoutPayment: payment.received_at };
    });
    if (!parts) throw new NotFound('payment');
    return this.answer({ kind: 'payment', ...parts }, format, accept);
  }

  /** The receipt of what a client paid for the services of a period. */
  async ofPeriod(actor: UserActor, clientId: string, query: PeriodReceiptQuery, accept?: string): Promise<ReceiptResponse | StreamableFile> {
    const from = DateTime.fromISO(query.from, { zone: this.zone });
    const to = DateTime.fromISO(query.to, { zone: this.zone });
    if (to <= from) throw new InvalidRequest('The period is empty.', [{ field: 'to', message: 'to must be after from' }]);
    if (to > from.plus({ years: 1 })) throw new InvalidRequest('A receipt covers at most a year.', [{ field: 'to', message: 'to must be at most a year after from' }]);
    const scope = this.access.scope(actor);
    const period = { from: query.from, to: query.to };
    const parts = await this.read(async (m) => {
      const payer = await this.audit.readOne(actor, receiptQueries.payer(scope, clientId, period), { ...RECEIPT_READ, resourceId: 'rows.payer_client_id' }, m);
      if (!payer) return undefined;
      const allocations = await rows(m, receiptQueries.periodAllocations(clientId, period, this.zone));
      return { payer, allocations, reference: `${query.from} to ${query.to}`, period, issuedWithoutPayment: from.toJSDate() };
    });
    if (!parts) throw new NotFound('client');
    return this.answer({ kind: 'period', ...parts }, query.format, accept);
  }

  /** The payer and the allocations, then the credit notes on their lines, in one snapshot. */
  private read(find: (m: EntityManager) => Promise<Omit<ReceiptParts, 'kind' | 'clinic' | 'credits'> | undefined>) {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const found = await find(m);
      if (!found) return undefined;
      const lineIds = [...new Set(found.allocations.map((a) => a.line_id))];
      const credits = lineIds.length ? await rows(m, receiptQueries.credits(lineIds, this.zone)) : [];
      return { ...found, credits, clinic: this.clinic };
    });
  }

  /** The receipt as JSON or PDF; refused when a therapist on it has no registration number. */
  private async answer(parts: ReceiptParts, format: ReceiptFormat | undefined, accept: string | undefined): Promise<ReceiptResponse | StreamableFile> {
    const unregistered = unregisteredTherapists(parts.allocations);
    if (unregistered.length) {
      throw new Conflict(
        RECEIPT_PROBLEMS['therapist-registration-missing'],
        `An insurance receipt names each therapist's CRPO registration number, and ${unregistered.map((t) => t.name).join(', ')} has none on their profile; an admin adds it to the therapist's profile.`,
        { therapistIds: unregistered.map((t) => t.id) },
      );
    }
    const receipt = toReceiptResponse(parts);
    const pdf = format ? format === 'pdf' : /\bapplication\/pdf\b/i.test(accept ?? '');
    if (!pdf) return receipt;
    const file = await renderReceiptPdf(receipt, this.zone);
    const name = receipt.kind === 'payment' ? `receipt-${receipt.reference}` : `receipt-${receipt.periodFrom}-${receipt.periodTo}`;
    return new StreamableFile(file, { type: 'application/pdf', disposition: `attachment; filename="${name}.pdf"`, length: file.length });
  }
}

