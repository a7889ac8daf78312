import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Page } from '../common/pagination/pagination';
import { NotFound, Unprocessable } from '../common/problem/problem';
import { first, rows } from '../database/statement';
import { allocate } from './allocation';
import { toBalanceResponse, toPaymentResponse } from './billing.mapper';
import { BILLING_PROBLEMS } from './billing.problems';
import { BalanceResponse, ListPaymentsQuery, PaymentResponse, RecordPaymentDto } from './dto/payment.dto';
import { PAYMENT_ORDER, paymentsQueries, PaymentRow, Reversal } from './payments.queries';

const PAYER = 'ARRAY[rows.payer_client_id]';

/** Payments, their allocation to invoice lines, the payer's credit and balance (docs/billing.md). */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
  ) {}

  async record(actor: UserActor, dto: RecordPaymentDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<PaymentResponse>> {
    const scope = this.access.scope(actor);
    return this.idempotency.run(idempotent, dto, { stored: (r) => ({ id: r.id }), replay: (s) => this.get(actor, s.id) }, async (tx) => {
      const payer = await first(tx, paymentsQueries.payer(scope, dto.payerClientId));
      if (!payer) throw new Unprocessable(BILLING_PROBLEMS['unknown-payer'], 'The payer is not a client within your reach.');
      await this.lockPayer(tx, payer.id);
      const payment = await first(
        tx,
        paymentsQueries.insert({ payerClientId: payer.id, method: dto.method, amountCents: dto.amountCents, receivedAt: dto.receivedAt, reference: dto.reference ?? null, recordedBy: actor.id }),
      );
      const id = (payment as { id: string }).id;
      await this.applyCredit(tx, payer.id);
      await this.audit.record(tx, actor, { action: 'create', resourceType: 'payment', resourceId: id, clientIds: [payer.id] });
      return toPaymentResponse((await first(tx, paymentsQueries.written(id))) as PaymentRow);
    });
  }

  list(actor: UserActor, query: ListPaymentsQuery): Promise<Page<PaymentResponse>> {
    const select = paymentsQueries.list(this.access.scope(actor), query);
    return this.audit.readPage(actor, select, PAYMENT_ORDER, query.limit, { action: 'list', resourceType: 'payment', clientIds: PAYER }, toPaymentResponse);
  }

  async get(actor: UserActor, id: string): Promise<PaymentResponse> {
    const select = paymentsQueries.payment(this.access.scope(actor), id);
    const row = await this.audit.readOne(actor, select, { action: 'read', resourceType: 'payment', resourceId: 'rows.id', clientIds: PAYER });
    if (!row) throw new NotFound('payment');
    return toPaymentResponse(row);
  }

  async balance(actor: UserActor, clientId: string): Promise<BalanceResponse> {
    const select = paymentsQueries.balance(this.access.scope(actor), clientId);
    const row = await this.audit.readOne(actor, select, { action: 'read', resourceType: 'balance', resourceId: 'rows.client_id', clientIds: 'ARRAY[rows.client_id]' });
    if (!row) throw new NotFound('client');
    return toBalanceResponse(row);
  }

  /** Serialises the billing of one payer until the transaction ends: credits and open lines are read and written under it. */
  async lockPayer(tx: EntityManager, payerClientId: string): Promise<void> {
    await rows(tx, paymentsQueries.lockPayer(payerClientId));
  }

  /** Applies the payer's unallocated money to their open lines, oldest to oldest; after a payment, an invoice, or a credit note. */
  async applyCredit(tx: EntityManager, payerClientId: string): Promise<void> {
    await this.lockPayer(tx, payerClientId);
    const credits = await rows(tx, paymentsQueries.credits(payerClientId));
    if (!credits.length) return;
    const allocations = allocate(credits, await rows(tx, paymentsQueries.openLines(payerClientId)));
    if (allocations.length) await rows(tx, paymentsQueries.insertAllocations(allocations));
  }

  /** Gives paid parts of credited lines back to the payer's credit, then applies that credit to what they still owe. */
  async giveBack(tx: EntityManager, payerClientId: string, reversals: Reversal[]): Promise<void> {
    await this.lockPayer(tx, payerClientId);
    if (reversals.length) await rows(tx, paymentsQueries.insertAllocations(reversals));
    await this.applyCredit(tx, payerClientId);
  }
}
